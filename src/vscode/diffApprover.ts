/**
 * Decides proposed changes. In "ask" mode (and for protected files in any mode) the change is
 * shown as a native diff and the run waits for Accept or Reject, from the diff editor's title bar
 * or the panel's change card; in "auto" mode it is applied at once. Every applied change is
 * recorded in the run's checkpoint so the run can be reverted.
 */
import * as vscode from 'vscode';
import type { AgentEvent } from '../shared/events';
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
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  add(p: Pending): void {
    this.byId.set(p.change.id, p);
    this.changed.fire();
    void vscode.commands.executeCommand('setContext', 'geminiAgent.hasPendingChange', true);
  }

  take(id: string): Pending | undefined {
    const p = this.byId.get(id);
    this.byId.delete(id);
    void vscode.commands.executeCommand('setContext', 'geminiAgent.hasPendingChange', this.byId.size > 0);
    return p;
  }

  get(id: string): Pending | undefined {
    return this.byId.get(id);
  }

  /** The pending change shown in this editor's diff, for the title-bar buttons. */
  findByRight(uri: vscode.Uri | undefined): Pending | undefined {
    return [...this.byId.values()].find((p) => p.right.toString() === uri?.toString());
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }
}

export interface ApproverOptions {
  root: vscode.Uri;
  mode: 'ask' | 'auto';
  isProtected(change: ProposedChange): string | undefined;
  emit(event: AgentEvent): void;
  /** Records the original content before the first change to a path (checkpoint). */
  record(change: ProposedChange): void;
}

export class DiffApprover implements ChangeApprover {
  constructor(private readonly proposals: ProposalContentProvider, private readonly pending: PendingChanges, private readonly o: ApproverOptions) {}

  async propose(change: ProposedChange, signal: AbortSignal): Promise<ApprovalDecision> {
    const uri = vscode.Uri.joinPath(this.o.root, change.path);
    const protectedWhy = this.o.isProtected(change);
    if (this.o.mode === 'auto' && !protectedWhy) return this.apply(uri, change);
    const right = this.proposals.put(change.id, change.path, change.after ?? '');
    const left = change.before === undefined ? this.proposals.put(`${change.id}-empty`, change.path, '') : uri;
    const title = `${change.path.split('/').pop()} (${change.after === undefined ? 'delete' : 'proposed'}${change.taskId ? `, task ${change.taskId}` : ''})`;
    const decision = await new Promise<ApprovalDecision>((settle) => {
      const onAbort = () => settle({ approved: false, reason: 'The run was stopped before the change was approved.' });
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.add({ change, left, right, title, settle: (d) => (signal.removeEventListener('abort', onAbort), settle(d)) });
      if (protectedWhy) void vscode.window.showWarningMessage(`The agent wants to change a protected file: ${protectedWhy}. Review the diff before accepting.`);
      void vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: true });
    });
    this.pending.take(change.id);
    this.proposals.drop(right);
    await closeDiff(right);
    if (!decision.approved) return decision;
    return this.apply(uri, change);
  }

  private async apply(uri: vscode.Uri, change: ProposedChange): Promise<ApprovalDecision> {
    try {
      this.o.record(change);
      await applyChange(uri, change);
      this.o.emit({ type: 'changeApplied', changeId: change.id });
      return { approved: true };
    } catch (err) {
      const reason = err instanceof StaleProposalError ? `${err.message} Read the file again and redo the change.` : `Applying failed: ${err instanceof Error ? err.message : String(err)}`;
      return { approved: false, reason };
    }
  }
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
