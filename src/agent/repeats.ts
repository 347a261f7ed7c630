/**
 * Catching a model that repeats itself. The same call with the same arguments, with no change to
 * the workspace in between, gets the same answer, so repeating it only burns the user's money.
 * A repeat after an applied change is fine (re-reading a file after editing it), so changes reset
 * the count, and so do a new task and a fix round (re-reading is expected there). The first repeat
 * passes (it happens), the second is answered with a warning, the third stops the run.
 */
import type { FunctionCall } from '../model/types';

export type RepeatVerdict = { kind: 'ok' } | { kind: 'warn'; count: number } | { kind: 'stop'; count: number };

export class RepeatGuard {
  private readonly counts = new Map<string, number>();

  see(call: FunctionCall): RepeatVerdict {
    const key = `${call.name} ${canonical(call.args)}`;
    const count = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, count);
    if (count >= 4) return { kind: 'stop', count };
    if (count === 3) return { kind: 'warn', count };
    return { kind: 'ok' };
  }

  /** The workspace changed: earlier results may be stale, so repeats are legitimate again. */
  reset(): void {
    this.counts.clear();
  }
}

/** JSON with sorted keys, so `{a, b}` and `{b, a}` are the same call. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
