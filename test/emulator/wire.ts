// Builds response bodies in the shapes the real Gemini API sends (see
// shared/notes/GEMINI_WIRE.md): one GenerateContentResponse per SSE event, the aggregate for
// non-streamed calls, and the `{"error": {...}}` envelope with its typed `details`.
import { errorBody, errorPresets, googleError } from './errors';
import type { Chunk, ChunkTurn, Usage } from './scenario';

export { googleError } from './errors';

/** A wire Content as the SDK sends it; only the fields the emulator reads are typed. */
export interface WireContent {
  role?: string;
  parts?: Record<string, unknown>[];
}

/** Characters a part counts for in the estimate: its text, or its JSON for other parts. */
export function partChars(p: Record<string, unknown>): number {
  return typeof p.text === 'string' ? p.text.length : JSON.stringify(p).length;
}

/** Rough token estimate the way the docs describe it: about four characters per token. */
export function estimateTokens(contents: WireContent[] | undefined): number {
  let chars = 0;
  for (const c of contents ?? []) for (const p of c.parts ?? []) chars += partChars(p);
  return Math.ceil(chars / 4);
}

/** The estimate of a whole GenerateContentRequest: system instruction, tools (as JSON) and contents. */
export function estimateRequestTokens(body: { systemInstruction?: unknown; tools?: unknown; contents?: WireContent[] }): number {
  const system = (body.systemInstruction as WireContent | undefined)?.parts ?? [];
  let chars = system.reduce((n, p) => n + partChars(p), 0);
  if (Array.isArray(body.tools) && body.tools.length > 0) chars += JSON.stringify(body.tools).length;
  for (const c of body.contents ?? []) for (const p of c.parts ?? []) chars += partChars(p);
  return Math.ceil(chars / 4);
}

/** The body the real API gives a bad key: 400 with ErrorInfo reason API_KEY_INVALID. */
export function invalidKeyBody(): object {
  const message = 'API key not valid. Please pass a valid API key.';
  return errorBody({ ...errorPresets['api-key-invalid'], message }, '');
}

/** The body the real API gives a request without any key. */
export function missingKeyBody(): object {
  return googleError(403, 'PERMISSION_DENIED',
    'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.');
}

/** Turns a scenario chunk into the Part sent on the wire; calls without args get `args: {}` as the real API sends. */
function toPart(chunk: Chunk): Record<string, unknown> {
  const part: Record<string, unknown> = { ...chunk };
  if (chunk.functionCall) part.functionCall = { name: chunk.functionCall.name, args: chunk.functionCall.args ?? {} };
  return part;
}

function usageFor(turn: ChunkTurn, promptTokens: number, cachedTokens: number): Usage {
  if (turn.usage) {
    const u = turn.usage;
    const total = (u.promptTokenCount ?? 0) + (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0) + (u.toolUsePromptTokenCount ?? 0);
    return { ...u, totalTokenCount: u.totalTokenCount ?? total };
  }
  const count = (thought: boolean) => Math.ceil(turn.chunks
    .filter((c) => !c.emptyCandidate && Boolean(c.thought) === thought)
    .reduce((n, c) => n + (c.text?.length ?? JSON.stringify(c).length), 0) / 4);
  const candidates = count(false);
  const thoughts = count(true);
  return {
    promptTokenCount: promptTokens,
    candidatesTokenCount: candidates,
    ...(thoughts > 0 ? { thoughtsTokenCount: thoughts } : {}),
    ...(cachedTokens > 0 ? { cachedContentTokenCount: cachedTokens } : {}),
    totalTokenCount: promptTokens + candidates + thoughts,
  };
}

/** Context of one response, taken from its request. */
export interface ResponseContext {
  /** The model named in the URL (quota details name it). */
  model: string;
  /** The resolved version answered as `modelVersion`. */
  modelVersion: string;
  promptTokens: number;
  /** The implicit cache's share of the prompt; 0 for none. */
  cachedTokens: number;
  responseId: string;
  /** The request set thinkingConfig.includeThoughts: thought parts are sent; otherwise only counted. */
  includeThoughts: boolean;
}

/** The chunks a request gets to see: thought chunks only when it asked for them. */
export function visibleChunks(turn: ChunkTurn, includeThoughts: boolean): Chunk[] {
  return includeThoughts ? turn.chunks : turn.chunks.filter((c) => !c.thought);
}

function finish(turn: ChunkTurn): object {
  return { finishReason: turn.finishReason, ...(turn.finishMessage !== undefined ? { finishMessage: turn.finishMessage } : {}) };
}

/** One GenerateContentResponse per chunk; the last carries finishReason (or the block) and full usage. */
export function streamEvents(turn: ChunkTurn, ctx: ResponseContext): object[] {
  const usage = usageFor(turn, ctx.promptTokens, ctx.cachedTokens);
  // Earlier events carry only the prompt size, as the real API's do.
  const prompt = usage.promptTokenCount ?? ctx.promptTokens;
  const running = { promptTokenCount: prompt, totalTokenCount: prompt };
  const meta = { modelVersion: ctx.modelVersion, responseId: ctx.responseId };
  const chunks = visibleChunks(turn, ctx.includeThoughts);
  // A stream that fails late ends with the error object: no chunk before it carries a finish.
  const finishes = !turn.blockReason && !turn.streamError;
  const events: object[] = chunks.map((chunk, i) => {
    const last = i === chunks.length - 1 && finishes;
    const content = chunk.emptyCandidate ? { role: 'model' } : { role: 'model', parts: [toPart(chunk)] };
    const candidate = { content, ...(last ? finish(turn) : {}), index: 0 };
    return { candidates: [candidate], usageMetadata: last ? usage : running, ...meta };
  });
  if (turn.streamError) {
    events.push(errorBody(turn.streamError, ctx.model));
  } else if (turn.blockReason) {
    events.push({ promptFeedback: { blockReason: turn.blockReason }, usageMetadata: usage, ...meta });
  } else if (events.length === 0) {
    events.push({ candidates: [{ content: { role: 'model' }, ...finish(turn), index: 0 }], usageMetadata: usage, ...meta });
  }
  return events;
}

/** The single response of a non-streamed generateContent: every part in one candidate. */
export function aggregateResponse(turn: ChunkTurn, ctx: ResponseContext): object {
  const usage = usageFor(turn, ctx.promptTokens, ctx.cachedTokens);
  const meta = { modelVersion: ctx.modelVersion, responseId: ctx.responseId };
  if (turn.blockReason) return { promptFeedback: { blockReason: turn.blockReason }, usageMetadata: usage, ...meta };
  const parts = visibleChunks(turn, ctx.includeThoughts).filter((c) => !c.emptyCandidate).map(toPart);
  const content = parts.length > 0 ? { role: 'model', parts } : { role: 'model' };
  return { candidates: [{ content, ...finish(turn), index: 0 }], usageMetadata: usage, ...meta };
}

/** The Part a chunk puts on the wire; undefined for an empty candidate. */
export function wirePart(chunk: Chunk): Record<string, unknown> | undefined {
  return chunk.emptyCandidate ? undefined : toPart(chunk);
}
