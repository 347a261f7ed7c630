// The scenario file format that drives the emulator. Scenarios are written by hand and by other
// tools, so every one is parsed here with strict schemas: a typo such as `finishreason` is an
// error naming the turn and field, not a silently ignored key.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { errorPresetNames, errorPresets, type ErrorSpec } from './errors';
import { ruleIds } from './rules';

/** Every finish reason of the API's Candidate.FinishReason enum. */
export const finishReasons = [
  'FINISH_REASON_UNSPECIFIED', 'STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'LANGUAGE', 'OTHER', 'BLOCKLIST',
  'PROHIBITED_CONTENT', 'SPII', 'MALFORMED_FUNCTION_CALL', 'IMAGE_SAFETY', 'IMAGE_PROHIBITED_CONTENT', 'IMAGE_OTHER',
  'NO_IMAGE', 'IMAGE_RECITATION', 'UNEXPECTED_TOOL_CALL', 'TOO_MANY_TOOL_CALLS', 'MISSING_THOUGHT_SIGNATURE', 'MALFORMED_RESPONSE',
] as const;

/** Every block reason of the API's PromptFeedback.BlockReason enum. */
export const blockReasons = ['BLOCK_REASON_UNSPECIFIED', 'SAFETY', 'OTHER', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'IMAGE_SAFETY'] as const;

const retryDelaySchema = z.string().regex(/^\d+(\.\d+)?s$/, 'retryDelay looks like "1s" or "0.5s"');

const errorObjectSchema = z.strictObject({
  /** Start from a named preset (errors.ts); the other fields override it. */
  preset: z.enum(errorPresetNames).optional(),
  httpStatus: z.int().min(400).max(599).optional(),
  status: z.string().min(1).optional(),
  message: z.string().optional(),
  retryDelay: retryDelaySchema.optional(),
  quotaId: z.string().optional(),
  quotaMetric: z.string().optional(),
  quotaValue: z.string().optional(),
  /** ErrorInfo.reason and metadata. */
  reason: z.string().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
  /** Help links. */
  links: z.array(z.strictObject({ description: z.string(), url: z.string() })).optional(),
  /** Extra `details` entries appended as given. */
  details: z.array(z.looseObject({ '@type': z.string() })).optional(),
});

/** An error as a preset name or an object (with or without a preset), resolved to a full ErrorSpec. */
const errorSpecSchema = z
  .union([z.enum(errorPresetNames), errorObjectSchema])
  .transform((e, ctx): ErrorSpec => {
    const { preset, ...own } = typeof e === 'string' ? { preset: e } : e;
    const base: Partial<ErrorSpec> = preset ? errorPresets[preset] : {};
    const merged = { ...base, ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)) } as Partial<ErrorSpec>;
    if (merged.httpStatus === undefined || merged.status === undefined || merged.message === undefined) {
      ctx.addIssue({ code: 'custom', message: `an error needs a preset (${errorPresetNames.join(', ')}) or httpStatus, status and message` });
      return z.NEVER;
    }
    return merged as ErrorSpec;
  });

/**
 * Who a turn answers (issue 20): one queue per role. A request is a subagent's when its
 * systemInstruction starts "You are the planner|explorer|reviewer" (roles.ts); any other is the coder's.
 */
export const agentRoles = ['coder', 'planner', 'explorer', 'reviewer'] as const;
export type AgentRole = (typeof agentRoles)[number];
const agentSchema = z.enum(agentRoles).default('coder');

const expectSchema = z.strictObject({
  /** Substring the text of the request's last user content must contain. */
  textIncludes: z.string().optional(),
  /** Substring the text of the request's first user content must contain: picks a conversation (an explorer's question). */
  firstUserTextIncludes: z.string().optional(),
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
  agent: agentSchema,
  expect: expectSchema.optional(),
  chunks: z.array(chunkSchema).default([]),
  finishReason: z.enum(finishReasons).default('STOP'),
  /** Sent beside the finishReason on the last candidate, saying why it ended. */
  finishMessage: z.string().optional(),
  /** Ends the stream with a `promptFeedback.blockReason` event instead of a finishReason. */
  blockReason: z.enum(blockReasons).optional(),
  /** After the chunks, one last event holding this error object instead of a finish (a stream that fails late). */
  streamError: errorSpecSchema.optional(),
  usage: usageSchema.optional(),
  chunkDelayMs: z.int().nonnegative().default(0),
  /** Wait this long before answering at all (a model's time to first token), streamed or not. */
  latencyMs: z.int().nonnegative().default(0),
  /** Send this many events, then destroy the socket: a stream cut mid-way. */
  dropConnectionAfterChunks: z.int().nonnegative().optional(),
});

const errorTurnSchema = z.strictObject({
  agent: agentSchema,
  expect: expectSchema.optional(),
  error: errorSpecSchema,
});

/** A turn consumed by a request the emulator must refuse (by the named rule, or any); not playing anything. */
const rejectionTurnSchema = z.strictObject({
  agent: agentSchema,
  expect: expectSchema.optional(),
  expectRejection: z.union([z.enum(ruleIds), z.literal(true)]),
});

const rawTurnSchema = z.strictObject({
  agent: agentSchema,
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
  /** Shortest shared prefix (estimated tokens) that implicit caching reports as cached. */
  cacheMinTokens: z.int().nonnegative().default(2048),
  /** The n-th embedding request since load gets `embedErrors[n]` when it is not null. */
  embedErrors: z.array(errorSpecSchema.nullable()).default([]),
  turns: z.array(z.unknown()),
});

export type Expect = z.infer<typeof expectSchema>;
export type Chunk = z.infer<typeof chunkSchema>;
export type Usage = z.infer<typeof usageSchema>;
export type ChunkTurn = z.infer<typeof chunkTurnSchema> & { kind: 'chunks' };
export type ErrorTurn = z.infer<typeof errorTurnSchema> & { kind: 'error' };
export type RawTurn = z.infer<typeof rawTurnSchema> & { kind: 'raw' };
export type RejectionTurn = z.infer<typeof rejectionTurnSchema> & { kind: 'rejection' };
export type Turn = ChunkTurn | ErrorTurn | RawTurn | RejectionTurn;
export type ModelInfo = z.infer<typeof modelSchema>;
/** A validated scenario; turns carry a `kind` so code can switch on them. */
export interface Scenario {
  name: string;
  models?: ModelInfo[];
  /** Starts over from the first turn after the last one (an offline demo that never runs dry). */
  loop: boolean;
  /** Shortest shared prefix, in estimated tokens, reported as `cachedContentTokenCount` (default 2048). */
  cacheMinTokens: number;
  /** Errors for embedding requests by their order since load; null: answered normally. */
  embedErrors: (ErrorSpec | null)[];
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
  const kind = keys.includes('error') ? 'error' : keys.includes('raw') ? 'raw' : keys.includes('expectRejection') ? 'rejection' : 'chunks';
  const schema = { error: errorTurnSchema, raw: rawTurnSchema, rejection: rejectionTurnSchema, chunks: chunkTurnSchema }[kind];
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
  const { name, models, loop, cacheMinTokens, embedErrors } = top.data;
  const scenario: Scenario = { name, models, loop, cacheMinTokens, embedErrors, turns: turns as Turn[] };
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
