/**
 * A Markdown body that grows while an answer streams. Finished blocks are rendered once and left
 * alone; only the open tail is re-rendered (see `StreamingMarkdown`), so a chunk costs the same at
 * 1k and 100k characters.
 */
import { h, iconButton } from '../dom';
import { highlightCode } from './highlight';
import { sanitizeToFragment } from './sanitize';
import { codeProgress, type MarkdownSink, StreamingMarkdown } from './stream';

/**
 * Finished blocks per group element. The browser lays out a growing block by walking its
 * children; grouping keeps that walk short on a long answer (a 100k-character answer has hundreds
 * of blocks), so the layout after a chunk does not grow with the answer either.
 */
const GROUP_SIZE = 32;

/**
 * Complete lines of a streaming code block per block-level segment. The browser lays out a
 * block's text as one unit; appending to one growing `<code>` would lay out all of it per chunk.
 */
const SEGMENT_LINES = 40;

/** A code block in the tail that is still streaming: complete lines are highlighted once each. */
interface OpenCode {
  language: string;
  /** The complete lines shown so far (up to and including the last line break). */
  done: string;
  /** Where complete lines go, and how many it holds. */
  segment: HTMLElement;
  segmentLines: number;
  /** The last, incomplete line, highlighted again on every chunk. */
  partial: HTMLElement;
}

export class MarkdownView implements MarkdownSink {
  readonly element: HTMLElement;
  private readonly stream = new StreamingMarkdown(this);
  private readonly tail = h('div', { class: 'md-block md-tail' });
  private group: HTMLElement | undefined;
  private openCode: OpenCode | undefined;

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
    // The tail element is kept for reuse, but not what it showed: a text cleared to nothing (an
    // answer whose streamed part was withdrawn) must not keep its old last paragraph in the DOM.
    this.tail.replaceChildren();
    this.element.replaceChildren(this.tail);
    this.group = undefined;
    this.openCode = undefined;
  }

  addFrozen(html: string): void {
    if (!this.group || this.group.childElementCount >= GROUP_SIZE) {
      this.group = h('div', { class: 'md-group' });
      this.tail.before(this.group);
    }
    this.group.append(h('div', { class: 'md-block' }, enhance(sanitizeToFragment(html))));
  }

  setTail(html: string): void {
    this.openCode = undefined;
    this.tail.replaceChildren(enhance(sanitizeToFragment(html)));
  }

  /**
   * Highlighting a line on its own can miss a construct spanning lines (a block comment); the
   * block is highlighted whole once it closes and is frozen.
   */
  setOpenCode(language: string, code: string): void {
    let open = this.openCode;
    let step = open && open.language === language ? codeProgress(code, open.done) : undefined;
    if (!open || !step) {
      const element = h('code', { class: language ? `language-${language} hljs` : '' });
      open = { language, done: '', segment: h('span', { class: 'code-lines' }), segmentLines: 0, partial: h('span', { class: 'code-lines' }) };
      element.append(open.segment, open.partial);
      this.tail.replaceChildren(codeBlock(h('pre', {}, element), language));
      this.openCode = open;
      step = codeProgress(code, '') ?? { lines: '', partial: code, done: '' };
    }
    if (step.lines) {
      if (open.segmentLines >= SEGMENT_LINES) {
        open.segment = h('span', { class: 'code-lines' });
        open.segmentLines = 0;
        open.partial.before(open.segment);
      }
      open.segment.append(highlighted(step.lines, language));
      open.segmentLines += step.lines.split('\n').length - 1;
    }
    open.done = step.done;
    open.partial.replaceChildren(highlighted(step.partial, language));
  }
}

/** Code as highlighted nodes (highlight.js escapes what it wraps), or as plain text. */
function highlighted(code: string, language: string): Node {
  const html = highlightCode(code, language);
  if (html === undefined) return document.createTextNode(code);
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
}

/** Wraps a `<pre>` with the toolbar: language, Copy and Insert at cursor (handled by delegation). */
function codeBlock(pre: HTMLElement, language: string): HTMLElement {
  const toolbar = h(
    'div',
    { class: 'code-toolbar' },
    language ? h('span', { class: 'code-language' }, language) : undefined,
    iconButton('copy', 'Copy', { 'data-action': 'copy-code' }),
    iconButton('insert', 'Insert at cursor', { 'data-action': 'insert-code' }),
  );
  return h('div', { class: 'code-block' }, toolbar, pre);
}

/** Highlights code blocks and gives each a Copy and an Insert button (handled by delegation). */
function enhance(fragment: DocumentFragment): DocumentFragment {
  for (const code of Array.from(fragment.querySelectorAll('pre > code'))) {
    const pre = code.parentElement as HTMLElement;
    const language = /(?:^|\s)language-(\S+)/.exec(code.className)?.[1] ?? '';
    const html = highlightCode(code.textContent ?? '', language);
    if (html !== undefined) {
      code.innerHTML = html; // highlight.js escapes the code it wraps
      code.classList.add('hljs');
    }
    const [parent, next] = [pre.parentNode, pre.nextSibling];
    parent?.insertBefore(codeBlock(pre, language), next);
  }
  return fragment;
}
