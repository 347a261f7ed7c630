/**
 * The walking skeleton's runner: one streamed answer, retried on rate limits and outages.
 * Replaced by the agent loop once it lands.
 */
import { ModelError, type Content, type ModelClient } from '../model/types';
import type { AgentEvent } from '../shared/events';
import type { RunRequest, Runner } from './types';

export class PlainRunner implements Runner {
  constructor(
    private readonly model: ModelClient,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>,
    private readonly maxRetries = 3,
  ) {}

  async run(request: RunRequest, history: Content[], emit: (e: AgentEvent) => void, signal: AbortSignal): Promise<Content[]> {
    const contents: Content[] = [...history, { role: 'user', parts: [{ text: request.text }] }];
    for (let attempt = 1; ; attempt++) {
      try {
        const turn = await this.model.generate({ contents }, (d) => {
          if (d.type === 'text') emit({ type: 'textDelta', text: d.text });
          else if (d.type === 'thought') emit({ type: 'thoughtDelta', text: d.text });
        }, signal);
        return [...contents, turn.content];
      } catch (err) {
        if (!(err instanceof ModelError) || !err.retryable || attempt > this.maxRetries || signal.aborted) throw err;
        const delayMs = err.options.retryAfterMs ?? 1000 * 2 ** (attempt - 1);
        emit({ type: 'retry', attempt, delayMs, reason: err.message.replace(/\.$/, '') });
        await this.sleep(delayMs, signal);
      }
    }
  }
}
