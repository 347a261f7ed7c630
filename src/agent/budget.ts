/**
 * Keeping the conversation inside the model's window. Old tool outputs are the bulk of a long run
 * and the cheapest to get again, so they are shortened first, oldest first. Text the user or the
 * loop wrote (the request, the plan, task states) and the model's own turns are never touched:
 * agents that summarise those away lose track and start over.
 */
import type { Content, Part } from '../model/types';

/** Rough: JSON characters / 4. The caller scales it by what the API last counted. */
export function estimateTokens(contents: readonly Content[]): number {
  return Math.ceil(JSON.stringify(contents).length / 4);
}

const KEEP_CHARS = 600;
const SHORTENED_NOTE = 'Output shortened to save context. Call the tool again if you need it.';

/**
 * Shortens tool outputs, oldest first, until the estimate is at most `targetTokens`. The last
 * `keepRecent` contents (the round in progress) are left whole. Returns the new estimate.
 */
export function shortenToolOutputs(contents: Content[], targetTokens: number, scale = 1, keepRecent = 2): number {
  let chars = JSON.stringify(contents).length;
  const tokens = () => Math.ceil((chars / 4) * scale);
  for (let i = 0; i < contents.length - keepRecent && tokens() > targetTokens; i++) {
    const content = contents[i];
    if (content.role !== 'user') continue;
    content.parts = content.parts.map((part) => {
      if (tokens() <= targetTokens || !part.functionResponse) return part;
      const shorter = shorten(part);
      chars -= JSON.stringify(part).length - JSON.stringify(shorter).length;
      return shorter;
    });
  }
  return tokens();
}

function shorten(part: Part): Part {
  const fr = part.functionResponse;
  if (!fr || fr.response.shortened) return part;
  const text = JSON.stringify(fr.response);
  if (text.length <= KEEP_CHARS + 200) return part;
  const head = typeof fr.response.error === 'string' ? { error: fr.response.error } : {};
  return { ...part, functionResponse: { ...fr, response: { ...head, shortened: SHORTENED_NOTE, start: text.slice(0, KEEP_CHARS) } } };
}
