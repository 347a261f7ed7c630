// Builds response bodies in the shapes the real Gemini API sends (see
// shared/notes/GEMINI_WIRE.md): one GenerateContentResponse per SSE event, the aggregate for
// non-streamed calls, and the `{"error": {...}}` envelope with its typed `details`.
import type { Chunk, ChunkTurn, ErrorTurn, Usage } from './scenario';

/** A wire Content as the SDK sends it; only the fields the emulator reads are typed. */
export interface WireContent {
  role?: string;
  parts?: Record<string, unknown>[];
}

/** Rough token estimate the way the docs describe it: about four characters per token. */
export function estimateTokens(contents: WireContent[] | undefined): number {
  let chars = 0;
  for (const c of contents ?? []) {
    for (const p of c.parts ?? []) chars += typeof p.text === 'string' ? p.text.length : JSON.stringify(p).length;
  }
  return Math.ceil(chars / 4);
}

/** The `{"error": ...}` body of every non-2xx answer. */
export function googleError(code: number, status: string, message: string, details?: unknown[]): object {
  return { error: { code, message, status, ...(details && details.length > 0 ? { details } : {}) } };
}

/** An error turn's body, with QuotaFailure, Help and RetryInfo details in the real API's order. */
export function errorTurnBody(turn: ErrorTurn, model: string): object {
  const e = turn.error;
  const details: unknown[] = [];
  if (e.quotaId) {
    const metric = e.quotaMetric ?? (/InputToken/i.test(e.quotaId)
      ? 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count'
      : 'generativelanguage.googleapis.com/generate_content_free_tier_requests');
    details.push({
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [{ quotaMetric: metric, quotaId: e.quotaId, quotaDimensions: { location: 'global', model } }],
    });
    details.push({
      '@type': 'type.googleapis.com/google.rpc.Help',
      links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
    });
  }
  if (e.retryDelay) details.push({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: e.retryDelay });
  details.push(...(e.details ?? []));
  return googleError(e.httpStatus, e.status, e.message, details);
}

/** The body the real API gives a bad key: 400 with ErrorInfo reason API_KEY_INVALID. */
export function invalidKeyBody(): object {
  const message = 'API key not valid. Please pass a valid API key.';
  return googleError(400, 'INVALID_ARGUMENT', message, [
    { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
    { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
  ]);
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

function usageFor(turn: ChunkTurn, promptTokens: number): Usage {
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
    totalTokenCount: promptTokens + candidates + thoughts,
  };
}

/** Context of one response: the model named in the URL and the estimated prompt size. */
export interface ResponseContext {
  model: string;
  promptTokens: number;
  responseId: string;
}

/** One GenerateContentResponse per chunk; the last carries finishReason (or the block) and full usage. */
export function streamEvents(turn: ChunkTurn, ctx: ResponseContext): object[] {
  const usage = usageFor(turn, ctx.promptTokens);
  // Earlier events carry only the prompt size, as the real API's do.
  const prompt = usage.promptTokenCount ?? ctx.promptTokens;
  const running = { promptTokenCount: prompt, totalTokenCount: prompt };
  const meta = { modelVersion: ctx.model, responseId: ctx.responseId };
  const events: object[] = turn.chunks.map((chunk, i) => {
    const last = i === turn.chunks.length - 1 && !turn.blockReason;
    const content = chunk.emptyCandidate ? { role: 'model' } : { role: 'model', parts: [toPart(chunk)] };
    const candidate = { content, ...(last ? { finishReason: turn.finishReason } : {}), index: 0 };
    return { candidates: [candidate], usageMetadata: last ? usage : running, ...meta };
  });
  if (turn.blockReason) {
    events.push({ promptFeedback: { blockReason: turn.blockReason }, usageMetadata: usage, ...meta });
  } else if (events.length === 0) {
    events.push({ candidates: [{ content: { role: 'model' }, finishReason: turn.finishReason, index: 0 }], usageMetadata: usage, ...meta });
  }
  return events;
}

/** The single response of a non-streamed generateContent: every part in one candidate. */
export function aggregateResponse(turn: ChunkTurn, ctx: ResponseContext): object {
  const usage = usageFor(turn, ctx.promptTokens);
  const meta = { modelVersion: ctx.model, responseId: ctx.responseId };
  if (turn.blockReason) return { promptFeedback: { blockReason: turn.blockReason }, usageMetadata: usage, ...meta };
  const parts = turn.chunks.filter((c) => !c.emptyCandidate).map(toPart);
  const content = parts.length > 0 ? { role: 'model', parts } : { role: 'model' };
  return { candidates: [{ content, finishReason: turn.finishReason, index: 0 }], usageMetadata: usage, ...meta };
}

/** The Part a chunk puts on the wire; undefined for an empty candidate. */
export function wirePart(chunk: Chunk): Record<string, unknown> | undefined {
  return chunk.emptyCandidate ? undefined : toPart(chunk);
}
