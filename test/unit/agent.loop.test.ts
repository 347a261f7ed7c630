import * as assert from 'node:assert/strict';
import type { Content } from '../../src/model/types';
import { harness, lastResponses } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';
import { exit } from './fakes/workspace';

const math = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';
const files = { 'package.json': JSON.stringify({ scripts: { check: 'node check.js' } }), 'src/math.ts': math };

function textOf(content: Content): string {
  return content.parts.map((p) => p.text ?? '').join('');
}

describe('agent loop: plan → tools → validate → fix', () => {
  it('runs two tasks, feeds a failed check back to the model, and completes after the fix', async () => {
    const h = harness(
      [
        plan({ id: '1', description: 'Create src/util.ts', files: ['src/util.ts'] }, { id: '2', description: 'Add average to math.ts', files: ['src/math.ts'] }),
        call('write_file', { path: 'src/util.ts', content: 'export const two = 2;\n' }),
        say('Created src/util.ts.'),
        call('edit_file', { path: 'src/math.ts', edits: [{ search: '  return a + b;\n}\n', replace: '  return a + b;\n}\n\nexport function avg() {}\n' }] }),
        say('Added it.'),
        call('edit_file', { path: 'src/math.ts', edits: [{ search: 'export function avg() {}', replace: 'export function average(xs: number[]) {\n  return xs.reduce(add, 0) / xs.length;\n}' }] }),
        say('Renamed it to average.'),
      ],
      { files, commands: (_cmd, i) => (i === 2 ? exit(1, '\u001b[31msrc/math.ts: missing export(s): average\u001b[0m\n') : exit(0, 'check passed\n')) },
    );
    const result = await h.run('Add a util file and an average function');

    assert.equal(result.status, 'completed');
    assert.deepEqual(h.ended(), { type: 'runEnded', status: 'completed', message: 'Done: all 2 tasks completed.' });
    assert.equal(h.fs.text('src/util.ts'), 'export const two = 2;\n');
    assert.equal(h.fs.text('src/math.ts'), `${math}\nexport function average(xs: number[]) {\n  return xs.reduce(add, 0) / xs.length;\n}\n`);
    // The baseline before the first change, then once after each task's work and once after the fix.
    assert.deepEqual(h.commands.runs.map((r) => r.command), ['npm run check', 'npm run check', 'npm run check', 'npm run check']);
    assert.deepEqual(h.of('validation').map((v) => [v.taskId, v.ok]), [['1', true], ['2', false], ['2', true]]);
    assert.deepEqual(h.of('taskStatus').map((t) => `${t.taskId}:${t.status}`), ['1:running', '1:done', '2:running', '2:done']);
    assert.equal(h.model.remaining, 0);

    // The fix attempt's prompt carries the check's new problem, without colour codes.
    const fixRequest = h.model.requests[5].contents;
    const prompt = textOf(fixRequest[fixRequest.length - 1]);
    assert.match(prompt, /Validation of task 2 failed \(fix attempt 1 of 2\)/);
    assert.match(prompt, /New problems in the files this task changed:\n- src\/math\.ts: missing export\(s\): average/);
    assert.doesNotMatch(prompt, /\u001b/);
    // Diagnostics were awaited for exactly the files each task touched: before an existing file's
    // first change (a new file has nothing before), after the task, after the fix.
    assert.deepEqual(h.diagnostics.settled, [['src/util.ts'], ['src/math.ts'], ['src/math.ts'], ['src/math.ts']]);
  });

  it('marks a task failed after the allowed fix attempts, says so, and goes on to the next task', async () => {
    const h = harness(
      [
        plan({ id: '1', description: 'Break things' }, { id: '2', description: 'Answer a question' }),
        call('write_file', { path: 'a.ts', content: 'x' }),
        say('Done.'),
        call('write_file', { path: 'a.ts', content: 'y' }),
        say('Fixed?'),
        say('Here is the answer.'),
      ],
      { files: { 'tsconfig.json': '{}' }, settings: { maxFixAttempts: 1 }, commands: (_c, i) => (i === 0 ? exit(0) : exit(2, "a.ts(1,1): error TS1005: ';' expected.")) },
    );
    const result = await h.run('Do it');
    assert.equal(result.status, 'failed');
    assert.deepEqual(result.tasks.map((t) => t.status), ['failed', 'done']);
    assert.match(h.ended().message, /task 1 \("Break things"\) failed — Validation still failed after 1 fix attempt: `npx --no-install tsc --noEmit` failed: 1 new problem/);
    assert.equal(h.commands.runs.length, 3, 'the baseline, one check, one re-check after the single fix attempt, none for the task that changed nothing');
  });

  it('feeds editor errors in changed files back to the model', async () => {
    const h = harness([plan({ id: '1', description: 'Edit' }), call('write_file', { path: 'a.ts', content: 'let x: number = "s";\n' }), say('Done.'), say('Cannot fix.')], {
      settings: { maxFixAttempts: 1 },
    });
    h.diagnostics.list = [
      { path: 'a.ts', line: 1, severity: 'error', message: "Type 'string' is not assignable to type 'number'.", source: 'ts' },
      { path: 'a.ts', line: 1, severity: 'warning', message: 'unused x' },
    ];
    await h.run('Edit');
    const contents = h.model.requests[3].contents;
    const prompt = textOf(contents[contents.length - 1]);
    assert.match(prompt, /a\.ts:1: Type 'string' is not assignable to type 'number'\. \(ts\)/);
    assert.doesNotMatch(prompt, /unused x/);
    assert.deepEqual(h.of('validation').map((v) => v.summary), ['1 new error in changed files', '1 new error in changed files']);
  });

  it('echoes thought signatures and pairs function responses with their calls in order', async () => {
    const h = harness(
      [
        plan({ id: '1', description: 'Look around' }),
        {
          thought: 'I should look at both files.',
          signature: 'sig-abc',
          calls: [
            { id: 'call-a', name: 'read_file', args: { path: 'a.txt' } },
            { id: 'call-b', name: 'list_files', args: {} },
            { id: 'call-c', name: 'read_file', args: { path: 'missing.txt' } },
          ],
        },
        say('All read.', { signature: 'sig-def' }),
      ],
      { files: { 'a.txt': 'hello\n' } },
    );
    await h.run('Read');
    const sent = h.model.requests[2].contents;
    const modelTurn = sent[sent.length - 2];
    assert.equal(modelTurn.role, 'model');
    assert.deepEqual(modelTurn.parts[0], { text: 'I should look at both files.', thought: true, thoughtSignature: 'sig-abc' });
    assert.deepEqual(modelTurn.parts.slice(1).map((p) => p.functionCall?.id), ['call-a', 'call-b', 'call-c']);
    const answer = sent[sent.length - 1];
    assert.equal(answer.role, 'user');
    assert.deepEqual(answer.parts.map((p) => [p.functionResponse?.id, p.functionResponse?.name]), [['call-a', 'read_file'], ['call-b', 'list_files'], ['call-c', 'read_file']]);
    assert.equal(lastResponses(sent)[0].content, 'hello');
    assert.match(String(lastResponses(sent)[2].error), /does not exist/);
  });

  it('streams text and thoughts as they arrive, but not the plan JSON', async () => {
    const h = harness([plan({ id: '1', description: 'Explain' }), { thought: 'thinking', text: 'The answer.' }]);
    await h.run('Explain');
    assert.deepEqual(h.events.filter((e) => e.type === 'textDelta' || e.type === 'thoughtDelta'), [
      { type: 'thoughtDelta', text: 'thinking' },
      { type: 'textDelta', text: 'The answer.' },
    ]);
    assert.deepEqual(h.of('plan')[0].tasks, [{ id: '1', description: 'Explain', files: [], status: 'pending' }]);
  });

  it('reports usage per request and the running total per run', async () => {
    const h = harness([
      { ...plan({ id: '1', description: 'x' }), usage: { promptTokens: 100, outputTokens: 10, totalTokens: 110 } },
      { text: 'ok', usage: { promptTokens: 500, outputTokens: 20, thoughtTokens: 7, cachedTokens: 100, totalTokens: 527 } },
    ]);
    const result = await h.run('x');
    const usage = h.of('usage');
    assert.equal(usage.length, 2);
    assert.deepEqual(usage[1].request, { promptTokens: 500, outputTokens: 20, thoughtTokens: 7, cachedTokens: 100, totalTokens: 527 });
    assert.deepEqual(usage[1].run, { promptTokens: 600, outputTokens: 30, thoughtTokens: 7, cachedTokens: 100, totalTokens: 637 });
    assert.deepEqual(result.usage, usage[1].run);
  });

  it('emits proposal, application and rejection events around each change', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('write_file', { path: 'a.ts', content: 'a\n' }), call('write_file', { path: 'b.ts', content: 'b\n' }), say('ok')]);
    h.approver.decide = (c) => (c.path === 'b.ts' ? { approved: false, reason: 'no b' } : { approved: true });
    await h.run('x');
    const changes = h.events.filter((e) => e.type.startsWith('change'));
    assert.deepEqual(changes, [
      { type: 'changeProposed', changeId: 'id2', path: 'a.ts', kind: 'create', added: 1, removed: 0 },
      { type: 'changeApplied', changeId: 'id2' },
      { type: 'changeProposed', changeId: 'id4', path: 'b.ts', kind: 'create', added: 1, removed: 0 },
      { type: 'changeRejected', changeId: 'id4', reason: 'no b' },
    ]);
    const rejectedAnswer = lastResponses(h.model.requests[3].contents)[0];
    assert.equal(rejectedAnswer.reason, 'no b');
    assert.equal(h.fs.text('b.ts'), undefined);
  });

  it('shows the workspace tree and the task files to the model', async () => {
    const h = harness([plan({ id: '1', description: 'Edit math', files: ['src/math.ts', 'src/new.ts', '.env'] }), say('ok')], {
      files: { ...files, '.env': 'SECRET=1', 'node_modules/x/index.js': '' },
    });
    await h.run('Edit math');
    const first = textOf(h.model.requests[0].contents[0]);
    assert.match(first, /Request:\nEdit math/);
    assert.match(first, /src\/\n {2}math\.ts/);
    assert.doesNotMatch(first, /\.env|node_modules/);
    const task = textOf(h.model.requests[1].contents[3]);
    assert.match(task, /\[>\] 1\. Edit math/);
    assert.match(task, /src\/math\.ts \(current content\):\n```\nexport function add/);
    assert.match(task, /src\/new\.ts: does not exist yet/);
    assert.doesNotMatch(task, /SECRET/);
  });
});
