/**
 * A subagent's caps: tool rounds (counted by the runner), its own tokens and time (checked here
 * before each of its requests and tool calls). The run's own limits are checked first and stop the
 * whole run as they always do; a subagent's cap only ends the subagent, with a partial report.
 */
import type { Usage } from '../model/types';
import type { Limits } from '../agent/limits';
import type { SubagentCaps } from './settings';

/** A subagent reached one of its caps; `reason` says which, in words for its report. */
export class CapReached extends Error {
  constructor(readonly reason: string) {
    super(`Stopped early: ${reason}.`);
    this.name = 'CapReached';
  }
}

export class SubagentLimits implements Limits {
  private readonly startedAt: number;

  constructor(
    private readonly run: Limits,
    private readonly own: () => Usage,
    private readonly now: () => number,
    private readonly caps: SubagentCaps,
  ) {
    this.startedAt = now();
  }

  check(runUsage: Usage): void {
    this.run.check(runUsage);
    const spent = this.own().totalTokens;
    if (spent >= this.caps.maxTokens) throw new CapReached(`it used ${spent.toLocaleString('en-US')} tokens, reaching its cap of ${this.caps.maxTokens.toLocaleString('en-US')}`);
    if (this.now() - this.startedAt >= this.caps.maxMs) throw new CapReached(timeCap(this.caps.maxMs));
  }
}

export function timeCap(ms: number): string {
  return `it reached its time cap of ${Math.round(ms / 1000)} s`;
}
