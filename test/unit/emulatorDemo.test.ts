// The offline demo of `npm run sandbox`, end to end below the editor: the real agent loop and the
// real Gemini client against the emulator playing test/fixtures/scenarios/demo.json, on the sample
// workspace. Proves every turn is consumed in the order the agent asks (plan, then each task's
// turns), that the scripted edit applies and the workspace's own check passes after it, and that
// a second message in the same chat replays the looping script without an API error.
import * as assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { AgentRun } from '../../src/agent/run';
import { NO_AGENTS } from '../../src/agents/settings';
import { GeminiClient } from '../../src/model/gemini';
import type { CommandResult } from '../../src/tools/types';
import { loadScenarioFile, startEmulator, type Emulator } from '../emulator';
import { harness } from './fakes/harness';
import type { MemoryFs } from './fakes/memoryFs';

const fixtures = join(__dirname, '../../../test/fixtures');
const sample = join(fixtures, 'sample-workspace');

function filesOf(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full).split('\\').join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Runs the check command for real, on a copy of what the in-memory workspace holds now. */
function runForReal(fs: MemoryFs, command: string): CommandResult {
  const dir = mkdtempSync(join(tmpdir(), 'agent-demo-'));
  try {
    for (const [path, text] of Object.entries(fs.snapshot())) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    try {
      const output = execSync(command, { cwd: dir, encoding: 'utf8', stdio: 'pipe', timeout: 30_000 });
      return { exitCode: 0, output, timedOut: false, cancelled: false };
    } catch (e) {
      const err = e as { status?: number; stdout?: string; stderr?: string };
      return { exitCode: err.status ?? 1, output: `${err.stdout ?? ''}${err.stderr ?? ''}`, timedOut: false, cancelled: false };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('offline demo scenario through the real agent loop', function () {
  // Two `npm run check` runs for real.
  this.timeout(60_000);
  let emu: Emulator;
  const scenario = loadScenarioFile(join(fixtures, 'scenarios', 'demo.json'));

  before(async () => {
    emu = await startEmulator({ scenario });
  });
  after(() => emu.close());

  it('plans, reads, edits src/math.ts, passes the check and answers, consuming every turn in order, and replays on the next message', async () => {
    assert.equal(scenario.loop, true, 'the demo must never run dry');
    assert.ok(scenario.turns.every((t) => !t.expect), 'the user may type anything');
    const h = harness([], { files: filesOf(sample), commands: (command) => runForReal(h.fs, command) });
    // The demo's timing is for people; the test does not wait for it.
    const json = JSON.parse(readFileSync(join(fixtures, 'scenarios', 'demo.json'), 'utf8')) as { turns: object[] };
    emu.load({ ...json, turns: json.turns.map((t) => ({ ...t, chunkDelayMs: 0 })) });
    const model = new GeminiClient({ apiKey: 'offline-demo', model: 'gemini-flash-latest', baseUrl: emu.baseUrl });
    // As in the sandbox: the reviewer is on, and approves task 1's change (turn 4).
    const agent = new AgentRun({ ...h.deps, model, settings: { ...h.deps.settings, agents: { ...NO_AGENTS, reviewer: { ...NO_AGENTS.reviewer, enabled: true } } } });
    const before = h.fs.text('src/math.ts');

    const first = await agent.run({ text: 'anything at all' }, new AbortController().signal);
    assert.deepEqual(emu.failures(), []);
    assert.equal(first.status, 'completed', first.message);
    assert.deepEqual(emu.requests.map((r) => r.turn), [0, 1, 2, 3, 4, 5], 'plan, task 1 (read, edit, summary), its review, task 2 (answer)');
    assert.deepEqual(h.of('review').map((r) => [r.taskId, r.verdict]), [['1', 'approve']]);
    assert.equal(emu.unconsumedTurns(), 0);
    type Body = { generationConfig?: { responseMimeType?: string }; tools?: unknown[]; systemInstruction?: unknown; toolConfig?: { functionCallingConfig?: unknown } };
    const bodies = emu.requests.filter((r) => r.role === 'coder').map((r) => r.body as Body);
    assert.deepEqual(bodies[0].toolConfig?.functionCallingConfig, { mode: 'ANY', allowedFunctionNames: ['submit_plan'] }, 'turn 0 answers the plan request');
    assert.ok(bodies.slice(1).every((b) => !b.toolConfig), 'the other turns answer task requests');
    assert.ok(bodies.every((b) => !b.generationConfig?.responseMimeType), 'never JSON mode');
    assert.equal(new Set(bodies.map((b) => JSON.stringify([b.systemInstruction, b.tools]))).size, 1, 'one prefix for every request');
    assert.ok(h.of('thoughtDelta').length > 0, 'thoughts were asked for, and shown');

    assert.deepEqual(first.tasks.map((t) => [t.id, t.status]), [['1', 'done'], ['2', 'done']]);
    const tools = h.of('toolFinished');
    assert.deepEqual(tools.map((t) => t.ok), [true, true], tools.map((t) => t.summary).join('; '));
    const after = h.fs.text('src/math.ts') ?? '';
    assert.notEqual(after, before);
    assert.match(after, /if \(values\.length === 0\) \{\n {4}throw new RangeError/);
    // Once before the change (the baseline), once after it.
    assert.deepEqual(h.commands.runs.map((r) => r.command), ['npm run check', 'npm run check']);
    assert.deepEqual(h.of('validation').map((v) => [v.taskId, v.ok]), [['1', true]], h.of('validation').map((v) => v.summary).join('; '));
    assert.equal(runForReal(h.fs, 'node check.js').exitCode, 0, 'the sample workspace still passes its check');
    const answer = h.of('textDelta').map((d) => d.text).join('');
    assert.match(answer, /offline demo/);
    assert.doesNotMatch(answer, /"tasks"/, 'the plan is not shown as text');

    // A second message: the script starts over; the conversation (signatures included) is accepted.
    const second = await agent.run({ text: 'and again' }, new AbortController().signal, first.history);
    assert.deepEqual(emu.failures(), []);
    assert.equal(second.status, 'completed', second.message);
    // The replayed edit changes nothing, so there is nothing to review.
    assert.deepEqual(emu.requests.map((r) => r.turn), [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 5]);
    const replayed = h.of('toolFinished').slice(2);
    assert.deepEqual(replayed.map((t) => t.ok), [true, false], 'the replayed edit no longer matches the changed file');
    assert.equal(h.fs.text('src/math.ts'), after);
    // The task planned to change src/math.ts, so its baseline check started with it; with no change, none ran after.
    assert.equal(h.commands.runs.length, 3, 'no change, no check after the task');
  });
});
