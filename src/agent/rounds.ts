/**
 * One round of function calls, as the main loop and every subagent run them. Calls run in the
 * order the model made them; calls of a `parallel` tool (`explore`) start at once and run beside
 * the rest, so several explorers of one turn overlap. The responses go back in call order, and
 * every call is answered even when the round ends half-way (a stop, a limit).
 */
import type { Content, FunctionCall, Part } from '../model/types';
import type { ToolContext } from '../tools/types';
import type { ToolDispatcher } from './dispatch';
import { completeResponses } from './history';

export interface RoundDeps {
  dispatcher: ToolDispatcher;
  /** Throws when a limit is reached; checked before each call. */
  check(): void;
}

export async function runRound(d: RoundDeps, calls: FunctionCall[], ctx: ToolContext, history: Content[], signal: AbortSignal): Promise<void> {
  const made: Part[] = [];
  // Parallel calls get a signal of the round, so a round that ends early stops them too.
  const round = new AbortController();
  const stop = () => round.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  const side: Array<Promise<void>> = [];
  // Failures of parallel calls are caught at once (never an unhandled rejection) and thrown after all ended.
  const failures: unknown[] = [];
  try {
    try {
      for (const [i, call] of calls.entries()) {
        signal.throwIfAborted();
        d.check();
        if (d.dispatcher.isParallel(call.name)) {
          side.push(
            d.dispatcher.run(call, { ...ctx, signal: round.signal }).then(
              (part) => void (made[i] = part),
              (err: unknown) => void failures.push(err),
            ),
          );
        } else {
          made[i] = await d.dispatcher.run(call, ctx);
        }
      }
    } catch (err) {
      round.abort(err);
      await Promise.all(side);
      throw err;
    }
    await Promise.all(side);
    if (failures.length > 0) throw failures[0];
  } finally {
    signal.removeEventListener('abort', stop);
    const why = signal.aborted ? 'the user stopped the run.' : 'the run ended before this call.';
    history.push(completeResponses(calls, made, why));
  }
}
