/**
 * Fixes found by the in-host fault suite (test/integration/host/faults*.test.ts), each pinned
 * here in the pure core where it lives.
 */
import * as assert from 'node:assert/strict';
import { inFormatOf } from '../../src/edits/textFormat';
import { toModelError } from '../../src/model/errors';
import { listFilesTool } from '../../src/tools/listFiles';
import { lineWindow, MAX_FILE_BYTES, readFileTool } from '../../src/tools/readFile';
import { writeFileTool } from '../../src/tools/writeFile';
import { harness } from './fakes/harness';
import { MemoryFs } from './fakes/memoryFs';
import { plan, say } from './fakes/scriptedModel';
import { invoke, toolContext } from './fakes/toolContext';

const symlinkOut = (path: string) => new Error(`"${path}" leads outside the workspace through a symbolic link; the agent only touches files inside the workspace.`);

describe('fault fixes: the agent loop', () => {
  it('keeps a blocked answer out of the history the next run sends', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), { text: 'Blocked partial answer', finishReason: 'SAFETY', blockedReason: 'SAFETY' }]);
    const result = await h.run('x');
    assert.equal(result.status, 'failed');
    assert.ok(!JSON.stringify(result.history).includes('Blocked partial answer'), 'the blocked text is not in the history');
  });

  it('names a plan file the workspace refuses instead of failing the run', async () => {
    const h = harness([plan({ id: '1', description: 'x', files: ['link/secret.txt', 'a.ts'] }), say('Done.')], { files: { 'a.ts': 'export {};\n' } });
    const stat = h.fs.stat.bind(h.fs);
    h.fs.stat = async (path) => {
      if (path.startsWith('link/')) throw symlinkOut(path);
      return stat(path);
    };
    const result = await h.run('x');
    assert.equal(result.status, 'completed', result.message);
    const task = JSON.stringify(h.model.requests[1].contents.at(-1));
    assert.match(task, /link\/secret\.txt: not shown \(\\"link\/secret\.txt\\" leads outside the workspace through a symbolic link/);
    assert.match(task, /a\.ts \(current content\)/);
  });
});

describe('fault fixes: tools', () => {
  it('list_files lists a folder whose sub-folder cannot be read, and says which', async () => {
    const fs = new MemoryFs({ 'src/a.ts': 'x', 'link/b.txt': 'y' });
    const readDirectory = fs.readDirectory.bind(fs);
    fs.readDirectory = async (path) => {
      if (path === 'link') throw symlinkOut(path);
      return readDirectory(path);
    };
    const { ctx } = toolContext(fs);
    const r = await invoke(listFilesTool, { recursive: true }, ctx);
    assert.equal(r.error, undefined);
    assert.deepEqual(r.entries, ['link/', 'src/', 'src/a.ts']);
    assert.match(String(r.unreadable), /^Not listed, could not be read: link\/ \("link" leads outside the workspace/);
  });

  it('list_files still fails when the folder asked for cannot be read', async () => {
    const fs = new MemoryFs({ 'link/b.txt': 'y' });
    fs.readDirectory = async (path) => {
      throw symlinkOut(path);
    };
    const { ctx } = toolContext(fs);
    await assert.rejects(invoke(listFilesTool, { path: 'link' }, ctx), /leads outside the workspace/);
  });

  it('read_file pages a 50 MB file instead of refusing it', async () => {
    assert.ok(MAX_FILE_BYTES >= 50 * 1024 * 1024);
    const lines = 1_000_000;
    // 50-byte lines, built as bytes at once (building a million strings took most of this test's time).
    const bytes = new Uint8Array(lines * 50).fill(0x78);
    for (let end = 49; end < bytes.length; end += 50) bytes[end] = 0x0a;
    const last = new TextEncoder().encode(`line ${lines}`);
    bytes.set(last, bytes.length - 50);
    const { ctx } = toolContext(new MemoryFs({ 'huge.log': bytes }));
    const r = await invoke(readFileTool, { path: 'huge.log', start_line: lines }, ctx);
    assert.equal(r.error, undefined);
    assert.equal(r.total_lines, lines);
    assert.equal(r.content, `line ${lines}${'x'.repeat(49 - last.length)}`);
    const first = await invoke(readFileTool, { path: 'huge.log' }, ctx);
    assert.equal(first.end_line, 800);
    assert.match(String(first.note), /Call read_file with start_line 801/);
  });

  it('read_file finds its page by scanning line feeds, with the lines splitting the whole text would give', () => {
    const reference = (text: string) => {
      const lines = text.split(/\r?\n/);
      if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
      return lines;
    };
    for (const text of ['', 'a', 'a\n', 'a\n\n', '\n', '\r\n', 'a\r\nb', 'a\r\nb\r\n', 'a\rb\n', 'x\n\ny\r\n\r\nz', '\r']) {
      const all = reference(text);
      for (let first = 1; first <= all.length + 1; first++) {
        for (let last = first - 1; last <= all.length + 1; last++) {
          assert.deepEqual(lineWindow(text, first, last), { total: all.length, lines: all.slice(first - 1, Math.max(first - 1, last)) }, JSON.stringify({ text, first, last }));
        }
      }
    }
  });

  it('read_file tells the model a non-UTF-8 file can be read but not changed', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'menu.txt': new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x0a]), 'utf8.txt': 'Café\n' }));
    const latin1 = await invoke(readFileTool, { path: 'menu.txt' }, ctx);
    assert.equal(latin1.content, 'Café');
    assert.match(String(latin1.encoding), /not UTF-8 \(shown here as Latin-1\)\. The agent can read it but not change it/);
    assert.equal((await invoke(readFileTool, { path: 'utf8.txt' }, ctx)).encoding, undefined);
  });

  it('write_file keeps the line endings and BOM of the file it rewrites', async () => {
    const fs = new MemoryFs({ 'crlf.txt': 'alpha\r\nbeta\r\n', 'bom.txt': '\ufeffone\n', 'lf.txt': 'a\n' });
    const { ctx } = toolContext(fs);
    await invoke(writeFileTool, { path: 'crlf.txt', content: 'alpha\nbeta\ngamma\n' }, ctx);
    await invoke(writeFileTool, { path: 'bom.txt', content: 'one\ntwo' }, ctx);
    await invoke(writeFileTool, { path: 'lf.txt', content: 'a\r\nb\r\n' }, ctx);
    await invoke(writeFileTool, { path: 'new.txt', content: 'x\r\ny\r\n' }, ctx);
    assert.equal(fs.text('crlf.txt'), 'alpha\r\nbeta\r\ngamma\r\n');
    assert.equal(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await fs.readFile('bom.txt')), '\ufeffone\ntwo');
    assert.equal(fs.text('lf.txt'), 'a\nb\n');
    assert.equal(fs.text('new.txt'), 'x\r\ny\r\n', 'a new file is written as given');
  });

  it('write_file of the same lines in LF to a CRLF file is no change', async () => {
    const { ctx, approver } = toolContext(new MemoryFs({ 'crlf.txt': 'alpha\r\nbeta\r\n' }));
    const r = await invoke(writeFileTool, { path: 'crlf.txt', content: 'alpha\nbeta\n' }, ctx);
    assert.equal(r.unchanged, true);
    assert.equal(approver.proposals.length, 0);
  });

  it('inFormatOf gives text the existing file\'s line endings, keeping its own final newline', () => {
    assert.equal(inFormatOf('a\r\nb\r\n', 'x\ny'), 'x\r\ny');
    assert.equal(inFormatOf('a\nb\n', '\ufeffx\r\n'), 'x\n');
  });
});

describe('fault fixes: answers that are not whole', () => {
  it('marks an answer cut at MAX_TOKENS in the chat, not in the history', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), { text: 'first, the', finishReason: 'MAX_TOKENS' }]);
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    assert.equal(h.of('textDelta').map((e) => e.text).join(''), "first, the\n\n*[The answer stops here: it reached the model's output limit (MAX_TOKENS).]*");
    assert.ok(!JSON.stringify(result.history).includes('The answer stops here'));
  });

  it('says so when a task ends with no answer at all', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), {}]);
    await h.run('x');
    assert.deepEqual(h.of('textDelta').map((e) => e.text), ['*[Gemini ended this task without an answer.]*']);
  });

  it('adds nothing to a whole answer', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), say('All done.')]);
    await h.run('x');
    assert.deepEqual(h.of('textDelta').map((e) => e.text), ['All done.']);
  });
});

describe('fault fixes: model errors', () => {
  it('reads the SDK\'s "Error reading from the stream" (a socket closed mid-answer) as a cut stream', () => {
    const err = toModelError(new Error('[GoogleGenerativeAI Error]: Error reading from the stream'), { baseUrl: 'http://x', model: 'm' });
    assert.equal(err.kind, 'streamCut');
    assert.equal(err.message, 'The connection to Gemini broke off in the middle of the answer.');
    assert.equal(err.retryable, true);
  });
});
