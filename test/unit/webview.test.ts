import * as assert from 'node:assert/strict';
import type { Token } from 'marked';
import { emptyChat, type ChatState } from '../../src/shared/chatState';
import type { AgentEvent } from '../../src/shared/events';
import type { PanelInfo } from '../../src/shared/protocol';
import { formatCount, lastHeading, relativeTime, taskIcon, toolIcon, usageLine } from '../../webview/format';
import { MarkdownBlocks } from '../../webview/markdown/blocks';
import { codeLanguage, isAllowedImageSrc, linkTarget, SANITIZE_CONFIG } from '../../webview/markdown/policy';
import { lexMarkdown, renderMarkdown, renderTokens } from '../../webview/markdown/render';
import { ChatStore } from '../../webview/store';

const ANSWER = `I'll start by reading the form, then add validation.

## Plan

1. Read \`src/signup.ts\`
2. Add a validator
   - email rule
   - password rule

   With a nested paragraph.
3. Run the tests

| Field | Rule |
|---|:-:|
| email | must contain @ |
| password | at least 12 chars |

\`\`\`ts
export function validate(input: SignupInput): string[] {
  const errors: string[] = [];

  if (input.password.length < 12) errors.push('Too short');
  return errors;
}
\`\`\`

> Note: the old check
> stays for now.

Setext heading
--------------

- [x] read the form
- [ ] write the validator

- loose item one

- loose item two

Done. See [the docs](https://example.com/docs "Docs") and <https://example.com>.
`;

/** Feeds `text` in chunks of `size` and returns the HTML the view would show after each chunk. */
function stream(text: string, size: number): { html: string; lexed: number[] } {
  const lexed: number[] = [];
  const blocks = new MarkdownBlocks((src) => {
    lexed.push(src.length);
    return lexMarkdown(src);
  });
  let frozenHtml = '';
  let tail: Token[] = [];
  for (let end = Math.min(size, text.length); ; end = Math.min(end + size, text.length)) {
    const update = blocks.update(text.slice(0, end));
    assert.equal(update.reset, false);
    frozenHtml += update.frozen.map((b) => renderTokens(b.tokens)).join('');
    tail = update.tail;
    if (end === text.length) break;
  }
  return { html: frozenHtml + renderTokens(tail), lexed };
}

describe('webview: streaming Markdown blocks', () => {
  for (const size of [1, 3, 7, 16, 61, 400]) {
    it(`renders the same HTML as a full render when streamed in ${size}-character chunks`, () => {
      assert.equal(stream(ANSWER, size).html, renderMarkdown(ANSWER));
    });
  }

  it('freezes exact prefixes of the text and keeps only the last blocks open', () => {
    const blocks = new MarkdownBlocks(lexMarkdown);
    let frozen = '';
    for (let end = 5; end < ANSWER.length + 5; end += 5) {
      const sofar = ANSWER.slice(0, end);
      frozen += blocks.update(sofar).frozen.map((b) => b.raw).join('');
      assert.ok(sofar.startsWith(frozen));
      assert.equal(blocks.frozenLength, frozen.length);
    }
    const lastBlock = ANSWER.slice(ANSWER.lastIndexOf('- loose item two'));
    assert.ok(frozen.length >= ANSWER.length - lastBlock.length - 10, `only ${frozen.length} of ${ANSWER.length} characters frozen`);
  });

  it('re-lexes only the open block, so a chunk costs the same at 1k and 100k characters', () => {
    const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n\n';
    const long = paragraph.repeat(Math.ceil(100_000 / paragraph.length));
    const { lexed } = stream(long, 40);
    assert.ok(Math.max(...lexed) < paragraph.length * 3, `largest re-lex was ${Math.max(...lexed)} characters`);
  });

  it('keeps a list open until the next line shows whether it continues the item', () => {
    const text = '- item\n\n  continued paragraph of the item\n\nafter\n';
    // Chunk boundary inside the indentation: " c" alone would look like a new paragraph.
    const blocks = new MarkdownBlocks(lexMarkdown);
    let html = '';
    for (const end of [8, 9, 11, text.length]) html += blocks.update(text.slice(0, end)).frozen.map((b) => renderTokens(b.tokens)).join('');
    html += renderTokens(blocks.update(text).tail);
    assert.equal(html, renderMarkdown(text));
  });

  it('starts over when the text no longer extends what was frozen', () => {
    const blocks = new MarkdownBlocks(lexMarkdown);
    blocks.update('first paragraph\n\nsecond paragraph\n\nthird');
    assert.ok(blocks.frozenLength > 0);
    const u = blocks.update('something else entirely');
    assert.equal(u.reset, true);
    assert.equal(renderTokens(u.tail), renderMarkdown('something else entirely'));
  });

  it('treats CRLF text like LF text', () => {
    const crlf = 'one\r\n\r\ntwo\r\n\r\nthree\r\n';
    assert.equal(stream(crlf, 3).html, renderMarkdown(crlf));
  });
});

describe('webview: Markdown rendering rules', () => {
  it('shows remote images as links and never emits an <img> for them', () => {
    const html = renderMarkdown('![chart](https://evil.example/pixel.png)');
    assert.doesNotMatch(html, /<img/);
    assert.match(html, /<a href="https:\/\/evil.example\/pixel.png"/);
  });

  it('keeps inline base64 raster images', () => {
    assert.match(renderMarkdown('![dot](data:image/png;base64,iVBORw0KGgo=)'), /<img src="data:image\/png;base64,iVBORw0KGgo=" alt="dot">/);
    assert.equal(isAllowedImageSrc('data:image/svg+xml;base64,PHN2Zz4='), false);
    assert.equal(isAllowedImageSrc('https://example.com/a.png'), false);
  });

  it('shows raw HTML as text, except a few harmless inline tags', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> <kbd>Ctrl</kbd>\n\n<div onclick="x">block</div>');
    assert.doesNotMatch(html, /<script|<img|<div/);
    assert.match(html, /&#60;script&#62;/);
    assert.match(html, /<kbd>Ctrl<\/kbd>/);
  });

  it('renders task boxes as icons rather than form inputs', () => {
    const html = renderMarkdown('- [x] done\n- [ ] to do');
    assert.doesNotMatch(html, /<input/);
    assert.match(html, /codicon-pass/);
  });

  it('marks code blocks with a class-safe language', () => {
    assert.match(renderMarkdown('```ts title="x"\nconst a = 1;\n```'), /<pre><code class="language-ts">const a = 1;<\/code><\/pre>/);
    assert.equal(codeLanguage('"><script>'), 'script');
    assert.equal(codeLanguage(undefined), '');
  });

  it('sends only web, mail and workspace links out, and ignores the rest', () => {
    assert.equal(linkTarget('https://example.com/a?b=1'), 'https://example.com/a?b=1');
    assert.equal(linkTarget('mailto:a@b.c'), 'mailto:a@b.c');
    assert.equal(linkTarget('src/a.ts'), 'src/a.ts');
    for (const bad of ['javascript:alert(1)', 'JavaScript:alert(1)', 'command:workbench.action.quit', 'file:///etc/passwd', 'data:text/html,x', 'vscode:extension/x', '#top', '', null]) {
      assert.equal(linkTarget(bad), undefined, String(bad));
    }
  });

  it('configures the sanitiser to drop scripts, frames, forms and style attributes', () => {
    for (const tag of ['script', 'style', 'iframe', 'form', 'input', 'object', 'embed']) assert.ok((SANITIZE_CONFIG.FORBID_TAGS as readonly string[]).includes(tag), tag);
    assert.ok((SANITIZE_CONFIG.FORBID_ATTR as readonly string[]).includes('style'));
    assert.deepEqual(SANITIZE_CONFIG.USE_PROFILES, { html: true });
    assert.equal(SANITIZE_CONFIG.ALLOW_DATA_ATTR, false);
  });
});

const INFO: PanelInfo = { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'm', models: ['m'], history: [] };

function storeWith(chat: ChatState): ChatStore {
  const store = new ChatStore();
  store.receive({ type: 'snapshot', chat, info: INFO });
  store.take();
  return store;
}

describe('webview: chat store', () => {
  it('drops events addressed to another chat', () => {
    const store = storeWith(emptyChat('c1'));
    assert.equal(store.receive({ type: 'events', chatId: 'other', events: [{ type: 'textDelta', text: 'x' }] }), false);
    assert.equal(store.chat?.items.length, 0);
  });

  it('reports new items as appended and a growing answer as changed', () => {
    const store = storeWith(emptyChat('c1'));
    const events: AgentEvent[] = [{ type: 'runStarted', runId: 'r', request: 'hi' }, { type: 'textDelta', text: 'Hel' }];
    store.receive({ type: 'events', chatId: 'c1', events });
    const first = store.take();
    assert.deepEqual(first.appended.map((i) => i.kind), ['user', 'assistant']);
    assert.equal(first.items.size, 0);
    assert.equal(first.status, true);

    store.receive({ type: 'events', chatId: 'c1', events: [{ type: 'textDelta', text: 'lo' }] });
    const second = store.take();
    assert.equal(second.appended.length, 0);
    assert.deepEqual([...second.items].map((i) => i.kind === 'assistant' && i.text), ['Hello']);
  });

  it('marks a finished tool and a decided change as changed', () => {
    const store = storeWith(emptyChat('c1'));
    store.receive({
      type: 'events',
      chatId: 'c1',
      events: [
        { type: 'toolStarted', callId: 't1', name: 'read_file', label: 'Read a.ts' },
        { type: 'changeProposed', changeId: 'ch1', path: 'a.ts', kind: 'edit', added: 1, removed: 1 },
      ],
    });
    store.take();
    store.receive({ type: 'events', chatId: 'c1', events: [{ type: 'toolFinished', callId: 't1', ok: true, summary: '3 lines' }, { type: 'changeApplied', changeId: 'ch1' }] });
    assert.deepEqual([...store.take().items].map((i) => i.id), ['t1', 'ch1']);
  });

  it('renders from scratch after a snapshot', () => {
    const store = storeWith(emptyChat('c1'));
    store.receive({ type: 'events', chatId: 'c1', events: [{ type: 'runStarted', runId: 'r', request: 'hi' }] });
    store.receive({ type: 'snapshot', chat: emptyChat('c2'), info: INFO });
    const changes = store.take();
    assert.equal(changes.chat, true);
    assert.equal(changes.appended.length, 0);
    assert.equal(store.chat?.id, 'c2');
  });
});

describe('webview: labels and icons', () => {
  it('maps plan task statuses to the codicons the panel shows', () => {
    assert.equal(taskIcon('pending'), 'codicon-circle-outline');
    assert.equal(taskIcon('running'), 'codicon-loading codicon-modifier-spin');
    assert.equal(taskIcon('done'), 'codicon-pass');
    assert.equal(taskIcon('failed'), 'codicon-error');
  });

  it('gives known tools their own icon and unknown tools a generic one', () => {
    assert.equal(toolIcon('run_command'), 'terminal');
    assert.equal(toolIcon('something_new'), 'tools');
  });

  it('formats token counts compactly', () => {
    assert.deepEqual([950, 12_345, 100_400, 2_000_000].map(formatCount), ['950', '12.3k', '100k', '2M']);
    assert.equal(usageLine({ promptTokens: 18_234, outputTokens: 2_311, thoughtTokens: 0, totalTokens: 20_545 }), '20.5k tokens · 18.2k in · 2.3k out');
  });

  it('says how long ago a chat was updated', () => {
    const now = Date.UTC(2025, 0, 10, 12);
    assert.equal(relativeTime(now - 10_000, now), 'just now');
    assert.equal(relativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.equal(relativeTime(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(relativeTime(now - 30 * 3_600_000, now), 'yesterday');
  });

  it('names the latest heading of the thought summaries for the folded Thinking section', () => {
    assert.equal(lastHeading('**Reading the code**\n\nLooking at math.ts.\n\n**Planning the fix**\n\nThe empty case.'), 'Planning the fix');
    assert.equal(lastHeading('no heading, only **bold** words'), undefined);
    assert.equal(lastHeading(''), undefined);
  });
});
