/**
 * What a message can carry besides its text: @-mentions (resolved by the extension) and images
 * (pasted, dropped or picked in the panel). Shared by the protocol, the chat state and the panel;
 * the limits are checked on both sides, so the panel can say no before anything is sent.
 */
import { z } from 'zod';

export const MentionKind = z.enum(['file', 'folder', 'problems', 'selection', 'changes', 'terminal']);
export type MentionKind = z.infer<typeof MentionKind>;

/** A mention as the panel sends it: a kind, and for files and folders a workspace-relative path. */
export const MentionRef = z.object({ kind: MentionKind, path: z.string().min(1).max(1000).optional() });
export type MentionRef = z.infer<typeof MentionRef>;

/** A mention in a sent message: what it added, and where it came from (clicking opens that). */
export const MentionChip = z.object({
  kind: MentionKind,
  label: z.string(),
  /** What was added: "42 lines, 1.2 KB", "3 problems", or why nothing was ("not found"). */
  detail: z.string(),
  /** Nothing was added (not found, a secret file, no selection): shown struck out. */
  missing: z.boolean().optional(),
  path: z.string().optional(),
  line: z.number().optional(),
});
export type MentionChip = z.infer<typeof MentionChip>;

/** One row of the completion list under the input. */
export const MentionSuggestion = z.object({
  kind: MentionKind,
  label: z.string(),
  detail: z.string().optional(),
  /** The text put into the input for it, e.g. `@src/a.ts` or `@problems`. */
  insert: z.string(),
});
export type MentionSuggestion = z.infer<typeof MentionSuggestion>;

/** The mentions without a path, as typed. */
export const KEYWORD_MENTIONS: ReadonlyArray<{ kind: Exclude<MentionKind, 'file' | 'folder'>; detail: string }> = [
  { kind: 'problems', detail: 'Current problems (diagnostics)' },
  { kind: 'selection', detail: 'The selection in the editor' },
  { kind: 'changes', detail: 'Uncommitted changes (Git)' },
  { kind: 'terminal', detail: 'Last command output, or the terminal selection' },
];

/**
 * The mentions written in a message: `@problems` and the other keywords, and `@path` for the
 * paths the user picked from the list (`picked`: insert text → ref). An `@` counts only at the
 * start or after white space, so `me@example.com` is no mention.
 */
export function mentionsIn(text: string, picked: ReadonlyMap<string, MentionRef>): MentionRef[] {
  const out: MentionRef[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(/(?:^|\s)(@[^\s@]+)/g)) {
    // A sentence may go on right after the mention: "look at @problems."
    const token = picked.has(m[1]) ? m[1] : m[1].replace(/[.,;:!?)]+$/, '');
    const keyword = KEYWORD_MENTIONS.find((k) => `@${k.kind}` === token);
    const ref = keyword ? { kind: keyword.kind } : picked.get(token);
    if (!ref) continue;
    const key = `${ref.kind}:${ref.path ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(ref);
  }
  return out.slice(0, MAX_MENTIONS);
}

export const MAX_MENTIONS = 20;

/** The image types Gemini takes inline; a GIF is redrawn as PNG in the panel (the API refuses image/gif). */
export const ImageMime = z.enum(['image/png', 'image/jpeg', 'image/webp']);
export type ImageMime = z.infer<typeof ImageMime>;

/** Each image at most this many bytes, after the panel's resizing. */
export const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
export const MAX_IMAGES = 8;
/** All images of one message together: base64 makes them a third larger, and a request may carry 20 MB. */
export const MAX_MESSAGE_IMAGE_BYTES = 12 * 1024 * 1024;
const MAX_THUMB_CHARS = 200_000;

/** An image as the panel sends it (base64, no `data:` prefix) with the thumbnail it made. */
export const ImageUpload = z.object({
  mimeType: ImageMime,
  data: z.string().min(4).max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/),
  name: z.string().max(300),
  thumb: z.string().max(MAX_THUMB_CHARS).regex(/^data:image\/(png|jpeg|webp);base64,/),
});
export type ImageUpload = z.infer<typeof ImageUpload>;

/** An image of a sent message: its bytes live in the extension's storage under `ref`. */
export const ImageChip = z.object({
  ref: z.string().regex(/^[a-f0-9]{64}$/),
  mimeType: ImageMime,
  name: z.string(),
  bytes: z.number(),
  thumb: z.string().max(MAX_THUMB_CHARS),
});
export type ImageChip = z.infer<typeof ImageChip>;

/** Why an image cannot be added to a message that already holds `count`, or undefined when it can. */
export function imageRefusal(mimeType: string, bytes: number, already: readonly { bytes: number }[]): string | undefined {
  if (already.length >= MAX_IMAGES) return `At most ${MAX_IMAGES} images per message.`;
  if (!['image/png', 'image/jpeg', 'image/webp', 'image/gif'].includes(mimeType)) return `${mimeType || 'This file'} is not an image Gemini reads: use PNG, JPEG, WebP or GIF.`;
  if (bytes > MAX_IMAGE_BYTES) return `The image is ${formatBytes(bytes)} even after shrinking it; at most ${formatBytes(MAX_IMAGE_BYTES)} each.`;
  const total = already.reduce((n, i) => n + i.bytes, bytes);
  if (total > MAX_MESSAGE_IMAGE_BYTES) return `The images would come to ${formatBytes(total)}; at most ${formatBytes(MAX_MESSAGE_IMAGE_BYTES)} per message (Gemini takes 20 MB per request).`;
  return undefined;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}
