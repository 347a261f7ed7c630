/**
 * Decides proposed changes. In "ask" mode (and for protected files in any mode) the change is
 * shown as a native diff and the run waits for Accept or Reject, from the diff editor's title bar
 * or the panel's change card; in "auto" mode it is applied at once. Every applied change is
 * recorded in the run's checkpoint so the run can be reverted. (The agent itself reports
 * proposals and their fate as events; this class only decides and applies.)
 */
import * as vscode from 'vscode';
import type { ApprovalDecision, ChangeApprover, ProposedChange } from '../tools/types';
import { applyChange, StaleProposalError } from './applyChange';
import type { ProposalContentProvider } from './proposals';

export interface Pending {
  change: ProposedChange;
  left: vscode.Uri;
  right: vscode.Uri;
  title: string;
  settle(decision: ApprovalDecision): void;
}

/** Open proposals across runs, so the accept/reject commands can find them by id. */
export class PendingChanges {
  private readonly byId = new Map<string, Pending>();
  /** Tasks whose remaining changes the user accepted or rejected in one go ("Accept all"). */
  private readonly taskDecisions = new Map<string, ApprovalDecision>();

  add(p: Pending): void {
    this.byId.set(p.change.id, p);
    this.updateContext();
  }

  take(id: string): Pending | undefined {
    const p = this.byId.get(id);
    this.byId.delete(id);
    this.updateContext();
    return p;
  }

  get(id: string): Pending | undefined {
    return this.byId.get(id);
  }

  /** The change shown in this editor (either side of its diff), else the oldest one waiting. */
  current(uri: vscode.Uri | undefined): Pending | undefined {
    const all = [...this.byId.values()];
    const key = uri?.toString();
    return all.find((p) => p.right.toString() === key || p.left.toString() === key) ?? all[0];
  }

  /** Settles every pending change of the task and the ones it proposes later in this run. */
  decideTask(taskId: string | undefined, decision: ApprovalDecision): number {
    if (taskId !== undefined) this.taskDecisions.set(taskId, decision);
    const matching = [...this.byId.values()].filter((p) => p.change.taskId === taskId);
    for (const p of matching) p.settle(decision);
    return matching.length;
  }

  decisionForTask(taskId: string | undefined): ApprovalDecision | undefined {
    return taskId === undefined ? undefined : this.taskDecisions.get(taskId);
  }

  /** Task ids repeat across runs ("1", "2"…): a new run starts without earlier blanket decisions. */
  resetTaskDecisions(): void {
    this.taskDecisions.clear();
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'geminiAgent.hasPendingChange', this.byId.size > 0);
  }
}

export interface ApproverOptions {
  /** The file a workspace path names; `undefined` when it names none (a multi-root path with an unknown folder). */
  uriOf(path: string): vscode.Uri | undefined;
  mode: 'ask' | 'auto';
  /** Why this change needs the user even in auto mode, or undefined. */
  isProtected(change: ProposedChange): string | undefined;
  /** Records the original content before the first change to a path (checkpoint). */
  record(change: ProposedChange): void;
  /** Where the path really leads now (symlinks resolved); throws when that is outside the workspace. */
  realPath(path: string): Promise<string>;
}

export class DiffApprover implements ChangeApprover {
  constructor(private readonly proposals: ProposalContentProvider, private readonly pending: PendingChanges, private readonly o: ApproverOptions) {}

  async propose(change: ProposedChange, signal: AbortSignal, beforeApply?: () => Promise<void>): Promise<ApprovalDecision> {
    const uri = this.o.uriOf(change.path);
    if (!uri) return { approved: false, reason: `${change.path} is not inside a workspace folder.` };
    const protectedWhy = this.o.isProtected(change);
    const blanket = this.pending.decisionForTask(change.taskId);
    if (blanket && !(blanket.approved && protectedWhy)) return blanket.approved ? this.apply(uri, change, beforeApply) : blanket;
    if (this.o.mode === 'auto' && !protectedWhy) return this.apply(uri, change, beforeApply);
    const decision = await this.ask(uri, change, protectedWhy, signal);
    if (!decision.approved) return decision;
    return this.apply(uri, change, beforeApply);
  }

  private async ask(uri: vscode.Uri, change: ProposedChange, protectedWhy: string | undefined, signal: AbortSignal): Promise<ApprovalDecision> {
    if (signal.aborted) return { approved: false, reason: 'The run was stopped before the change was approved.' };
    const right = this.proposals.put(change.id, change.path, change.after ?? '');
    const left = change.before === undefined ? this.proposals.put(`${change.id}-empty`, change.path, '') : uri;
    const verb = change.before === undefined ? 'new file' : change.after === undefined ? 'delete' : 'proposed';
    const title = `${change.path.split('/').pop()} (${verb}${change.taskId ? `, task ${change.taskId}` : ''})`;
    const decided = new Promise<ApprovalDecision>((settle) => {
      const onAbort = () => settle({ approved: false, reason: 'The run was stopped before the change was approved.' });
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.add({ change, left, right, title, settle: (d) => (signal.removeEventListener('abort', onAbort), settle(d)) });
      void vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
    });
    // A notification that lasts while the change waits: a plain warning message would stay after
    // the change was accepted or rejected, still asking for a decision already made.
    if (protectedWhy) void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: protectedNotice(change.path, protectedWhy) }, () => decided);
    const decision = await decided;
    this.pending.take(change.id);
    await closeDiff(right);
    this.proposals.drop(right);
    if (change.before === undefined) this.proposals.drop(left);
    return decision;
  }

  private async apply(uri: vscode.Uri, change: ProposedChange, beforeApply: (() => Promise<void>) | undefined): Promise<ApprovalDecision> {
    // Outside the try: a stop while the baseline runs ends the run; it is not a failed apply.
    await beforeApply?.();
    try {
      // Proposals carry the real path; a link put in its way since (the user may take minutes) is refused.
      const real = await this.o.realPath(change.path);
      if (real !== change.path) return { approved: false, reason: `${change.path} now leads to ${real} through a symbolic link, so the change was not applied.` };
      await applyChange(uri, change);
      this.o.record(change);
      return { approved: true };
    } catch (err) {
      const reason = err instanceof StaleProposalError ? `${err.message} Read the file again and redo the change.` : `Applying failed: ${err instanceof Error ? err.message : String(err)}`;
      return { approved: false, reason };
    }
  }
}

/** The words of the notification shown while a protected file's change waits for the user. */
export function protectedNotice(path: string, why: string): string {
  return `The agent wants to change ${path}, which always needs your approval: ${why}. Review the diff before accepting.`;
}

/** Opens the diff of a pending change again (the user closed it, or clicked the panel's card). */
export async function openPending(p: Pending): Promise<void> {
  await vscode.commands.executeCommand('vscode.diff', p.left, p.right, p.title, { preview: true });
}

async function closeDiff(right: vscode.Uri): Promise<void> {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      if (input instanceof vscode.TabInputTextDiff && input.modified.toString() === right.toString()) {
        await vscode.window.tabGroups.close(tab).then(undefined, () => undefined);
      }
    }
  }
}
