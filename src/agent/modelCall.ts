/**
 * One model request as the loop needs it: deltas streamed out as events the moment they arrive,
 * kept inside the context window, counted, and every response class handled the same way for the
 * planning step and for tasks:
 * - rate limits and transient server errors (429, 500, 502, 503, 504), network failures and cut
 *   streams are retried, bounded, waiting as long as the server's `RetryInfo` says or else with
 *   exponential backoff and jitter; anything else is not retried;
 * - a blocked turn is never retried nor repaired: text it already showed is withdrawn and the run
 *   stops with the reason in plain words;
 * - a malformed or unexpected tool call is asked for once more with a short hint, then stops.
 */
import { ModelError, type FunctionCall, type GenerateRequest, type ModelClient, type ModelTurn } from '../model/types';
import type { AgentEvent } from '../shared/events';
import { estimateTokens, shortenToolOutputs } from './budget';
import { badCallHint, badCallMessage, blockedMessage, withdrawnLabel } from './finish';
import { userText } from './history';
import type { Limits } from './limits';
import { RunStop } from './stop';
import type { Meter } from './usage';

interface CallOptions {
  streamText?: boolean;
  onCall?: (call: FunctionCall) => void;
}

export interface CallerDeps {
  model: ModelClient;
  emit(event: AgentEvent): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** Wall-clock time (ms since the epoch), for the panel's retry countdown. */
  now(): number;
  /** In [0, 1): the jitter added to backoff delays. */
  random(): number;
  limits: Limits;
  meter: Meter;
  settings: { maxRetries: number; maxRetryDelayMs: number; contextWindowTokens: number };
}

const BASE_DELAY_MS = 2000;
const MAX_BACKOFF_MS = 60_000;
/** Shorten when the history passes this share of the window, down to the lower one. */
const HIGH_WATER = 0.75;
const LOW_WATER = 0.55;

interface Streamed {
  text: number;
  thought: number;
}

export class ModelCaller {
  /** API tokens per estimated token, learnt from each response's usage. */
  private scale = 1;

  constructor(private readonly d: CallerDeps) {}

  /**
   * `streamText: false` hides text deltas (words around the plan are not the answer); `onCall`
   * sees each function call the moment its chunk arrives, before the turn has ended.
   */
  async generate(request: GenerateRequest, signal: AbortSignal, options: CallOptions = {}): Promise<ModelTurn> {
    const first = await this.attempt(request, signal, options);
    const hint = badCallHint(first.turn);
    if (!hint) return first.turn;
    // One more chance, with a hint. The bad turn and the hint stay out of the caller's history:
    // only the answer that counts is kept.
    const bad = first.turn.content.parts.length > 0 ? [first.turn.content] : [];
    this.d.emit({ type: 'retry', attempt: 1, delayMs: 0, reason: `${first.turn.finishReason === 'UNEXPECTED_TOOL_CALL' ? 'Gemini called a tool that is not available' : 'Gemini sent a function call that could not be read'}; asking again`, ...this.discard(first.streamed) });
    const second = await this.attempt({ ...request, contents: [...request.contents, ...bad, userText(hint)] }, signal, options);
    if (badCallHint(second.turn)) {
      this.withdraw(second.streamed, 'Withdrawn: the answer ended with a bad tool call');
      throw new RunStop('failed', badCallMessage(second.turn));
    }
    return second.turn;
  }

  /** One request with its retries; a blocked answer stops the run here. */
  private async attempt(request: GenerateRequest, signal: AbortSignal, options: CallOptions): Promise<{ turn: ModelTurn; streamed: Streamed }> {
    const window = this.d.settings.contextWindowTokens;
    this.fit(request, window * HIGH_WATER, window * LOW_WATER);
    let shrunk = false;
    for (let attempt = 1; ; attempt++) {
      this.d.limits.check(this.d.meter.run);
      const streamed: Streamed = { text: 0, thought: 0 };
      let turn: ModelTurn;
      try {
        turn = await this.d.model.generate(request, (delta) => {
          if (delta.type === 'text' && options.streamText !== false) {
            streamed.text += delta.text.length;
            this.d.emit({ type: 'textDelta', text: delta.text });
          } else if (delta.type === 'thought') {
            streamed.thought += delta.text.length;
            this.d.emit({ type: 'thoughtDelta', text: delta.text });
          } else if (delta.type === 'functionCall') {
            options.onCall?.(delta.call);
          }
        }, signal);
      } catch (err) {
        signal.throwIfAborted();
        if (!(err instanceof ModelError)) throw err;
        if (err.kind === 'tooManyTokens' && !shrunk) {
          // Our estimate was off; cut hard once rather than die on an avoidable error.
          shrunk = true;
          const now = estimateTokens(request.contents) * this.scale;
          shortenToolOutputs(request.contents, Math.min(window * 0.3, now / 2), this.scale);
          attempt--;
          continue;
        }
        const delayMs = this.retryDelay(err, attempt);
        if (delayMs === undefined) {
          // What streamed before the failure is not an answer, and is not in the history.
          this.withdraw(streamed, 'Withdrawn: the answer broke off with an error');
          throw err;
        }
        const maxRetries = this.d.settings.maxRetries;
        this.d.emit({ type: 'retry', attempt, delayMs, reason: err.message.replace(/\.$/, ''), maxRetries, at: this.d.now() + delayMs, ...this.discard(streamed) });
        await this.d.sleep(delayMs, signal);
        continue;
      }
      this.learn(request, turn);
      const run = this.d.meter.add(turn.usage);
      const byRole = this.d.meter.byRole;
      this.d.emit({ type: 'usage', request: turn.usage, run, ...(turn.modelVersion ? { model: turn.modelVersion } : {}), ...(byRole ? { byRole } : {}) });
      const blocked = blockedMessage(turn);
      if (blocked) {
        this.withdraw(streamed, withdrawnLabel(turn));
        throw new RunStop('failed', blocked);
      }
      return { turn, streamed };
    }
  }

  private discard(streamed: Streamed): { discard?: Streamed } {
    return streamed.text + streamed.thought > 0 ? { discard: { ...streamed } } : {};
  }

  private withdraw(streamed: Streamed, label: string): void {
    if (streamed.text > 0) this.d.emit({ type: 'textWithdrawn', chars: streamed.text, label });
  }

  private retryDelay(err: ModelError, attempt: number): number | undefined {
    if (!err.retryable || attempt > this.d.settings.maxRetries) return undefined;
    // Up to half again as long, at random: clients that failed together do not retry together.
    const backoff = Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), MAX_BACKOFF_MS);
    const delay = err.options.retryAfterMs ?? Math.round(backoff * (1 + this.d.random() / 2));
    return delay <= this.d.settings.maxRetryDelayMs ? delay : undefined;
  }

  private fit(request: GenerateRequest, high: number, low: number): void {
    if (estimateTokens(request.contents) * this.scale > high) shortenToolOutputs(request.contents, low, this.scale);
  }

  private learn(request: GenerateRequest, turn: ModelTurn): void {
    const estimate = estimateTokens(request.contents);
    if (turn.usage.promptTokens > 0 && estimate > 1000) this.scale = Math.max(0.5, Math.min(4, turn.usage.promptTokens / estimate));
  }
}
