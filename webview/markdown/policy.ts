/**
 * What rendered Markdown may contain and where its links may go. Pure data and functions so the
 * rules are tested under Node; `sanitize.ts` feeds them to DOMPurify in the webview.
 */

/** Inline HTML tags a model may write that are shown as formatting; any other HTML is shown as text. */
export const INLINE_TAGS = new Set(['br', 'b', 'i', 'em', 'strong', 'code', 'kbd', 'sub', 'sup', 'u', 's', 'del', 'mark']);

/**
 * DOMPurify options: HTML only (no SVG/MathML), no forms, frames, scripts, styles or event
 * handlers. Images are removed by a hook unless `isAllowedImageSrc` accepts them.
 */
export const SANITIZE_CONFIG = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'form', 'input', 'button', 'textarea', 'select', 'option', 'link', 'meta', 'base', 'video', 'audio', 'source', 'track', 'picture'],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'target', 'ping', 'background', 'poster'],
  ALLOW_DATA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
} as const;

/** Inline images only: a remote image would leak that the answer was read (and CSP blocks it anyway). */
export function isAllowedImageSrc(src: string): boolean {
  return /^data:image\/(png|gif|jpe?g|webp);base64,[a-z0-9+/=\s]+$/i.test(src.trim());
}

/**
 * Where a clicked link goes, or undefined to ignore the click. Links never navigate the webview;
 * the extension opens web links externally and relative paths as workspace files.
 */
export function linkTarget(href: string | null | undefined): string | undefined {
  const h = (href ?? '').trim();
  if (h === '' || h.startsWith('#')) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(h)?.[1]?.toLowerCase();
  if (scheme === undefined) return h; // relative: a workspace path
  return ['http', 'https', 'mailto'].includes(scheme) ? h : undefined;
}

/** A fenced block's language, reduced to characters that are safe in a class name. */
export function codeLanguage(lang: string | undefined): string {
  const first = (lang ?? '').trim().split(/\s+/)[0] ?? '';
  return first.toLowerCase().replace(/[^a-z0-9_+#.-]/g, '').slice(0, 30);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
