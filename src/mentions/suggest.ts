/**
 * What the completion list offers for the text typed after `@`: the keyword mentions that match,
 * then files and folders ranked by a fuzzy match (every typed character in order; a match in the
 * file name, at a word start or in one run ranks higher; shorter paths win ties).
 */
import { KEYWORD_MENTIONS, type MentionSuggestion } from '../shared/attachments';
import type { WorkspaceEntry } from './files';

export const MAX_SUGGESTIONS = 30;

export function suggestMentions(query: string, entries: readonly WorkspaceEntry[], max = MAX_SUGGESTIONS): MentionSuggestion[] {
  const q = query.toLowerCase();
  const keywords = KEYWORD_MENTIONS.filter((k) => k.kind.startsWith(q)).map((k) => ({ kind: k.kind, label: `@${k.kind}`, detail: k.detail, insert: `@${k.kind}` }));
  const scored: Array<[number, WorkspaceEntry]> = [];
  for (const e of entries) {
    const score = fuzzyScore(q, e.path.toLowerCase());
    if (score !== undefined) scored.push([score, e]);
  }
  scored.sort((a, b) => b[0] - a[0] || a[1].path.length - b[1].path.length || (a[1].path < b[1].path ? -1 : 1));
  const paths = scored.slice(0, max - keywords.length).map(([, e]): MentionSuggestion => {
    const slash = e.path.lastIndexOf('/');
    return {
      kind: e.folder ? 'folder' : 'file',
      label: e.path.slice(slash + 1) + (e.folder ? '/' : ''),
      detail: slash > 0 ? e.path.slice(0, slash) : undefined,
      insert: `@${e.path}${e.folder ? '/' : ''}`,
    };
  });
  return [...keywords, ...paths];
}

/** Higher is better; undefined when `query` is not a subsequence of `path`. */
export function fuzzyScore(query: string, path: string): number | undefined {
  if (query === '') return 0;
  const nameStart = path.lastIndexOf('/') + 1;
  let score = 0;
  let at = 0;
  let previous = -2;
  for (const ch of query) {
    const found = path.indexOf(ch, at);
    if (found < 0) return undefined;
    if (found === previous + 1) score += 3;
    if (found >= nameStart) score += 2;
    if (found === 0 || '/._-'.includes(path[found - 1])) score += 2;
    previous = found;
    at = found + 1;
  }
  // The whole query inside the file name, as typed, beats any scattered match.
  if (path.slice(nameStart).includes(query)) score += 10;
  return score;
}
