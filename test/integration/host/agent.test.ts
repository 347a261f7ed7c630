import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChatItem } from '../../../src/shared/chatState';
import { agentApi, emulatorRequests, emulatorStatus, loadScenario, until } from '../helpers';
import { callTurn, onePlan, planTurn, rateLimited, textTurn } from '../scenarios';

const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const config = () => vscode.workspace.getConfiguration('geminiAgent');
type Item<K extends ChatItem['kind']> = Extract<ChatItem, { kind: K }>;
const itemsOf = <K extends ChatItem['kind']>(items: ChatItem[], kind: K) => items.filter((i): i is Item<K> => i.kind === kind);

/** The check the scenario's run must pass: src/stats.ts, once it exists, exports `range`. */
const CHECK = `const fs = require('fs');
if (fs.existsSync('src/stats.ts') && !fs.readFileSync('src/stats.ts', 'utf8').includes('export function range(')) {
  console.error('src/stats.ts: range is not exported');
  process.exit(1);
}
console.log('agent check passed');
`;

interface WireContent {
  role: string;
  parts: Array<{ text?: string; functionCall?: { name: string }; functionResponse?: { name: string }; thoughtSignature?: string }>;
}

describe('the agent in a real VS Code host', function () {
  this.timeout(120_000);
  const mathBefore = () => readFileSync(join(root(), 'src/math.ts'), 'utf8');
  let originalMath = '';

  before(async () => {
    originalMath = mathBefore();
    writeFileSync(join(root(), 'agent-check.js'), CHECK);
    await config().update('checkCommand', 'node agent-check.js', vscode.ConfigurationTarget.Global);
    await config().update('approvalMode', 'auto', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    writeFileSync(join(root(), 'src/math.ts'), originalMath);
    rmSync(join(root(), 'src/stats.ts'), { force: true });
    rmSync(join(root(), 'agent-check.js'), { force: true });
    await config().update('checkCommand', undefined, vscode.ConfigurationTarget.Global);
    await config().update('approvalMode', undefined, vscode.ConfigurationTarget.Global);
  });

  it('creates one file and edits another over two tasks, fixing a failed check once', async () => {
    const api = await agentApi();
    api.chat.newChat();
    const stats = 'export function rnage(values: number[]): number {\n  return Math.max(...values) - Math.min(...values);\n}\n';
    await loadScenario({
      name: 'two-tasks',
      turns: [
        planTurn(
          [
            { id: '1', description: 'Create src/stats.ts with range()', files: ['src/stats.ts'] },
            { id: '2', description: 'Add max() to src/math.ts', files: ['src/math.ts'] },
          ],
          'add stats',
        ),
        callTurn('write_file', { path: 'src/stats.ts', content: stats }, 'sig-write'),
        textTurn(['Created src/stats.ts.'], { expect: { functionResponseNames: ['write_file'] } }),
        // The check fails (the typo); the fix prompt carries its output.
        callTurn('edit_file', { path: 'src/stats.ts', edits: [{ search: 'function rnage(', replace: 'function range(' }] }, 'sig-fix', { expect: { textIncludes: 'range is not exported' } }),
        textTurn(['Fixed the name.'], { expect: { functionResponseNames: ['edit_file'] } }),
        callTurn('read_file', { path: 'src/math.ts' }, 'sig-read'),
        callTurn(
          'edit_file',
          { path: 'src/math.ts', edits: [{ search: 'export function add(a: number, b: number): number {', replace: 'export function max(values: number[]): number {\n  return Math.max(...values);\n}\n\nexport function add(a: number, b: number): number {' }] },
          'sig-edit',
          { expect: { functionResponseNames: ['read_file'] } },
        ),
        textTurn(['Added `max`.'], { expect: { functionResponseNames: ['edit_file'] } }),
      ],
    });
    await api.chat.send({ text: 'add stats helpers' });
    await api.chat.idle();

    const status = await emulatorStatus();
    assert.deepEqual(status.failures, []);
    assert.equal(status.unconsumedTurns, 0);
    const items = api.chat.state.items;
    const end = itemsOf(items, 'runEnd').at(-1);
    assert.equal(end?.status, 'completed', end?.text);
    assert.deepEqual(itemsOf(items, 'plan')[0].tasks.map((t) => t.status), ['done', 'done']);
    assert.deepEqual(itemsOf(items, 'validation').map((v) => v.ok), [false, true, true]);
    assert.deepEqual(itemsOf(items, 'change').map((c) => [c.path, c.change, c.status]), [
      ['src/stats.ts', 'create', 'applied'],
      ['src/stats.ts', 'edit', 'applied'],
      ['src/math.ts', 'edit', 'applied'],
    ]);
    assert.equal(readFileSync(join(root(), 'src/stats.ts'), 'utf8'), stats.replace('rnage', 'range'));
    assert.match(mathBefore(), /export function max\(values: number\[\]\): number \{\n {2}return Math\.max\(\.\.\.values\);\n\}\n\nexport function add/);
    assert.equal(end?.changedFiles, 2);

    // The wire: every function response answers the calls of the model turn before it, in order,
    // and that turn still carries the signature the emulator sent.
    const requests = (await emulatorRequests()).filter((r) => r.path.includes('generateContent') || r.path.includes('streamGenerateContent'));
    assert.equal(requests.length, 8);
    let paired = 0;
    for (const r of requests) {
      const contents = (r.body as { contents: WireContent[] }).contents;
      contents.forEach((c, i) => {
        const responses = c.parts.filter((p) => p.functionResponse).map((p) => p.functionResponse!.name);
        if (responses.length === 0) return;
        const prev = contents[i - 1];
        assert.equal(prev.role, 'model');
        assert.deepEqual(prev.parts.filter((p) => p.functionCall).map((p) => p.functionCall!.name), responses);
        assert.match(prev.parts.find((p) => p.functionCall)?.thoughtSignature ?? 'missing', /^sig-/, 'the thought signature is echoed');
        paired++;
      });
    }
    assert.ok(paired >= 10, `function responses checked: ${paired}`);
  });

  it('waits out a 429 for its retryDelay and then answers', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({ name: 'rate-limit', turns: [rateLimited('1.5s'), onePlan('Answer'), textTurn(['Answer after the wait.'])] });
    const t0 = Date.now();
    await api.chat.send({ text: 'hello' });
    await api.chat.idle();
    const items = api.chat.state.items;
    assert.equal(itemsOf(items, 'runEnd').at(-1)?.status, 'completed');
    const retry = itemsOf(items, 'notice').find((n) => n.level === 'retry');
    assert.match(retry?.text ?? '', /retrying in 2 s/);
    assert.ok(Date.now() - t0 >= 1500, 'the server delay was honoured');
    assert.equal(itemsOf(items, 'assistant').at(-1)?.text, 'Answer after the wait.');
    assert.equal((await emulatorStatus()).unconsumedTurns, 0);
  });

  it('retries a stream cut mid-answer without repeating the text', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({
      name: 'cut',
      turns: [onePlan('Answer'), { chunks: [{ text: 'Half an ans' }, { text: 'wer' }], dropConnectionAfterChunks: 1 }, textTurn(['A whole answer.'])],
    });
    await api.chat.send({ text: 'hello' });
    await api.chat.idle();
    const items = api.chat.state.items;
    assert.equal(itemsOf(items, 'runEnd').at(-1)?.status, 'completed');
    assert.equal(itemsOf(items, 'notice').filter((n) => n.level === 'retry').length, 1);
    assert.deepEqual(itemsOf(items, 'assistant').map((a) => a.text), ['A whole answer.']);
  });

  it('Stop mid-stream leaves no half-written file and the next request still works', async () => {
    const api = await agentApi();
    api.chat.newChat();
    const slow = { chunks: [{ text: 'Writing the file now' }, { text: ', slowly' }, { text: '...' }, { functionCall: { name: 'write_file', args: { path: 'src/half.ts', content: 'export const x = 1;\n' } }, thoughtSignature: 's' }], chunkDelayMs: 400 };
    await loadScenario({ name: 'stop', turns: [onePlan('Write'), slow] });
    const run = api.chat.send({ text: 'write a file' });
    await until(() => itemsOf(api.chat.state.items, 'assistant').some((a) => a.text.startsWith('Writing')), 20_000, 'the first chunk');
    api.chat.stop();
    await run;
    const end = itemsOf(api.chat.state.items, 'runEnd').at(-1);
    assert.equal(end?.status, 'cancelled');
    assert.equal(existsSync(join(root(), 'src/half.ts')), false);
    assert.equal(itemsOf(api.chat.state.items, 'change').length, 0);

    await loadScenario({ name: 'after-stop', turns: [onePlan('Answer'), textTurn(['Still here.'])] });
    await api.chat.send({ text: 'are you there' });
    await api.chat.idle();
    assert.equal(itemsOf(api.chat.state.items, 'assistant').at(-1)?.text, 'Still here.');
  });

  it('Stop the moment a command\'s task starts ends the run, and the command never does its work', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await config().update('allowedCommands', ['node'], vscode.ConfigurationTarget.Global);
    // A script file: `node -e` always asks (inline code), even with `node` allowed.
    writeFileSync(join(root(), 'stop-work.js'), "setTimeout(() => require('fs').writeFileSync('ran.txt', 'x'), 3000);\n");
    try {
      await loadScenario({
        name: 'stop-at-command',
        turns: [onePlan('Run'), callTurn('run_command', { command: 'node stop-work.js' }, 'sig-run')],
      });
      // Near the window where Stop once hung (terminal not open yet); the race itself is not forced here.
      const sub = vscode.tasks.onDidStartTask((e) => {
        if (e.execution.task.source === 'Gemini Agent') api.chat.stop();
      });
      try {
        const run = api.chat.send({ text: 'run it' });
        await Promise.race([run, new Promise((_, reject) => setTimeout(() => reject(new Error('the run did not end after Stop')), 15_000))]);
      } finally {
        sub.dispose();
      }
      assert.equal(itemsOf(api.chat.state.items, 'runEnd').at(-1)?.status, 'cancelled');
      await new Promise((r) => setTimeout(r, 3500));
      assert.equal(existsSync(join(root(), 'ran.txt')), false, 'the stopped command never finished its work');
    } finally {
      await config().update('allowedCommands', undefined, vscode.ConfigurationTarget.Global);
      rmSync(join(root(), 'ran.txt'), { force: true });
      rmSync(join(root(), 'stop-work.js'), { force: true });
    }
  });
});
