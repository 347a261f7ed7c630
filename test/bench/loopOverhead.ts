/**
 * Loop overhead: a whole AgentRun against a model that answers at once (a plan, then 200 rounds of
 * one `read_file` each, then a closing answer), in memory. The time spent inside the model is
 * taken out, so what is left is the agent's own work per round: building the request, budgeting,
 * dispatching and validating the call, running the tool, recording the result. Baseline: the same
 * 200 tool calls made directly. Heap is measured after GC with the 200-round conversation held.
 */
import * as assert from 'node:assert/strict';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { AgentRun } from '../../src/agent/run';
import { IgnoreFilter } from '../../src/guards/ignore';
import { emptyUsage, type Content, type FunctionCall, type GenerateRequest, type ModelClient, type ModelTurn, type StreamDelta } from '../../src/model/types';
import { createTools } from '../../src/tools/index';
import { readFileTool } from '../../src/tools/readFile';
import { MemoryFs } from '../unit/fakes/memoryFs';
import { FakeApprover, FakeCommands, FakeDiagnostics, FakeSearch } from '../unit/fakes/workspace';
import { rng, SourceGen } from './sourceText';
import { bytes, median, ms, times, type Row } from './table';

const ROUNDS = 200;
const RUNS = 5;

/** Plays turns without recording requests (a recording model would dominate the heap). */
class InstantModel implements ModelClient {
  modelMs = 0;
  private turn = 0;
  constructor(private readonly turns: Array<{ text?: string; call?: FunctionCall }>) {}

  async generate(request: GenerateRequest, onDelta: (d: StreamDelta) => void): Promise<ModelTurn> {
    const t0 = performance.now();
    const spec = this.turns[this.turn++];
    if (!spec) throw new Error('the script ran out');
    if (spec.text) onDelta({ type: 'text', text: spec.text });
    if (spec.call) onDelta({ type: 'functionCall', call: spec.call });
    const content: Content = { role: 'model', parts: spec.call ? [{ functionCall: spec.call }] : [{ text: spec.text ?? '' }] };
    const usage = { ...emptyUsage(), promptTokens: 1000 + 300 * this.turn, outputTokens: 20, totalTokens: 1020 + 300 * this.turn };
    const turn: ModelTurn = { content, text: spec.text ?? '', functionCalls: spec.call ? [spec.call] : [], finishReason: 'STOP', usage };
    this.modelMs += performance.now() - t0;
    void request;
    return turn;
  }

  async listModels() {
    return [{ id: 'instant', displayName: 'Instant', inputTokenLimit: 1_048_576 }];
  }
}

function workspace(): MemoryFs {
  const gen = new SourceGen(rng(4));
  const files: Record<string, string> = { 'package.json': '{"name":"loop"}' };
  for (let i = 0; i < ROUNDS; i++) files[`src/module${i}.ts`] = gen.module(30);
  return new MemoryFs(files);
}

const script = (): Array<{ text?: string; call?: FunctionCall }> => [
  { call: { name: 'submit_plan', args: { tasks: [{ id: '1', description: 'Read every module', files: [] }] } } },
  ...Array.from({ length: ROUNDS }, (_, i) => ({ call: { name: 'read_file', args: { path: `src/module${i}.ts` } } })),
  { text: 'All modules read.' },
];

async function oneRun(): Promise<{ agentMs: number; history: Content[]; events: number }> {
  const fs = workspace();
  const model = new InstantModel(script());
  let events = 0;
  let ids = 0;
  const run = new AgentRun({
    model,
    tools: createTools(),
    workspace: { fs, search: new FakeSearch(fs), commands: new FakeCommands(), diagnostics: new FakeDiagnostics(), approver: new FakeApprover(fs) },
    settings: { maxToolRounds: ROUNDS + 10, maxRunTokens: 1e12, checkCommand: '' },
    emit: () => void events++,
    sleep: async () => undefined,
    now: () => Date.now(),
    newId: () => `id${++ids}`,
  });
  const t0 = performance.now();
  const result = await run.run({ text: 'Read every module and tell me what they do.' }, new AbortController().signal);
  const total = performance.now() - t0;
  assert.equal(result.status, 'completed', result.message);
  return { agentMs: total - model.modelMs, history: result.history, events };
}

async function directCalls(): Promise<number> {
  const fs = workspace();
  const ctx = { fs, search: new FakeSearch(fs), commands: new FakeCommands(), diagnostics: new FakeDiagnostics(), approver: new FakeApprover(fs), signal: new AbortController().signal, ignore: IgnoreFilter.create() };
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) await readFileTool.execute(readFileTool.parameters.parse({ path: `src/module${i}.ts` }), ctx);
  return performance.now() - t0;
}

/** Median ms per round and per direct call. Its own function, so no run outlives it in a suspended frame. */
async function timing(): Promise<{ perRound: number; perCall: number }> {
  await oneRun();
  await directCalls();
  const agent: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    agent.push((await oneRun()).agentMs / ROUNDS);
    direct.push((await directCalls()) / ROUNDS);
  }
  return { perRound: median(agent), perCall: median(direct) };
}

export async function loopOverhead(): Promise<Row[]> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  // Heap first: nothing of an earlier run can still be around.
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = await oneRun();
  gc();
  const after = process.memoryUsage().heapUsed;
  // Read after the measurement, so the conversation is certainly alive when it is taken.
  const contents = held.history.length;
  const historyBytes = Buffer.byteLength(JSON.stringify(held.history));
  assert.ok(contents > ROUNDS * 2, 'the conversation is not held');
  const { perRound, perCall } = await timing();
  return [
    {
      figure: `loop overhead (${ROUNDS} read_file rounds)`,
      measured: `${ms(perRound)} per round, model time removed`,
      baseline: `${ms(perCall)} per direct read_file call`,
      ratio: `${times(perRound / perCall)} of the tool alone`,
      aim: '< 5 ms/round',
      ok: perRound < 5,
    },
    {
      figure: `heap after a ${ROUNDS}-round conversation`,
      measured: `${bytes(after)} heap used (${contents} contents, ${bytes(historyBytes)} as JSON)`,
      baseline: `${bytes(before)} before the run`,
      ratio: `${after >= before ? '+' : '−'}${bytes(Math.abs(after - before))}`,
      aim: '< 100 MB',
      ok: after < 100 * 1024 * 1024,
    },
  ];
}
