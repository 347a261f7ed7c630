/** Ending a run early on purpose: a limit, a plan that cannot be had, a blocked answer. */
import type { RunEndStatus } from '../shared/events';

export class RunStop extends Error {
  constructor(
    readonly status: Exclude<RunEndStatus, 'completed'>,
    message: string,
  ) {
    super(message);
    this.name = 'RunStop';
  }
}
