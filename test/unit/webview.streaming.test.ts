import * as assert from 'node:assert/strict';
import { emptyChat } from '../../src/shared/chatState';
import type { PanelInfo } from '../../src/shared/protocol';
import { sampleAnswer } from './fakes/sampleAnswer';
import { MarkdownBlocks } from '../../webview/markdown/blocks';
import { lexMarkdown, renderMarkdown, renderTokens } from '../../webview/markdown/render';
import { codeProgress, type MarkdownSink, StreamingMarkdown } from '../../webview/markdown/stream';
import { ChatStore } from '../../webview/store';

/** Records what a streaming body would put into the DOM, and how much HTML each chunk cost. */
class CountingSink implements MarkdownSink {
  frozen: string[] = [];
  tail = '';
  openCode: { language: string; done: string } | undefined;
  /** Times an open code block had to be built from scratch. */
  codeBlocksStarted = 0;
  clears = 0;
  /** Characters of HTML (or new code) handed to the DOM since the last `take()`. */
  private chars = 0;

  clear(): void {
    this.clears++;
    this.frozen = [];
    this.tail = '';
    this.openCode = undefined;
  }
  addFrozen(html: string): void {
    this.frozen.push(html);
    this.chars += html.length;
  }
  setTail(html: string): void {
    this.tail = html;
    this.openCode = undefined;
    this.chars += html.length;
  }
  setOpenCode(language: string, code: string): void {
    // Like the DOM view: new complete lines once each, plus the current incomplete line.
    let step = this.openCode?.language === language ? codeProgress(code, this.openCode.done) : undefined;
    if (!step) {
      this.codeBlocksStarted++;
      step = codeProgress(code, '');
    }
    assert.ok(step);
    this.chars += step.lines.length + step.partial.length;
    this.openCode = { language, done: step.done };
    this.tail = '';
  }
  take(): number {
    const c = this.chars;
    this.chars = 0;
    return c;
  }
  get html(): string {
    assert.equal(this.openCode, undefined, 'a code block is still open');
    return this.frozen.join('') + this.tail;
  }
}

function streamInto(text: string, chunk: number): { sink: CountingSink; perChunk: number[] } {
  const sink = new CountingSink();
  const view = new StreamingMarkdown(sink);
  const perChunk: number[] = [];
  for (let at = 0; at < text.length; at += chunk) {
    view.append(text.slice(at, at + chunk));
    perChunk.push(sink.take());
  }
  return { sink, perChunk };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('webview: incremental rendering of a streamed answer', () => {
  const sample = sampleAnswer(100_000);
  // Cut at a section's end, so the answer does not stop inside a code block.
  const answer = sample.slice(0, sample.lastIndexOf('## Step'));

  it('shows the same HTML as rendering the whole answer at once', () => {
    const { sink } = streamInto(answer, 40);
    assert.equal(sink.html, renderMarkdown(answer));
    assert.equal(sink.clears, 0);
  });

  it('renders each finished block once and only the open tail again, so a chunk costs the same at 1k and 100k characters', () => {
    const { sink, perChunk } = streamInto(answer, 40);
    // A whole-answer re-render would hand ~100k characters of HTML to the DOM per chunk near the end.
    const early = mean(perChunk.slice(25, 125));
    const late = mean(perChunk.slice(-100));
    assert.ok(late < early * 2, `HTML per chunk grew from ${early.toFixed(0)} to ${late.toFixed(0)} characters`);
    assert.ok(Math.max(...perChunk) < 5_000, `largest chunk rendered ${Math.max(...perChunk)} characters of HTML`);
    assert.ok(sink.frozen.length > 500, `only ${sink.frozen.length} blocks frozen`);
  });

  it('streams a long code block line by line instead of rendering it again whole', () => {
    const line = '  const total = input.items.reduce((sum, item) => sum + item.priceCents * item.quantity, 0);\n';
    const text = `Here is the file:\n\n\`\`\`ts\n${line.repeat(1000)}\`\`\`\n\nThat is all.\n`;
    const { sink, perChunk } = streamInto(text, 40);
    assert.equal(sink.html, renderMarkdown(text));
    assert.equal(sink.codeBlocksStarted, 1);
    // The closed block is rendered whole once (~100k characters of HTML); every other chunk is small.
    const sorted = [...perChunk].sort((a, b) => b - a);
    assert.ok(sorted[1] < 1_000, `a chunk inside the code block handed ${sorted[1]} characters to the DOM`);
  });

  it('continues an open code block line by line, also while its closing fence line arrives', () => {
    assert.deepEqual(codeProgress('a\nb', ''), { lines: 'a\n', partial: 'b', done: 'a\n' });
    assert.deepEqual(codeProgress('a\nbc\nd', 'a\n'), { lines: 'bc\n', partial: 'd', done: 'a\nbc\n' });
    // "```" without its line break: the code loses the break after its last line.
    assert.deepEqual(codeProgress('a\nbc', 'a\nbc\n'), { lines: '', partial: '', done: 'a\nbc\n' });
    assert.equal(codeProgress('x\n', 'a\n'), undefined);
  });

  it('freezes a fenced code block as soon as its closing fence line is complete', () => {
    const blocks = new MarkdownBlocks(lexMarkdown);
    assert.equal(blocks.append('```ts\nconst a = 1;\n```').frozen.length, 0);
    const u = blocks.append('\n');
    assert.deepEqual(
      u.frozen.map((b) => b.raw),
      ['```ts\nconst a = 1;\n```\n'],
    );
    // A fence of another kind or a shorter one does not close it.
    const other = new MarkdownBlocks(lexMarkdown);
    assert.equal(other.append('````\nx\n```\n~~~~\nmore\n').frozen.length, 0);
  });

  it('lexes only the open blocks when fed pieces', () => {
    const lexed: number[] = [];
    const blocks = new MarkdownBlocks((src) => {
      lexed.push(src.length);
      return lexMarkdown(src);
    });
    for (let at = 0; at < answer.length; at += 40) blocks.append(answer.slice(at, at + 40));
    assert.ok(Math.max(...lexed) < 2_000, `largest re-lex was ${Math.max(...lexed)} characters`);
  });

  it('joins a CRLF split across two pieces into one line break', () => {
    const text = 'one\r\n\r\ntwo\r\n\r\n- a\r\n- b\r\n\r\nthree\r\n';
    for (const chunk of [1, 2, 3, 4]) {
      const blocks = new MarkdownBlocks(lexMarkdown);
      let html = '';
      let tail = '';
      for (let at = 0; at < text.length; at += chunk) {
        const u = blocks.append(text.slice(at, at + chunk));
        html += u.frozen.map((b) => renderTokens(b.tokens)).join('');
        tail = renderTokens(u.tail);
      }
      assert.equal(html + tail, renderMarkdown(text), `chunks of ${chunk}`);
    }
  });

  it('still accepts the whole text, and starts over when it does not extend what was shown', () => {
    const sink = new CountingSink();
    const view = new StreamingMarkdown(sink);
    view.update('# Title\n\nfirst paragraph\n\nsecond');
    view.update('# Title\n\nfirst paragraph\n\nsecond paragraph\n');
    assert.equal(sink.html, renderMarkdown('# Title\n\nfirst paragraph\n\nsecond paragraph\n'));
    assert.equal(sink.clears, 0);
    view.update('something else');
    assert.equal(sink.clears, 1);
    assert.equal(sink.html, renderMarkdown('something else'));
  });
});

describe('webview: chat store hands the streamed pieces to the view', () => {
  const info: PanelInfo = { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'm', models: ['m'], history: [] };

  it('collects the text and thoughts added to an existing answer since the last frame', () => {
    const store = new ChatStore();
    store.receive({ type: 'snapshot', chat: emptyChat('c1'), info });
    store.receive({ type: 'events', chatId: 'c1', events: [{ type: 'runStarted', runId: 'r', request: 'hi' }, { type: 'textDelta', text: 'Hel' }] });
    const first = store.take();
    // A new answer is rendered whole from the item; no piece is handed over for it.
    assert.equal(first.streamed.size, 0);

    store.receive({ type: 'events', chatId: 'c1', events: [{ type: 'thoughtDelta', text: 'hmm' }, { type: 'textDelta', text: 'lo ' }, { type: 'textDelta', text: 'world' }] });
    const second = store.take();
    const answer = store.chat?.items[1];
    assert.ok(answer?.kind === 'assistant');
    assert.deepEqual(second.streamed.get(answer), { text: 'lo world', thought: 'hmm' });
    assert.equal(answer.text, 'Hello world');
    assert.equal(store.take().streamed.size, 0);
  });
});
