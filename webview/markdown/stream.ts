/**
 * The DOM-free half of a streaming Markdown body: for each new text, which HTML to add once and
 * which to replace. Finished blocks go out exactly once; only the open tail is rendered again, so
 * the work per chunk depends on the last block, not on the answer's length. Pure: runs under Node.
 */
import { type BlockUpdate, MarkdownBlocks } from './blocks';
import { lexMarkdown, renderTokens } from './render';

/** Where the HTML goes (unsanitised: the sink sanitises before it touches the DOM). */
export interface MarkdownSink {
  /** Drop everything shown: the text no longer extends what was frozen. */
  clear(): void;
  /** A finished block, in order; it never changes afterwards. */
  addFrozen(html: string): void;
  /** The open rest of the text, replacing the previous tail. */
  setTail(html: string): void;
}

export class StreamingMarkdown {
  private readonly blocks = new MarkdownBlocks(lexMarkdown);
  private tailHtml = '';

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
    // A chunk that does not change the rendered tail (e.g. trailing spaces) costs no DOM work.
    const html = renderTokens(tail);
    if (html !== this.tailHtml || frozen.length > 0) {
      this.tailHtml = html;
      this.sink.setTail(html);
    }
  }
}
