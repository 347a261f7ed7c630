/**
 * A Markdown body that grows while an answer streams. Finished blocks are rendered once and left
 * alone; only the open tail is re-rendered, so a chunk costs the same at 1k and 100k characters.
 */
import type { Token } from 'marked';
import { h, iconButton } from '../dom';
import { MarkdownBlocks } from './blocks';
import { highlightCode } from './highlight';
import { lexMarkdown, renderTokens } from './render';
import { sanitizeToFragment } from './sanitize';

export class MarkdownView {
  readonly element: HTMLElement;
  private readonly blocks = new MarkdownBlocks(lexMarkdown);
  private readonly tail = h('div', { class: 'md-block md-tail' });
  private text: string | undefined;
  private tailHtml = '';

  constructor(attrs: Record<string, string> = {}) {
    this.element = h('div', { class: 'markdown', ...attrs }, this.tail);
  }

  update(text: string): void {
    if (text === this.text) return;
    this.text = text;
    const { reset, frozen, tail } = this.blocks.update(text);
    if (reset) {
      this.element.replaceChildren(this.tail);
      this.tailHtml = '';
    }
    for (const block of frozen) {
      this.tail.before(h('div', { class: 'md-block' }, markdownFragment(block.tokens)));
    }
    // A chunk that does not change the rendered tail (e.g. trailing spaces) costs no DOM work.
    const html = renderTokens(tail);
    if (html !== this.tailHtml || frozen.length > 0) {
      this.tailHtml = html;
      this.tail.replaceChildren(enhance(sanitizeToFragment(html)));
    }
  }
}

export function markdownFragment(tokens: Token[]): DocumentFragment {
  return enhance(sanitizeToFragment(renderTokens(tokens)));
}

/** Highlights code blocks and gives each a Copy and an Insert button (handled by delegation). */
function enhance(fragment: DocumentFragment): DocumentFragment {
  for (const code of Array.from(fragment.querySelectorAll('pre > code'))) {
    const pre = code.parentElement as HTMLElement;
    const language = /(?:^|\s)language-(\S+)/.exec(code.className)?.[1] ?? '';
    const highlighted = highlightCode(code.textContent ?? '', language);
    if (highlighted !== undefined) {
      code.innerHTML = highlighted; // highlight.js escapes the code it wraps
      code.classList.add('hljs');
    }
    const toolbar = h(
      'div',
      { class: 'code-toolbar' },
      language ? h('span', { class: 'code-language' }, language) : undefined,
      iconButton('copy', 'Copy', { 'data-action': 'copy-code' }),
      iconButton('insert', 'Insert at cursor', { 'data-action': 'insert-code' }),
    );
    const block = h('div', { class: 'code-block' });
    pre.replaceWith(block);
    block.append(toolbar, pre);
  }
  return fragment;
}
