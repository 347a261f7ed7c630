/** The run-wide limits (wall time, tokens). Reaching one ends the run with a message naming it. */
import type { Usage } from '../model/types';
import { RunStop } from './stop';

/** Something that stops work when a limit is reached, by throwing. */
export interface Limits {
  /** Checked before each model request and tool call, with the run's usage so far. */
  check(usage: Usage): void;
}

export class RunLimits implements Limits {
  private readonly startedAt: number;

  constructor(
    private readonly now: () => number,
    private readonly maxRunMs: number,
    private readonly maxRunTokens: number,
  ) {
    this.startedAt = now();
  }

  /** Checked before each model request and tool call. */
  check(usage: Usage): void {
    if (this.now() - this.startedAt >= this.maxRunMs) {
      throw new RunStop('limit', `Stopped: the run reached its time limit of ${formatMinutes(this.maxRunMs)} (setting "Max Run Minutes").`);
    }
    if (usage.totalTokens >= this.maxRunTokens) {
      throw new RunStop('limit', `Stopped: the run used ${usage.totalTokens.toLocaleString('en-US')} tokens, reaching its limit of ${this.maxRunTokens.toLocaleString('en-US')} (setting "Max Run Tokens").`);
    }
  }
}

function formatMinutes(ms: number): string {
  const minutes = ms / 60_000;
  return `${Number.isInteger(minutes) ? minutes : minutes.toFixed(1)} minute${minutes === 1 ? '' : 's'}`;
}
