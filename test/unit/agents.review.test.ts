import * as assert from 'node:assert/strict';
import { ReviewVerdict, taskDiff } from '../../src/agents/review';
import type { GenerateRequest } from '../../src/model/types';
import { agents } from './fakes/agents';
import { harness, lastResponses } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';

const original = 'export function add(a: number, b: number) {\n  return a + b;\n}\n';
const files = { 'src/math.ts': original };
const addSub = call('edit_file', { path: 'src/math.ts', edits: [{ search: '  return a + b;\n}\n', replace: '  return a + b;\n}\n\nexport function sub(a: number, b: number) {\n  return a + b;\n}\n' }] });
const fixSub = call('edit_file', { path: 'src/math.ts', edits: [{ search: 'export function sub(a: number, b: number) {\n  return a + b;', replace: 'export function sub(a: number, b: number) {\n  return a - b;' }] });
const changes = (body = 'sub adds instead of subtracting; return a - b.') => call('submit_review', { verdict: 'changes', summary: 'sub is wrong.', comments: [{ path: 'src/math.ts', line: 6, body }] });
const approve = call('submit_review', { verdict: 'approve', summary: 'Looks right.' });

function userTexts(req: GenerateRequest): string {
  return req.contents.flatMap((c) => c.parts.map((p) => p.text ?? '')).join('\n');
}

describe('agents: the review verdict schema', () => {
  it('takes an approval without comments and changes with comments', () => {
    assert.ok(ReviewVerdict.safeParse({ verdict: 'approve', summary: 'Fine.' }).success);
    assert.ok(ReviewVerdict.safeParse({ verdict: 'changes', summary: 'No.', comments: [{ path: 'a.ts', line: 3, endLine: 4, body: 'Fix it.' }] }).success);
  });

  it('refuses changes without comments, unknown verdicts, empty summaries and bad lines', () => {
    const bad = [
      { verdict: 'changes', summary: 'No.' },
      { verdict: 'changes', summary: 'No.', comments: [] },
      { verdict: 'maybe', summary: 'Hm.' },
      { verdict: 'approve', summary: '  ' },
      { verdict: 'changes', summary: 'No.', comments: [{ path: 'a.ts', line: 0, body: 'x' }] },
      { verdict: 'changes', summary: 'No.', comments: [{ path: 'a.ts', body: '' }] },
    ];
    for (const v of bad) assert.equal(ReviewVerdict.safeParse(v).success, false, JSON.stringify(v));
  });
});

describe('agents: the task diff', () => {
  it('is a unified diff per file, creations and deletions against /dev/null', () => {
    const diff = taskDiff([
      { path: 'a.ts', before: 'x\n', after: 'y\n' },
      { path: 'new.ts', before: undefined, after: 'n\n' },
      { path: 'old.ts', before: 'o\n', after: undefined },
    ]);
    assert.equal(diff, '--- a/a.ts\n+++ b/a.ts\n@@ -1,1 +1,1 @@\n-x\n+y\n--- /dev/null\n+++ b/new.ts\n@@ -0,0 +1,1 @@\n+n\n--- a/old.ts\n+++ /dev/null\n@@ -1,1 +0,0 @@\n-o\n');
  });
});

describe('agents: the reviewer', () => {
  it('asks for a change, the coder makes it, the second round approves, then validation runs', async () => {
    const h = harness([plan({ id: '1', description: 'Add sub to math.ts', files: ['src/math.ts'] }), addSub, say('Added sub.'), fixSub, say('Fixed sub.')], {
      files,
      settings: { agents: agents({ reviewer: true }) },
      roles: { reviewer: [call('read_file', { path: 'src/math.ts' }), changes(), approve] },
    });
    const result = await h.run('Add a sub function');
    assert.equal(result.status, 'completed');
    assert.equal(h.fs.text('src/math.ts'), `${original}\nexport function sub(a: number, b: number) {\n  return a - b;\n}\n`);
    assert.deepEqual(
      h.of('review').map((r) => [r.taskId, r.round, r.verdict, r.comments.length]),
      [['1', 1, 'changes', 1], ['1', 2, 'approve', 0]],
    );
    // The coder got the comments as a user message after its answer.
    const coderFix = h.model.requests[3];
    assert.match(coderFix.contents.at(-1)!.parts[0].text!, /^The reviewer asked for changes to task 1 \(review round 1 of 1\):\nsub is wrong\.\n\n- src\/math\.ts:6: sub adds instead of subtracting; return a - b\./);
    // The reviewer saw the task, the request and the diff; the second round its earlier comments and the new diff.
    const [first, , second] = h.roles.reviewer!.requests;
    assert.match(first.systemInstruction!, /^You are the reviewer/);
    assert.match(userTexts(first), /Review task 1: Add sub to math\.ts[\s\S]*The user's request:\nAdd a sub function[\s\S]*\+export function sub[\s\S]*\+  return a \+ b;/);
    assert.match(userTexts(second), /Your earlier review \(round 1\) asked for these changes[\s\S]*\+  return a - b;/);
    // Only then validation, once, after the reviewed changes.
    assert.deepEqual(h.of('validation').map((v) => v.ok), [true]);
    const order = h.events.map((e) => e.type).filter((t) => t === 'review' || t === 'validation');
    assert.deepEqual(order, ['review', 'review', 'validation']);
  });

  it('sends changes back at most maxRounds times; the last round\'s verdict is shown, not sent', async () => {
    const h = harness([plan({ id: '1', description: 'Add sub', files: ['src/math.ts'] }), addSub, say('Added.'), say('I think it is right.')], {
      files,
      settings: { agents: agents({ reviewer: { maxRounds: 1 } }) },
      roles: { reviewer: [changes(), changes('Still wrong.')] },
    });
    const result = await h.run('Add sub');
    assert.equal(result.status, 'completed');
    assert.deepEqual(h.of('review').map((r) => [r.round, r.verdict]), [[1, 'changes'], [2, 'changes']]);
    const coderTexts = h.model.requests.map(userTexts);
    assert.equal(coderTexts.filter((t) => /The reviewer asked for changes/.test(t)).length, 1, 'one comments message, in the last request');
    assert.doesNotMatch(coderTexts.at(-1)!, /Still wrong/);
    assert.equal(h.model.remaining, 0);
    assert.equal(h.of('validation').length, 1);
  });

  it('repairs a verdict that does not validate once, forcing submit_review', async () => {
    const h = harness([plan({ id: '1', description: 'Add sub' }), addSub, say('Added.')], {
      files,
      settings: { agents: agents({ reviewer: true }) },
      roles: { reviewer: [call('submit_review', { verdict: 'changes', summary: 'Bad.' }), approve] },
    });
    await h.run('Add sub');
    const repair = h.roles.reviewer!.requests[1];
    assert.deepEqual(repair.toolChoice, { mode: 'ANY', allowedFunctionNames: ['submit_review'] });
    assert.match(String(lastResponses(repair.contents)[0].error), /^That is not a usable review: .*a "changes" verdict needs at least one comment/);
    assert.deepEqual(h.of('review').map((r) => r.verdict), ['approve']);
  });

  it('a reviewer that gives no usable verdict is skipped: no review card, validation still runs', async () => {
    const bad = call('submit_review', { verdict: 'perhaps', summary: 'Hm.' });
    const h = harness([plan({ id: '1', description: 'Add sub' }), addSub, say('Added.')], {
      files,
      settings: { agents: agents({ reviewer: true }) },
      roles: { reviewer: [bad, bad] },
    });
    const result = await h.run('Add sub');
    assert.equal(result.status, 'completed');
    assert.equal(h.of('review').length, 0);
    assert.equal(h.of('subagentFinished')[0].status, 'failed');
    assert.equal(h.of('validation').length, 1);
  });

  it('has read-only tools and diagnostics, and is not asked about a task that changed nothing', async () => {
    const h = harness([plan({ id: '1', description: 'Add sub' }, { id: '2', description: 'Explain' }), addSub, say('Added.'), say('It adds.')], {
      files,
      settings: { agents: agents({ reviewer: true }) },
      roles: { reviewer: [approve] },
    });
    await h.run('Add sub, then explain');
    const reviewer = h.roles.reviewer!.requests;
    assert.equal(reviewer.length, 1);
    assert.deepEqual(reviewer[0].tools!.map((t) => t.name), ['list_files', 'read_file', 'search_codebase', 'get_diagnostics', 'submit_review']);
    assert.deepEqual(reviewer[0].toolChoice, { mode: 'ANY', allowedFunctionNames: ['list_files', 'read_file', 'search_codebase', 'get_diagnostics', 'submit_review'] });
    assert.deepEqual(h.of('subagentStarted').map((e) => [e.role, e.title, e.taskId]), [['reviewer', 'Review task 1', '1']]);
  });
});
