// Inline data parts (`{inlineData: {mimeType, data}}`): the MIME type must be one the API
// documents (ai.google.dev/gemini-api/docs image, document, audio and video understanding: images
// are PNG, JPEG, WebP, HEIC, HEIF — GIF and `image/jpg` are refused, reported in microsoft/vscode
// #286628 and obsidian-smart-connections #1238, "Unsupported MIME type: image/gif"); `data` must be
// base64 (protobuf bytes: "Base64 decoding failed"); and the whole request must stay within the
// documented 20 MB for inline data ("Request payload size exceeds the limit: 20971520 bytes.").
import { arr, invalidArgument, obj, type Violation } from './types';

export const inlineMimeTypes: readonly string[] = [
  'image/png', 'image/jpeg', 'image/webp', 'image/heic', 'image/heif',
  'application/pdf', 'text/plain',
  'audio/wav', 'audio/mp3', 'audio/aiff', 'audio/aac', 'audio/ogg', 'audio/flac',
  'video/mp4', 'video/mpeg', 'video/mov', 'video/avi', 'video/x-flv', 'video/mpg', 'video/webm', 'video/wmv', 'video/3gpp',
];

/** The real API's request size limit for inline data: the whole request body, in bytes. */
export const maxRequestBytes = 20 * 1024 * 1024;

const base64Chars = /^[A-Za-z0-9+/]*={0,2}$/;
// A character class, not a repeated group: a group over megabytes of data overflows the regex stack.
const isBase64 = (s: string) => s.length % 4 === 0 && base64Chars.test(s);

/** One inline part of a request, as recorded: where it is, its type, its decoded size. */
export interface InlinePart {
  content: number;
  part: number;
  mimeType: string;
  bytes: number;
}

/** Every inline data part of a request body, in order. */
export function inlineParts(body: unknown): InlinePart[] {
  const out: InlinePart[] = [];
  for (const [ci, c] of arr(obj(body)?.contents).entries()) {
    for (const [pi, p] of arr(obj(c)?.parts).entries()) {
      const data = obj(obj(p)?.inlineData);
      if (!data) continue;
      const text = typeof data.data === 'string' ? data.data : '';
      out.push({ content: ci, part: pi, mimeType: String(data.mimeType ?? ''), bytes: Math.floor((text.length * 3) / 4) - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0) });
    }
  }
  return out;
}

export function checkInlineData(body: Record<string, unknown>): Violation[] {
  const out: Violation[] = [];
  for (const [ci, c] of arr(body.contents).entries()) {
    for (const [pi, p] of arr(obj(c)?.parts).entries()) {
      const data = obj(obj(p)?.inlineData);
      if (!data) continue;
      const mime = data.mimeType;
      if (typeof mime !== 'string' || !inlineMimeTypes.includes(mime)) {
        out.push(invalidArgument('inline-data-mime', `Unsupported MIME type: ${typeof mime === 'string' ? mime : '(none)'}`));
      }
      if (typeof data.data !== 'string' || data.data === '' || !isBase64(data.data)) {
        const shown = typeof data.data === 'string' ? data.data.slice(0, 40) : String(data.data);
        out.push(invalidArgument('inline-data-base64', `Invalid value at 'contents[${ci}].parts[${pi}].inline_data.data' (TYPE_BYTES), Base64 decoding failed for "${shown}"`));
      }
    }
  }
  const size = Buffer.byteLength(JSON.stringify(body));
  if (size > maxRequestBytes) out.push(invalidArgument('inline-data-size', `Request payload size exceeds the limit: ${maxRequestBytes} bytes.`));
  return out;
}
