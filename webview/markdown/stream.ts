/**
 * The DOM-free half of a streaming Markdown body: for each new text, which HTML to add once and
 * which to replace. Finished blocks go out exactly once; only the open tail is rendered again, so
 * the work per chunk depends on the last block, not on the answer's length. Pure: runs under Node.
 */
import type { Token, Tokens } from 'marked';
import { type BlockUpdate, fence, MarkdownBlocks } from './blocks';
import { codeLanguage } from './policy';
import { lexMarkdown, renderTokens } from './render';

/** Where the HTML goes (unsanitised: the sink sanitises before it touches the DOM). */
export interface MarkdownSink {
  /** Drop everything shown: the text no longer extends what was frozen. */
  clear(): void;
  /** A finished block, in order; it never changes afterwards. */
  addFrozen(html: string): void;
  /** The open rest of the text, replacing the previous tail. */
  setTail(html: string): void;
  /**
   * The open rest is one fenced code block still streaming: its code so far, which only grows
   * until the block closes. Lets a long block cost each chunk its new lines, not the whole block.
   */
  setOpenCode(language: string, code: string): void;
}

export class StreamingMarkdown {
  private readonly blocks = new MarkdownBlocks(lexMarkdown);
  /** The tail's HTML as last sent; undefined after an open code block, so the next tail is sent. */
  private tailHtml: string | undefined = '';

  constructor(private readonly sink: MarkdownSink) {}

  /** Feeds the whole text so far; compares it with what was fed, so prefer `append` while streaming. */
  update(text: string): void {
    this.show(this.blocks.update(text));
  }

  /** Feeds the next piece of the text: the cost depends on the piece and the open block only. */
  append(delta: string): void {
    if (delta !== '') this.show(this.blocks.append(delta));
  }

  private show({ reset, frozen, tail }: BlockUpdate): void {
    if (reset) {
      this.sink.clear();
      this.tailHtml = '';
    }
    for (const block of frozen) this.sink.addFrozen(renderTokens(block.tokens));
    const code = openCode(tail);
    if (code) {
      this.tailHtml = undefined;
      this.sink.setOpenCode(codeLanguage(code.lang), code.text);
      return;
    }
    // A chunk that does not change the rendered tail (e.g. trailing spaces) costs no DOM work.
    const html = renderTokens(tail);
    if (html !== this.tailHtml || frozen.length > 0) {
      this.tailHtml = html;
      this.sink.setTail(html);
    }
  }
}

/**
 * The tail's only block, if it is a fenced code block past its opening line whose closing fence
 * line is not complete yet (a complete one is frozen already).
 */
function openCode(tail: Token[]): Tokens.Code | undefined {
  const content = tail.filter((t) => t.type !== 'space');
  const only = content.length === 1 ? content[0] : undefined;
  if (!only || !only.raw.includes('\n')) return undefined;
  const state = fence(only);
  return state === 'open' || (state === 'closed' && !only.raw.endsWith('\n')) ? (only as Tokens.Code) : undefined;
}

/**
 * How an open code block's code (so far) continues the complete lines already shown (`done`):
 * the new complete lines, the incomplete last line, and the new `done`; undefined when it does
 * not continue them. While the closing fence line is incomplete, the block's code is one line
 * break shorter than before: that still continues it.
 */
export function codeProgress(code: string, done: string): { lines: string; partial: string; done: string } | undefined {
  const continues = code.startsWith(done) || (code.length === done.length - 1 && done.startsWith(code));
  if (!continues) return undefined;
  const end = Math.max(code.lastIndexOf('\n') + 1, done.length);
  return { lines: code.slice(done.length, end), partial: code.slice(end), done: end > done.length ? code.slice(0, end) : done };
}
