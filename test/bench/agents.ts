/**
 * Helper agents (issue 20), through the real Gemini client against the in-process emulator, with
 * one turn queue per role.
 * - Context saving: a question that needs 20 files read. Without explorers the coder reads them
 *   itself (four rounds of five read_file calls); with them, it asks one explorer, which reads
 *   them in its own conversation and reports back. Measured: the tokens of the coder's
 *   conversation (the contents of its last request, at four characters a token, as the emulator
 *   counts), with the total tokens of all agents of the run beside it.
 * - Parallelism: three explore calls in one turn, each explorer's model request taking 1 s
 *   (the emulator's `latencyMs`). Measured: wall time from the first explore card to the last
 *   one's end; baseline: the same with `maxParallel` 1 (one after another), in the same run.
 */
import { AgentRun } from '../../src/agent/run';
import { NO_AGENTS, type AgentsSettings } from '../../src/agents/settings';
import { GeminiClient } from '../../src/model/gemini';
import type { AgentEvent } from '../../src/shared/events';
import { startEmulator, type Emulator } from '../emulator';
import { harness } from '../unit/fakes/harness';
import { rng, SourceGen } from './sourceText';
import { times, type Row } from './table';

const FILES = 20;
const PER_ROUND = 5;
const LATENCY_MS = 1000;

type Body = { contents?: unknown[] };

const explorerOn = (maxParallel = 3): AgentsSettings => ({ ...NO_AGENTS, mainModel: 'gemini-2.5-flash', explorer: { enabled: true, model: 'gemini-flash-lite-latest', maxParallel }, caps: { ...NO_AGENTS.caps, maxToolRounds: 8 } });

async function run(emu: Emulator, files: Record<string, string>, agents: AgentsSettings, text: string): Promise<{ events: Array<{ at: number; e: AgentEvent }>; status: string }> {
  const h = harness([], { files });
  const client = (model: string) => new GeminiClient({ apiKey: 'bench', model, baseUrl: emu.baseUrl });
  const events: Array<{ at: number; e: AgentEvent }> = [];
  const agent = new AgentRun({
    ...h.deps,
    model: client('gemini-2.5-flash'),
    modelFor: client,
    settings: { ...h.deps.settings, agents },
    emit: (e) => {
      events.push({ at: performance.now(), e });
      h.deps.emit(e);
    },
  });
  const result = await agent.run({ text }, new AbortController().signal);
  const failures = emu.failures();
  if (failures.length > 0) throw new Error(`the emulator refused a request: ${JSON.stringify(failures[0]).slice(0, 300)}`);
  if (emu.unconsumedTurns() > 0) throw new Error(`${emu.unconsumedTurns()} scripted turn(s) were not used`);
  return { events, status: result.status };
}

const readRounds = (agent?: string) =>
  Array.from({ length: FILES / PER_ROUND }, (_, r) => ({
    ...(agent ? { agent } : {}),
    chunks: Array.from({ length: PER_ROUND }, (_, i) => ({ functionCall: { name: 'read_file', args: { path: `src/module${r * PER_ROUND + i}.ts` } } })),
  }));
const plan = { chunks: [{ functionCall: { name: 'submit_plan', args: { tasks: [{ id: '1', description: 'Answer the question', files: [] }] } } }] };
const QUESTION = 'Which of the 20 modules export a function that takes a callback?';
const REPORT = 'Modules 3, 7 and 15 export functions taking a callback (onDone, visit, each); the others do not.\n\nReferences:\n- src/module3.ts:12\n- src/module7.ts:4-9\n- src/module15.ts:20';

/** The coder's conversation: the contents of its last request, in tokens at four characters each. */
function coderTokens(emu: Emulator): number {
  const coder = emu.requests.filter((r) => /generateContent/i.test(r.task ?? '') && r.role === 'coder');
  const last = coder.at(-1)!.body as Body;
  return Math.ceil(JSON.stringify(last.contents ?? []).length / 4);
}

function runTokens(events: Array<{ e: AgentEvent }>): number {
  const usage = events.filter((x) => x.e.type === 'usage').at(-1)?.e as Extract<AgentEvent, { type: 'usage' }> | undefined;
  return usage?.run.totalTokens ?? 0;
}

export async function contextSaving(): Promise<Row> {
  const gen = new SourceGen(rng(11));
  const files: Record<string, string> = { 'package.json': '{"name":"explore"}' };
  for (let i = 0; i < FILES; i++) files[`src/module${i}.ts`] = gen.module(40);
  const emu = await startEmulator({ scenario: { name: 'bench-read-20', turns: [] } });
  try {
    emu.load({ name: 'bench-read-20-self', turns: [plan, ...readRounds(), { chunks: [{ text: REPORT.split('\n\n')[0] }] }] });
    const self = await run(emu, files, NO_AGENTS, QUESTION);
    const selfTokens = coderTokens(emu);
    const selfTotal = runTokens(self.events);
    emu.load({
      name: 'bench-read-20-explorer',
      turns: [plan, { chunks: [{ functionCall: { name: 'explore', args: { question: QUESTION } } }] }, ...readRounds('explorer'), { agent: 'explorer', chunks: [{ text: REPORT }] }, { chunks: [{ text: REPORT.split('\n\n')[0] }] }],
    });
    const explored = await run(emu, files, explorerOn(), QUESTION);
    const exploredTokens = coderTokens(emu);
    const exploredTotal = runTokens(explored.events);
    const ratio = selfTokens / exploredTokens;
    const k = (n: number) => `${(n / 1000).toFixed(1)}k`;
    return {
      figure: 'agents: context saving (20 files read)',
      measured: `${k(exploredTokens)} tokens in the coder's conversation with an explorer (all agents: ${k(exploredTotal)} tokens in all)`,
      baseline: `${k(selfTokens)} reading them itself (all: ${k(selfTotal)})`,
      ratio: `${times(ratio)} fewer`,
      aim: '≥ 3× fewer',
      ok: ratio >= 3,
    };
  } finally {
    await emu.close();
  }
}

export async function parallelExplorers(): Promise<Row> {
  const questions = ['Where is the config read?', 'Which modules log errors?', 'What calls the parser?'];
  const turns = () => [
    plan,
    { chunks: questions.map((question) => ({ functionCall: { name: 'explore', args: { question } } })) },
    ...questions.map((q, i) => ({ agent: 'explorer', latencyMs: LATENCY_MS, expect: { firstUserTextIncludes: q }, chunks: [{ text: `Answer ${i + 1}.` }] })),
    { chunks: [{ text: 'All three answered.' }] },
  ];
  const emu = await startEmulator({ scenario: { name: 'bench-parallel', turns: [] } });
  const span = (events: Array<{ at: number; e: AgentEvent }>) => {
    const ids = new Set(events.filter((x) => x.e.type === 'toolStarted' && x.e.name === 'explore').map((x) => (x.e as { callId: string }).callId));
    const marks = events.filter((x) => (x.e.type === 'toolStarted' || x.e.type === 'toolFinished') && ids.has(x.e.callId)).map((x) => x.at);
    if (ids.size !== 3) throw new Error(`expected three explore cards, got ${ids.size}`);
    return Math.max(...marks) - Math.min(...marks);
  };
  try {
    emu.load({ name: 'bench-parallel-3', turns: turns() });
    const parallel = span((await run(emu, {}, explorerOn(3), 'Three questions')).events);
    emu.load({ name: 'bench-parallel-1', turns: turns() });
    const sequential = span((await run(emu, {}, explorerOn(1), 'Three questions')).events);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    return {
      figure: 'agents: three explorers of 1 s each',
      measured: `${s(parallel)} wall time (maxParallel 3)`,
      baseline: `${s(sequential)} one after another (maxParallel 1)`,
      ratio: `${times(sequential / parallel)} faster`,
      aim: '< 1.5 s',
      ok: parallel < 1500,
    };
  } finally {
    await emu.close();
  }
}
