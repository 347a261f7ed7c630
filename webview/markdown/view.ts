/**
 * A Markdown body that grows while an answer streams. Finished blocks are rendered once and left
 * alone; only the open tail is re-rendered (see `StreamingMarkdown`), so a chunk costs the same at
 * 1k and 100k characters.
 */
import { h, iconButton } from '../dom';
import { highlightCode } from './highlight';
import { sanitizeToFragment } from './sanitize';
import { type MarkdownSink, StreamingMarkdown } from './stream';

/**
 * Finished blocks per group element. The browser lays out a growing block by walking its
 * children; grouping keeps that walk short on a long answer (a 100k-character answer has ~1,500
 * blocks), so the layout after a chunk does not grow with the answer either.
 */
const GROUP_SIZE = 32;

export class MarkdownView implements MarkdownSink {
  readonly element: HTMLElement;
  private readonly stream = new StreamingMarkdown(this);
  private readonly tail = h('div', { class: 'md-block md-tail' });
  private group: HTMLElement | undefined;

  constructor(attrs: Record<string, string> = {}) {
    this.element = h('div', { class: 'markdown', ...attrs }, this.tail);
  }

  /** Shows `text`, re-rendering only what changed if it extends the text shown so far. */
  update(text: string): void {
    this.stream.update(text);
  }

  /** Adds a streamed piece: the cost does not depend on the length of the text shown so far. */
  append(delta: string): void {
    this.stream.append(delta);
  }

  clear(): void {
    this.element.replaceChildren(this.tail);
    this.group = undefined;
  }

  addFrozen(html: string): void {
    if (!this.group || this.group.childElementCount >= GROUP_SIZE) {
      this.group = h('div', { class: 'md-group' });
      this.tail.before(this.group);
    }
    this.group.append(h('div', { class: 'md-block' }, enhance(sanitizeToFragment(html))));
  }

  setTail(html: string): void {
    this.tail.replaceChildren(enhance(sanitizeToFragment(html)));
  }
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
