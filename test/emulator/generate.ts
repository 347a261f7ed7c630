// Serves one generateContent / streamGenerateContent request: consumes the next scenario turn,
// checks the request against it, then answers the way that turn says (stream, error, raw bytes,
// or a stream cut short).
import type { ServerResponse } from 'node:http';
import { checkExpect, parseGenerateRequest } from './checks';
import { sendJson, sleep, write } from './http';
import type { ChunkTurn } from './scenario';
import type { EmulatorState, RecordedRequest } from './state';
import { aggregateResponse, errorTurnBody, estimateTokens, googleError, streamEvents, wirePart, type ResponseContext } from './wire';

/** One generate request, already routed and recorded. */
export interface GenerateCall {
  state: EmulatorState;
  res: ServerResponse;
  record: RecordedRequest;
  model: string;
  stream: boolean;
  /** `?alt=sse` was given: events as SSE; otherwise a streamed JSON array, as the real API does. */
  sse: boolean;
  /** Aborts when the emulator closes, so chunk delays do not hold the process. */
  signal: AbortSignal;
}

export async function serveGenerate(call: GenerateCall): Promise<void> {
  const { state, res, record } = call;
  // Every generate request consumes a turn, rejected ones too, so logs and turns stay aligned.
  const next = state.nextTurn();
  record.turn = next?.index;
  const reject = (message: string) => {
    state.fail(record, message);
    sendJson(res, 400, googleError(400, 'INVALID_ARGUMENT', message));
  };
  const scenario = state.current;
  const parsed = parseGenerateRequest(record.body);
  if (!parsed.ok) return reject(`Invalid GenerateContentRequest: ${parsed.error}`);
  if (!next) {
    return reject(`Emulator: scenario "${scenario.name}" has no turn left (it has ${scenario.turns.length}); this request was not expected.`);
  }
  const contents = parsed.request.contents;
  const badSignature = state.signatures.check(contents);
  if (badSignature) return reject(badSignature);
  const mismatch = checkExpect(next.turn.expect, contents);
  if (mismatch) return reject(`Emulator: turn ${next.index} of scenario "${scenario.name}": ${mismatch}`);

  const turn = next.turn;
  switch (turn.kind) {
    case 'error':
      return sendJson(res, turn.error.httpStatus, errorTurnBody(turn, call.model));
    case 'raw':
      res.writeHead(turn.httpStatus, { 'Content-Type': turn.contentType });
      res.end(Buffer.from(turn.raw, 'utf8'));
      return;
    case 'chunks': {
      const ctx: ResponseContext = { model: call.model, promptTokens: estimateTokens(contents), responseId: state.nextResponseId() };
      return call.stream ? streamTurn(call, turn, ctx) : wholeTurn(call, turn, ctx);
    }
  }
}

function wholeTurn(call: GenerateCall, turn: ChunkTurn, ctx: ResponseContext): void {
  if (turn.dropConnectionAfterChunks !== undefined) {
    call.record.dropped = true;
    call.res.socket?.destroy();
    return;
  }
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
  const limit = turn.dropConnectionAfterChunks ?? Infinity;
  for (const [i, event] of events.entries()) {
    if (i >= limit) break;
    if (i > 0 && !(await sleep(turn.chunkDelayMs, signal))) closed = true;
    if (closed) return void res.destroy();
    // Remembered before sending: a client may answer the call before the stream ends.
    const part = i < turn.chunks.length ? wirePart(turn.chunks[i]) : undefined;
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
