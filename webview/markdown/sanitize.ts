/** Sanitises rendered Markdown with DOMPurify under the rules in `policy.ts`. */
import DOMPurify from 'dompurify';
import { isAllowedImageSrc, SANITIZE_CONFIG } from './policy';

const purify = DOMPurify(window);

/** Returns a fragment ready to insert: no scripts, handlers, styles, forms, frames or remote images. */
export function sanitizeToFragment(html: string): DocumentFragment {
  const fragment = purify.sanitize(html, { ...SANITIZE_CONFIG, FORBID_TAGS: [...SANITIZE_CONFIG.FORBID_TAGS], FORBID_ATTR: [...SANITIZE_CONFIG.FORBID_ATTR], RETURN_DOM_FRAGMENT: true });
  for (const img of Array.from(fragment.querySelectorAll('img'))) {
    if (!isAllowedImageSrc(img.getAttribute('src') ?? '')) img.replaceWith(document.createTextNode(img.getAttribute('alt') ?? ''));
  }
  return fragment;
}
