/**
 * The helper agents in a real VS Code host against the strict emulator, with one turn queue per
 * role: a reviewer that requests a change the coder then makes, and three explorers at once.
 */
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AgentApi } from '../../../src/extension';
import type { AgentEvent, AgentEventOf } from '../../../src/shared/events';
import { agentApi, emulatorRequests, emulatorStatus, loadScenario } from '../helpers';
import { callTurn, onePlan, planTurn, textTurn, type Turn } from '../scenarios';

const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const config = () => vscode.workspace.getConfiguration('geminiAgent');

interface WireRequest {
  role?: string;
  path: string;
  body: { contents: Array<{ role: string; parts: Array<{ text?: string; functionResponse?: { name: string; response: Record<string, unknown> } }> }> };
}

/** Sends a request, waits for the run to end, and checks the emulator served every turn and refused nothing. */
async function runToEnd(api: AgentApi, text: string) {
  const rec = await recordEvents();
  try {
    await api.chat.send({ text });
    await api.chat.idle();
  } finally {
    rec.dispose();
  }
  const status = await emulatorStatus();
  assert.deepEqual(status.failures, []);
  assert.equal(status.unconsumedTurns, 0);
  return { rec, status };
}

/** Every event of the runs started while the listener is on. */
async function recordEvents(): Promise<{ events: AgentEvent[]; of<T extends AgentEvent['type']>(type: T): Array<AgentEventOf<T>>; dispose(): void }> {
  const api = await agentApi();
  const events: AgentEvent[] = [];
  const l = api.chat.listen({ onEvents: (_chat: string, list: AgentEvent[]) => events.push(...list), onSnapshot: () => undefined } as Parameters<typeof api.chat.listen>[0]);
  return {
    events,
    of: <T extends AgentEvent['type']>(type: T) => events.filter((e): e is AgentEventOf<T> => e.type === type),
    dispose: () => l.dispose(),
  };
}

const review = (args: Record<string, unknown>, signature: string, extra: Partial<Turn> = {}): Turn => ({
  agent: 'reviewer',
  chunks: [{ functionCall: { name: 'submit_review', args }, thoughtSignature: signature }],
  ...extra,
});

describe('helper agents in a real VS Code host', function () {
  this.timeout(120_000);

  // What the host's user settings said before (the reviewer is off there): put back, not removed,
  // since removing a setting brings back the product's default for the suites that follow.
  const keys = ['checkCommand', 'approvalMode', 'agents.reviewer.enabled'] as const;
  const saved = new Map<string, unknown>();

  before(async () => {
    for (const key of keys) saved.set(key, config().inspect(key)?.globalValue);
    writeFileSync(join(root(), 'agents-check.js'), "console.log('agents check passed');\n");
    await config().update('checkCommand', 'node agents-check.js', vscode.ConfigurationTarget.Global);
    await config().update('approvalMode', 'auto', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    rmSync(join(root(), 'src/greet.ts'), { force: true });
    rmSync(join(root(), 'agents-check.js'), { force: true });
    for (const key of keys) await config().update(key, saved.get(key), vscode.ConfigurationTarget.Global);
  });

  it('the reviewer requests a change, the coder makes it, the second review approves', async () => {
    await config().update('agents.reviewer.enabled', true, vscode.ConfigurationTarget.Global);
    const api = await agentApi();
    api.chat.newChat();
    const first = "export function greet(name: string): string {\n  return 'Hello ' + name;\n}\n";
    await loadScenario({
      name: 'reviewer-requests-a-change',
      turns: [
        planTurn([{ id: '1', description: 'Create src/greet.ts with greet()', files: ['src/greet.ts'] }], 'add greet'),
        callTurn('write_file', { path: 'src/greet.ts', content: first }, 'sig-write'),
        textTurn(['Created greet().'], { expect: { functionResponseNames: ['write_file'] } }),
        review({ verdict: 'changes', summary: 'The greeting lacks its exclamation mark.', comments: [{ path: 'src/greet.ts', line: 2, body: 'End the greeting with "!".' }] }, 'sig-r1', {
          expect: { firstUserTextIncludes: 'Review task 1' },
        }),
        callTurn('edit_file', { path: 'src/greet.ts', edits: [{ search: "'Hello ' + name;", replace: "'Hello ' + name + '!';" }] }, 'sig-fix', {
          expect: { textIncludes: 'End the greeting with "!".' },
        }),
        textTurn(['Added the exclamation mark.'], { expect: { functionResponseNames: ['edit_file'] } }),
        review({ verdict: 'approve', summary: 'Looks right now.' }, 'sig-r2', { expect: { textIncludes: 'Your earlier review (round 1)' } }),
      ],
    });
    const { rec } = await runToEnd(api, 'add greet');
    assert.equal(rec.of('runEnded')[0]?.status, 'completed', rec.of('runEnded')[0]?.message);
    assert.equal(readFileSync(join(root(), 'src/greet.ts'), 'utf8'), first.replace("'Hello ' + name;", "'Hello ' + name + '!';"));
    assert.deepEqual(
      rec.of('review').map((r) => [r.taskId, r.round, r.verdict, r.comments.map((c) => `${c.path}:${c.line}`)]),
      [
        ['1', 1, 'changes', ['src/greet.ts:2']],
        ['1', 2, 'approve', []],
      ],
    );
    assert.deepEqual(rec.of('subagentStarted').map((e) => [e.role, e.title, e.taskId]), [
      ['reviewer', 'Review task 1', '1'],
      ['reviewer', 'Review task 1 (round 2)', '1'],
    ]);
    // The second review saw the fixed line in the diff; validation came after both reviews.
    const reviewer = ((await emulatorRequests()) as unknown as WireRequest[]).filter((r) => r.role === 'reviewer');
    assert.equal(reviewer.length, 2);
    assert.match(reviewer[1].body.contents[0].parts[0].text ?? '', /\+ {2}return 'Hello ' \+ name \+ '!';/);
    const order = rec.events.map((e) => e.type).filter((t) => t === 'review' || t === 'validation');
    assert.deepEqual(order, ['review', 'review', 'validation']);
  });

  it('three explorers work at the same time and the coder gets their three reports', async () => {
    const api = await agentApi();
    api.chat.newChat();
    const questions = ['Where is add defined?', 'Which files import math?', 'What does the README say?'];
    const explorer = (q: string, answer: string): Turn => ({ agent: 'explorer', latencyMs: 800, expect: { firstUserTextIncludes: q }, chunks: [{ text: answer }] });
    await loadScenario({
      name: 'three-explorers',
      turns: [
        onePlan('Answer the questions', 'three questions'),
        { chunks: questions.map((question, i) => ({ functionCall: { name: 'explore', args: { question } }, ...(i === 0 ? { thoughtSignature: 'sig-explore' } : {}) })) },
        explorer(questions[0], 'add is defined in src/math.ts.\n\nReferences:\n- src/math.ts:1-3'),
        explorer(questions[1], 'Nothing imports math yet.'),
        explorer(questions[2], 'The README describes the fixture.\n\nReferences:\n- README.md'),
        textTurn(['All three answered.'], { expect: { functionResponseNames: ['explore'] } }),
      ],
    });
    const { rec, status } = await runToEnd(api, 'three questions');
    assert.equal(status.roles.explorer.requests, 3);
    assert.equal(status.roles.explorer.maxInFlight, 3, 'the three explorers were answered side by side');
    assert.equal(rec.of('runEnded')[0]?.status, 'completed', rec.of('runEnded')[0]?.message);
    // The coder's last request answers the three calls in their order, with the reports only.
    const coder = ((await emulatorRequests()) as unknown as WireRequest[]).filter((r) => r.role === 'coder' && /generateContent/i.test(r.path));
    const responses = coder.at(-1)!.body.contents.at(-1)!.parts.map((p) => p.functionResponse!.response);
    assert.deepEqual(responses, [
      { report: 'add is defined in src/math.ts.', refs: ['src/math.ts:1-3'] },
      { report: 'Nothing imports math yet.', refs: [] },
      { report: 'The README describes the fixture.', refs: ['README.md'] },
    ]);
    const started = rec.of('subagentStarted');
    const cards = rec.of('toolStarted').filter((e) => e.name === 'explore').map((e) => e.callId);
    assert.deepEqual(started.map((e) => [e.role, e.model, e.title]), questions.map((q) => ['explorer', 'gemini-flash-lite-latest', q]));
    assert.deepEqual(started.map((e) => e.parentCallId), cards);
    assert.deepEqual(rec.of('subagentFinished').map((e) => e.status), ['done', 'done', 'done']);
    assert.ok(rec.of('usage').at(-1)!.byRole?.explorer, 'the explorers\' usage is in the run\'s split');
  });
});
