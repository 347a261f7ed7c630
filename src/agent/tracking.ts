/**
 * Wraps the approver the extension passes in: tells the UI about each proposal and its fate, and
 * records which files each task changed, for validation. Tools only ever see this wrapper.
 */
import { lineDiffStats } from '../edits/diffStats';
import type { AgentEvent } from '../shared/events';
import type { ApprovalDecision, ChangeApprover, ProposedChange } from '../tools/types';

export class TrackingApprover implements ChangeApprover {
  /** taskId → path → whether the file still exists after the task's changes. */
  private readonly touched = new Map<string, Map<string, boolean>>();
  /** taskId → path → the file before the task's first applied change and after its last one (`undefined`: absent). */
  private readonly contents = new Map<string, Map<string, { before: string | undefined; after: string | undefined }>>();

  constructor(
    private readonly inner: ChangeApprover,
    private readonly emit: (event: AgentEvent) => void,
    private readonly onApplied: (change: ProposedChange) => void,
  ) {}

  async propose(change: ProposedChange, signal: AbortSignal, beforeApply?: () => Promise<void>): Promise<ApprovalDecision> {
    if (signal.aborted) return { approved: false, reason: 'The run was stopped.' };
    const kind = change.before === undefined ? 'create' : change.after === undefined ? 'delete' : 'edit';
    const { added, removed } = lineDiffStats(change.before, change.after);
    this.emit({ type: 'changeProposed', changeId: change.id, path: change.path, kind, added, removed });
    const decision = await this.inner.propose(change, signal, beforeApply);
    if (!decision.approved) {
      this.emit({ type: 'changeRejected', changeId: change.id, ...(decision.reason ? { reason: decision.reason } : {}) });
      return decision;
    }
    this.emit({ type: 'changeApplied', changeId: change.id });
    const key = change.taskId ?? '';
    const paths = this.touched.get(key) ?? new Map<string, boolean>();
    paths.set(change.path, change.after !== undefined);
    this.touched.set(key, paths);
    const files = this.contents.get(key) ?? new Map<string, { before: string | undefined; after: string | undefined }>();
    files.set(change.path, { before: files.has(change.path) ? files.get(change.path)!.before : change.before, after: change.after });
    this.contents.set(key, files);
    this.onApplied(change);
    return decision;
  }

  /** Files the task changed and that still exist (deleted files have nothing to check). */
  existingFilesOf(taskId: string): string[] {
    return [...(this.touched.get(taskId) ?? [])].filter(([, exists]) => exists).map(([path]) => path);
  }

  /** What the task's applied changes did to each file, in the order the files were first changed. */
  changesOf(taskId: string): Array<{ path: string; before: string | undefined; after: string | undefined }> {
    return [...(this.contents.get(taskId) ?? [])].map(([path, c]) => ({ path, ...c }));
  }

  changedAnything(taskId: string): boolean {
    return (this.touched.get(taskId)?.size ?? 0) > 0;
  }
}
