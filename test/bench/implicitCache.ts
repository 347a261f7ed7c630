/**
 * Implicit cache: a chat of four messages, 20 requests in all (each message: the plan, three
 * read_file rounds, the answer), through the real Gemini client against the emulator. Measured:
 * the share of prompt tokens requests 2–20 could be served from Gemini's implicit cache — the part
 * of each request (system instruction, then tools, then contents in order) byte-identical to the
 * start of an earlier request, counted when at least 2,048 tokens, at four characters a token, as
 * ai.google.dev/gemini-api/docs/caching describes it. The emulator's own `cachedContentTokenCount`
 * is used when it reports one; otherwise the same rule is applied here to the bodies it received.
 * Baseline: the same requests with the planning request shaped as before this change (its own
 * system instruction, no tools, JSON mode).
 */
import { AgentRun } from '../../src/agent/run';
import { GeminiClient } from '../../src/model/gemini';
import { startEmulator } from '../emulator';
import { harness } from '../unit/fakes/harness';
import { rng, SourceGen } from './sourceText';
import type { Row } from './table';

const FIGURE = 'implicit cache (20 requests, 4 messages)';
const AIM = '≥ 70% after the first';
const MIN_TOKENS = 2048;
const MESSAGES = 4;
const READS = 3;
const OLD_PLAN_INSTRUCTION = 'You are a coding agent planning work in the user\'s VS Code workspace. Break the request into a short ordered list of tasks. Answer with the JSON plan only.';

type Body = { systemInstruction?: { parts?: Array<{ text?: string }> }; tools?: unknown[]; contents?: Array<{ role?: string; parts?: Array<Record<string, unknown>> }>; toolConfig?: unknown };
type Piece = { text: string; chars: number };

export async function implicitCache(): Promise<Row> {
  const gen = new SourceGen(rng(7));
  const files: Record<string, string> = { 'package.json': '{"name":"cache"}' };
  for (let i = 0; i < MESSAGES * READS; i++) files[`src/module${i}.ts`] = gen.module(40);
  const turns = [];
  for (let m = 0; m < MESSAGES; m++) {
    turns.push({ chunks: [{ text: `**Planning message ${m}**`, thought: true }, { functionCall: { name: 'submit_plan', args: { tasks: [{ id: '1', description: `Read modules for message ${m}`, files: [] }] } }, thoughtSignature: `plan-${m}` }] });
    for (let r = 0; r < READS; r++) turns.push({ chunks: [{ functionCall: { name: 'read_file', args: { path: `src/module${m * READS + r}.ts` } }, thoughtSignature: `read-${m}-${r}` }] });
    turns.push({ chunks: [{ text: `Message ${m} answered.` }] });
  }
  const emu = await startEmulator({ scenario: { name: 'bench-cache', turns } });
  try {
    const h = harness([], { files });
    const model = new GeminiClient({ apiKey: 'bench', model: 'gemini-2.5-flash', baseUrl: emu.baseUrl });
    const agent = new AgentRun({ ...h.deps, model });
    let history = (await agent.run({ text: 'Read the first modules' }, new AbortController().signal)).history;
    for (let m = 1; m < MESSAGES; m++) history = (await agent.run({ text: `Now message ${m}` }, new AbortController().signal, history)).history;
    const failures = emu.failures();
    if (failures.length > 0) throw new Error(`the emulator refused a request: ${JSON.stringify(failures[0]).slice(0, 200)}`);
    const bodies = emu.requests.filter((r) => r.task === 'streamGenerateContent').map((r) => r.body as Body);
    if (bodies.length !== MESSAGES * (READS + 2)) throw new Error(`expected ${MESSAGES * (READS + 2)} requests, got ${bodies.length}`);
    const usage = h.of('usage').map((u) => u.request);
    const reported = usage.slice(1).reduce((n, u) => n + u.cachedTokens, 0);
    const now = shareCached(bodies);
    const before = shareCached(bodies.map(oldShape));
    const fromEmulator = reported > 0 ? reported / usage.slice(1).reduce((n, u) => n + u.promptTokens, 0) : undefined;
    const measured = fromEmulator ?? now;
    const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
    return {
      figure: FIGURE,
      measured: `${pct(measured)} of prompt tokens cached (${fromEmulator !== undefined ? `emulator's cachedContentTokenCount; by the prefix rule here ${pct(now)}` : 'by the prefix rule, the emulator reports none'})`,
      baseline: `${pct(before)} (old planning request)`,
      ratio: `+${((measured - before) * 100).toFixed(0)} points`,
      aim: AIM,
      ok: measured >= 0.7,
    };
  } finally {
    await emu.close();
  }
}

/** Cached share of the prompt tokens of requests 2..n, each against every earlier request. */
function shareCached(bodies: Body[]): number {
  const pieces = bodies.map(canonical);
  let cached = 0;
  let prompt = 0;
  for (let i = 1; i < pieces.length; i++) {
    let best = 0;
    for (let j = 0; j < i; j++) best = Math.max(best, sharedChars(pieces[i], pieces[j]));
    const tokens = Math.floor(best / 4);
    cached += tokens >= MIN_TOKENS ? tokens : 0;
    prompt += Math.ceil(pieces[i].reduce((n, p) => n + p.chars, 0) / 4);
  }
  return cached / prompt;
}

/** System instruction, tools, then each part of the contents, in the order the cache reads them. */
function canonical(body: Body): Piece[] {
  const pieces: Piece[] = [];
  for (const part of body.systemInstruction?.parts ?? []) pieces.push({ text: JSON.stringify({ system: part }), chars: (part.text ?? '').length });
  if (body.tools?.length) {
    const tools = JSON.stringify(body.tools);
    pieces.push({ text: tools, chars: tools.length });
  }
  for (const c of body.contents ?? []) {
    for (const part of c.parts ?? []) {
      pieces.push({ text: JSON.stringify({ role: c.role, part }), chars: typeof part.text === 'string' ? part.text.length : JSON.stringify(part).length });
    }
  }
  return pieces;
}

function sharedChars(a: Piece[], b: Piece[]): number {
  let chars = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i].text !== b[i].text) break;
    chars += a[i].chars;
  }
  return chars;
}

/** The planning request as it was: its own system instruction, no tools (JSON mode). */
function oldShape(body: Body): Body {
  if (!body.toolConfig) return body;
  return { ...body, systemInstruction: { parts: [{ text: OLD_PLAN_INSTRUCTION }] }, tools: undefined, toolConfig: undefined };
}
