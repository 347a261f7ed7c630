/**
 * One model request as the loop needs it: deltas streamed out as events the moment they arrive,
 * retried with backoff on rate limits, outages and cut streams (waiting as long as the server
 * says), kept inside the context window, and counted.
 */
import { ModelError, type FunctionCall, type GenerateRequest, type ModelClient, type ModelTurn } from '../model/types';
import type { AgentEvent } from '../shared/events';
import { estimateTokens, shortenToolOutputs } from './budget';
import type { RunLimits } from './limits';
import type { UsageMeter } from './usage';

export interface CallerDeps {
  model: ModelClient;
  emit(event: AgentEvent): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  limits: RunLimits;
  meter: UsageMeter;
  settings: { maxRetries: number; maxRetryDelayMs: number; contextWindowTokens: number };
}

const BASE_DELAY_MS = 2000;
/** Shorten when the history passes this share of the window, down to the lower one. */
const HIGH_WATER = 0.75;
const LOW_WATER = 0.55;

export class ModelCaller {
  /** API tokens per estimated token, learnt from each response's usage. */
  private scale = 1;

  constructor(private readonly d: CallerDeps) {}

  /**
   * `streamText: false` hides text deltas (words around the plan are not the answer); `onCall`
   * sees each function call the moment its chunk arrives, before the turn has ended.
   */
  async generate(request: GenerateRequest, signal: AbortSignal, options: { streamText?: boolean; onCall?: (call: FunctionCall) => void } = {}): Promise<ModelTurn> {
    const window = this.d.settings.contextWindowTokens;
    this.fit(request, window * HIGH_WATER, window * LOW_WATER);
    let shrunk = false;
    for (let attempt = 1; ; attempt++) {
      this.d.limits.check(this.d.meter.run);
      const streamed = { text: 0, thought: 0 };
      try {
        const turn = await this.d.model.generate(request, (delta) => {
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
        this.learn(request, turn);
        this.d.emit({ type: 'usage', request: turn.usage, run: this.d.meter.add(turn.usage), ...(turn.modelVersion ? { model: turn.modelVersion } : {}) });
        return turn;
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
        if (delayMs === undefined) throw err;
        const discard = streamed.text + streamed.thought > 0 ? { discard: streamed } : {};
        this.d.emit({ type: 'retry', attempt, delayMs, reason: err.message.replace(/\.$/, ''), ...discard });
        await this.d.sleep(delayMs, signal);
      }
    }
  }

  private retryDelay(err: ModelError, attempt: number): number | undefined {
    if (!err.retryable || attempt > this.d.settings.maxRetries) return undefined;
    const delay = err.options.retryAfterMs ?? Math.min(BASE_DELAY_MS * 2 ** (attempt - 1), 60_000);
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
