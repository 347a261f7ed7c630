// The scenario file format that drives the emulator. Scenarios are written by hand and by other
// tools, so every one is parsed here with strict schemas: a typo such as `finishreason` is an
// error naming the turn and field, not a silently ignored key.
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const expectSchema = z.strictObject({
  /** Substring the text of the request's last user content must contain. */
  textIncludes: z.string().optional(),
  /** Names of the functionResponse parts the last user content carries (compared as a set). */
  functionResponseNames: z.array(z.string()).optional(),
});

/** A wire Part sent as one SSE event, or `{"emptyCandidate": true}` for a candidate without parts. */
const chunkSchema = z
  .strictObject({
    text: z.string().optional(),
    thought: z.boolean().optional(),
    thoughtSignature: z.string().optional(),
    functionCall: z.strictObject({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).optional() }).optional(),
    emptyCandidate: z.literal(true).optional(),
    // Rarer Part fields pass through as given; listing them keeps typos such as `txt` an error.
    inlineData: z.unknown().optional(),
    fileData: z.unknown().optional(),
    executableCode: z.unknown().optional(),
    codeExecutionResult: z.unknown().optional(),
    functionResponse: z.unknown().optional(),
    videoMetadata: z.unknown().optional(),
  })
  .refine((c) => Object.keys(c).length > 0, 'a chunk needs at least one field (text, functionCall, ...)')
  .refine((c) => !c.emptyCandidate || Object.keys(c).length === 1, '`emptyCandidate` must be the only field of its chunk');

const usageSchema = z.strictObject({
  promptTokenCount: z.int().nonnegative().optional(),
  candidatesTokenCount: z.int().nonnegative().optional(),
  thoughtsTokenCount: z.int().nonnegative().optional(),
  cachedContentTokenCount: z.int().nonnegative().optional(),
  toolUsePromptTokenCount: z.int().nonnegative().optional(),
  totalTokenCount: z.int().nonnegative().optional(),
});

const chunkTurnSchema = z.strictObject({
  expect: expectSchema.optional(),
  chunks: z.array(chunkSchema).default([]),
  finishReason: z.string().default('STOP'),
  /** Ends the stream with a `promptFeedback.blockReason` event instead of a finishReason. */
  blockReason: z.string().optional(),
  usage: usageSchema.optional(),
  chunkDelayMs: z.int().nonnegative().default(0),
  /** Send this many events, then destroy the socket: a stream cut mid-way. */
  dropConnectionAfterChunks: z.int().nonnegative().optional(),
});

const errorTurnSchema = z.strictObject({
  expect: expectSchema.optional(),
  error: z.strictObject({
    httpStatus: z.int().min(400).max(599),
    status: z.string().min(1),
    message: z.string(),
    retryDelay: z.string().regex(/^\d+(\.\d+)?s$/, 'retryDelay looks like "1s" or "0.5s"').optional(),
    quotaId: z.string().optional(),
    quotaMetric: z.string().optional(),
    /** Extra `details` entries appended as given. */
    details: z.array(z.looseObject({ '@type': z.string() })).optional(),
  }),
});

const rawTurnSchema = z.strictObject({
  expect: expectSchema.optional(),
  /** Response body sent byte for byte (captured replays, malformed SSE). */
  raw: z.string(),
  httpStatus: z.int().min(100).max(599).default(200),
  contentType: z.string().default('text/event-stream'),
});

const modelSchema = z.looseObject({
  name: z.string().regex(/^models\/.+/, 'a model name looks like "models/gemini-flash-latest"'),
});

const topSchema = z.strictObject({
  name: z.string().default('unnamed'),
  /** Replaces the default list served by `GET /v1beta/models`. */
  models: z.array(modelSchema).optional(),
  /** After the last turn, start over from the first instead of refusing further requests. */
  loop: z.boolean().default(false),
  turns: z.array(z.unknown()),
});

export type Expect = z.infer<typeof expectSchema>;
export type Chunk = z.infer<typeof chunkSchema>;
export type Usage = z.infer<typeof usageSchema>;
export type ChunkTurn = z.infer<typeof chunkTurnSchema> & { kind: 'chunks' };
export type ErrorTurn = z.infer<typeof errorTurnSchema> & { kind: 'error' };
export type RawTurn = z.infer<typeof rawTurnSchema> & { kind: 'raw' };
export type Turn = ChunkTurn | ErrorTurn | RawTurn;
export type ModelInfo = z.infer<typeof modelSchema>;
/** A validated scenario; turns carry a `kind` so code can switch on them. */
export interface Scenario {
  name: string;
  models?: ModelInfo[];
  /** Starts over from the first turn after the last one (an offline demo that never runs dry). */
  loop: boolean;
  turns: Turn[];
}

/** Thrown for a scenario that does not parse; the message lists every problem with its path. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

function formatIssues(issues: z.core.$ZodIssue[], prefix: (string | number)[]): string[] {
  return issues.map((i) => {
    const path = [...prefix, ...i.path]
      .map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`))
      .join('');
    return `  ${path || '(top level)'}: ${i.message}`;
  });
}

// A turn's kind is decided by its keys, then parsed by that kind's strict schema: errors then
// speak about the fields of the turn the author meant, not about three union branches at once.
function parseTurn(raw: unknown, index: number, problems: string[]): Turn | undefined {
  const keys = raw !== null && typeof raw === 'object' ? Object.keys(raw) : [];
  const kind = keys.includes('error') ? 'error' : keys.includes('raw') ? 'raw' : 'chunks';
  const schema = kind === 'error' ? errorTurnSchema : kind === 'raw' ? rawTurnSchema : chunkTurnSchema;
  const r = schema.safeParse(raw);
  if (!r.success) {
    problems.push(...formatIssues(r.error.issues, ['turns', index]));
    return undefined;
  }
  return { ...r.data, kind } as Turn;
}

// Scenarios this module produced, so passing one back (e.g. to startEmulator) skips a re-parse
// that would trip over the added `kind` fields.
const validated = new WeakSet<object>();

/** Validates scenario JSON (already parsed); `source` names it in error messages. */
export function parseScenario(json: unknown, source = 'scenario'): Scenario {
  if (typeof json === 'object' && json !== null && validated.has(json)) return json as Scenario;
  const top = topSchema.safeParse(json);
  if (!top.success) throw new ScenarioError(`Invalid ${source}:\n${formatIssues(top.error.issues, []).join('\n')}`);
  const problems: string[] = [];
  const turns = top.data.turns.map((t, i) => parseTurn(t, i, problems));
  if (problems.length > 0) throw new ScenarioError(`Invalid ${source}:\n${problems.join('\n')}`);
  const scenario: Scenario = { name: top.data.name, models: top.data.models, loop: top.data.loop, turns: turns as Turn[] };
  validated.add(scenario);
  return scenario;
}

/** Reads and validates a scenario file. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioError(`Cannot read scenario file ${path}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError(`Scenario file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  return parseScenario(json, `scenario file ${path}`);
}
