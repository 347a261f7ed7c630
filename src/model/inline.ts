/**
 * Images in the conversation are kept as references (`ref:<sha256>`) to bytes in the extension's
 * storage, so the history stays small in memory and in saved chats; the model client puts the
 * bytes in just before a request leaves. Pure: the loader is passed in.
 */
import type { Content, Part } from './types';

const PREFIX = 'ref:';
/** Inline data per request, base64 characters; the API takes 20 MB per request, text and tools included. */
export const MAX_INLINE_CHARS = 16 * 1024 * 1024;

export function imagePart(mimeType: string, ref: string): Part {
  return { inlineData: { mimeType, data: `${PREFIX}${ref}` } };
}

/**
 * `contents` with every reference replaced by its bytes (base64). Newest images first within the
 * budget: an older one that no longer fits, or whose bytes are gone, becomes a line of text saying so.
 */
export async function expandInlineRefs(contents: readonly Content[], load: (ref: string) => Promise<string | undefined>, maxChars = MAX_INLINE_CHARS): Promise<Content[]> {
  if (!contents.some((c) => c.parts.some((p) => p.inlineData?.data.startsWith(PREFIX)))) return contents as Content[];
  let budget = maxChars;
  const out: Content[] = new Array(contents.length);
  for (let ci = contents.length - 1; ci >= 0; ci--) {
    const c = contents[ci];
    const parts: Part[] = [];
    for (const p of c.parts) {
      const data = p.inlineData?.data;
      if (!data?.startsWith(PREFIX)) {
        parts.push(p);
        continue;
      }
      const bytes = await load(data.slice(PREFIX.length)).catch(() => undefined);
      if (bytes === undefined) parts.push({ text: '[An image attached here is no longer available.]' });
      else if (bytes.length > budget) parts.push({ text: '[An image attached here was left out: with the newer ones the request would pass Gemini’s 20 MB limit.]' });
      else {
        budget -= bytes.length;
        parts.push({ inlineData: { mimeType: p.inlineData!.mimeType, data: bytes } });
      }
    }
    out[ci] = { ...c, parts };
  }
  return out;
}
