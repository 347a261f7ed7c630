/**
 * Keeps each run's checkpoint so the panel's "Revert this run" (or Keep / Undo after an auto-mode
 * run) can act on it. Checkpoints live in memory: after a window reload the panel says plainly that
 * the run can no longer be reverted.
 */
import { Checkpoint } from '../chat/checkpoint';
import type { AgentEvent } from '../shared/events';
import type { WorkspaceFs } from '../tools/types';

export class RunReviews {
  private readonly byRun = new Map<string, Checkpoint>();

  constructor(private readonly fs: () => WorkspaceFs | undefined, private readonly emit: (event: Extract<AgentEvent, { type: 'runReviewed' }>) => void) {}

  checkpointFor(runId: string): Checkpoint {
    let c = this.byRun.get(runId);
    if (!c) this.byRun.set(runId, (c = new Checkpoint()));
    return c;
  }

  keep(runId: string): void {
    this.byRun.delete(runId);
    this.emit({ type: 'runReviewed', runId, outcome: 'kept', message: 'Kept the changes of this run.' });
  }

  async revert(runId: string): Promise<void> {
    const checkpoint = this.byRun.get(runId);
    const fs = this.fs();
    if (!checkpoint || checkpoint.isEmpty || !fs) {
      this.emit({ type: 'runReviewed', runId, outcome: 'revertFailed', message: 'Nothing to revert: this run changed no files, or its record was lost when the window reloaded.' });
      return;
    }
    const paths = checkpoint.paths;
    const problems = await checkpoint.revert(fs);
    if (problems.length > 0) {
      const restored = paths.filter((p) => !checkpoint.paths.includes(p));
      const done = restored.length > 0 ? `Restored ${restored.join(', ')}. ` : '';
      this.emit({ type: 'runReviewed', runId, outcome: 'revertFailed', message: `${done}Could not restore every file: ${problems.join('; ')}` });
      return;
    }
    this.byRun.delete(runId);
    this.emit({ type: 'runReviewed', runId, outcome: 'reverted', message: `Reverted this run: restored ${paths.length} file${paths.length === 1 ? '' : 's'} (${paths.join(', ')}).` });
  }

  /** The newest run that can still be reverted, for the palette command. */
  latest(): string | undefined {
    return [...this.byRun.entries()].reverse().find(([, c]) => !c.isEmpty)?.[0];
  }
}
