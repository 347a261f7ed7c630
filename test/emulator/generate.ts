// Serves one generateContent / streamGenerateContent request: takes a turn from the queue of the
// agent role that sent it (roles.ts; the coder's next turn, or another role's first matching one),
// checks the request against the real API's rules and the turn's `expect`, then answers the way
// that turn says (stream, error, raw bytes, or a stream cut short or ending in an error).
import type { ServerResponse } from 'node:http';
import { checkExpect, parseGenerateRequest } from './checks';
import { errorBody } from './errors';
import { sendJson, sleep, write } from './http';
import { isEmbeddingModel, isKnownModel, resolveModel } from './models';
import { roleOfRequest } from './roles';
import { checkGenerateRequest, invalidArgument, unknownModel, type Violation } from './rules';
import type { ChunkTurn, RejectionTurn } from './scenario';
import type { EmulatorState, RecordedRequest } from './state';
import { aggregateResponse, estimateRequestTokens, googleError, streamEvents, visibleChunks, wirePart, type ResponseContext } from './wire';

/** One generate request, already routed and recorded. */
export interface GenerateCall {
  state: EmulatorState;
  res: ServerResponse;
  record: RecordedRequest;
  model: string;
  /** API version named in the URL (`v1beta`), for the unknown-model message. */
  version?: string;
  stream: boolean;
  /** `?alt=sse` was given: events as SSE; otherwise a streamed JSON array, as the real API does. */
  sse: boolean;
  /** Aborts when the emulator closes, so chunk delays do not hold the process. */
  signal: AbortSignal;
}

/** Why the real API would refuse this request, if it would. */
function violationOf(call: GenerateCall, contents: Parameters<EmulatorState['signatures']['check']>[0]): Violation | undefined {
  const models = call.state.current.models;
  if (!isKnownModel(call.model, models) || isEmbeddingModel(call.model, models)) return unknownModel(call.model, call.version ?? 'v1beta', 'generateContent');
  const violation = checkGenerateRequest(call.record.body, call.model);
  if (violation) return violation;
  const badSignature = call.state.signatures.check(contents);
  return badSignature ? invalidArgument('thought-signature', badSignature) : undefined;
}

export async function serveGenerate(call: GenerateCall): Promise<void> {
  const { state, res, record } = call;
  const role = roleOfRequest(record.body);
  record.role = role;
  const parsed = parseGenerateRequest(record.body);
  // Every generate request consumes a turn, rejected ones too, so logs and turns stay aligned.
  const pick = state.takeTurn(role, parsed.ok ? parsed.request.contents : undefined);
  // Taken synchronously on arrival, so parallel requests never share a turn.
  record.turn = pick.ok ? pick.index : undefined;
  const fail = (message: string) => {
    state.fail(record, message);
    sendJson(res, 400, googleError(400, 'INVALID_ARGUMENT', message));
  };
  const refuse = (v: Violation, expected: boolean) => {
    state.reject(record, v, expected);
    sendJson(res, v.httpStatus, googleError(v.httpStatus, v.status, v.message));
  };
  const scenario = state.current;
  if (!parsed.ok) return fail(`Invalid GenerateContentRequest: ${parsed.error}`);
  const contents = parsed.request.contents;
  const violation = violationOf(call, contents);
  if (pick.ok && pick.turn.kind === 'rejection') return expectedRejection(pick.index, pick.turn, violation, { fail, refuse, scenario: scenario.name });
  if (violation) return refuse(violation, false);
  if (!pick.ok) return fail(pick.why);
  // Only a coder turn can mismatch here: another role's turn was chosen because its expect matched.
  const mismatch = checkExpect(pick.turn.expect, contents);
  if (mismatch) return fail(`Emulator: turn ${pick.index} of scenario "${scenario.name}": ${mismatch}`);

  const turn = pick.turn;
  // In flight from here (latency, then chunks) until the answer ends: parallel requests overlap here.
  res.once('close', state.beginAnswer(role));
  switch (turn.kind) {
    case 'error':
      return sendJson(res, turn.error.httpStatus, errorBody(turn.error, call.model));
    case 'raw':
      res.writeHead(turn.httpStatus, { 'Content-Type': turn.contentType });
      res.end(Buffer.from(turn.raw, 'utf8'));
      return;
    case 'chunks': {
      const body = parsed.request as Parameters<typeof estimateRequestTokens>[0];
      const thinking = (parsed.request.generationConfig as { thinkingConfig?: { includeThoughts?: unknown } } | undefined)?.thinkingConfig;
      const ctx: ResponseContext = {
        model: call.model,
        modelVersion: resolveModel(call.model),
        promptTokens: estimateRequestTokens(body),
        cachedTokens: state.cache.lookupAndAdd(resolveModel(call.model), body, scenario.cacheMinTokens),
        responseId: state.nextResponseId(),
        includeThoughts: thinking?.includeThoughts === true,
      };
      if (!(await waitLatency(call, turn.latencyMs))) return;
      return call.stream ? streamTurn(call, turn, ctx) : wholeTurn(call, turn, ctx);
    }
  }
}

function expectedRejection(
  index: number,
  turn: RejectionTurn,
  violation: Violation | undefined,
  how: { fail: (m: string) => void; refuse: (v: Violation, expected: boolean) => void; scenario: string },
): void {
  const want = turn.expectRejection === true ? 'a rule' : `rule ${turn.expectRejection}`;
  if (!violation) return how.fail(`Emulator: turn ${index} of scenario "${how.scenario}" expected a rejection by ${want}, but the request passed every rule.`);
  const expected = turn.expectRejection === true || turn.expectRejection === violation.rule;
  if (!expected) how.fail(`Emulator: turn ${index} of scenario "${how.scenario}" expected a rejection by ${want}, got ${violation.rule}.`);
  how.refuse(violation, expected);
}

/** Waits the turn's latency; false (and the request marked aborted) when the client hung up meanwhile. */
async function waitLatency(call: GenerateCall, ms: number): Promise<boolean> {
  if (ms <= 0) return true;
  const gone = new AbortController();
  const onClose = () => gone.abort();
  call.res.once('close', onClose);
  const waited = await sleep(ms, AbortSignal.any([call.signal, gone.signal]));
  call.res.off('close', onClose);
  if (waited && !call.res.destroyed) return true;
  if (gone.signal.aborted) call.record.aborted = true;
  call.res.destroy();
  return false;
}

function wholeTurn(call: GenerateCall, turn: ChunkTurn, ctx: ResponseContext): void {
  if (turn.dropConnectionAfterChunks !== undefined) {
    call.record.dropped = true;
    call.res.socket?.destroy();
    return;
  }
  if (turn.streamError) return sendJson(call.res, turn.streamError.httpStatus, errorBody(turn.streamError, call.model));
  for (const c of turn.chunks) call.state.signatures.record([wirePart(c) ?? {}]);
  sendJson(call.res, 200, aggregateResponse(turn, ctx));
}

async function streamTurn(call: GenerateCall, turn: ChunkTurn, ctx: ResponseContext): Promise<void> {
  const { res, record, state } = call;
  let closed = false;
  const gone = new AbortController();
  res.once('close', () => {
    closed = true;
    gone.abort();
  });
  // A client that hangs up, or the emulator closing, ends a pending chunk delay at once.
  const signal = AbortSignal.any([call.signal, gone.signal]);
  res.writeHead(200, {
    'Content-Type': call.sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
    'Content-Disposition': 'attachment',
  });
  res.flushHeaders();
  const events = streamEvents(turn, ctx);
  const chunks = visibleChunks(turn, ctx.includeThoughts);
  const limit = turn.dropConnectionAfterChunks ?? Infinity;
  for (const [i, event] of events.entries()) {
    if (i >= limit) break;
    if (i > 0 && !(await sleep(turn.chunkDelayMs, signal))) closed = true;
    if (closed) return void res.destroy();
    // Remembered before sending: a client may answer the call before the stream ends.
    const part = i < chunks.length ? wirePart(chunks[i]) : undefined;
    if (part) state.signatures.record([part]);
    const json = JSON.stringify(event);
    await write(res, call.sse ? `data: ${json}\r\n\r\n` : `${i === 0 ? '[' : ',\r\n'}${json}`);
  }
  if (limit < Infinity) {
    record.dropped = true;
    res.socket?.destroy();
    return;
  }
  res.end(call.sse ? '' : ']');
}
