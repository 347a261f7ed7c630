/**
 * Accept / Reject for proposed changes: from the diff editor's title bar (no argument: the change
 * shown in the active editor), from the panel's change cards and from scripts (a change id).
 */
import * as vscode from 'vscode';
import { z } from 'zod';
import { openPending, type Pending, type PendingChanges } from './diffApprover';

const ChangeId = z.string().min(1).max(200).optional().catch(undefined);
const Reason = z.string().max(2000).optional().catch(undefined);

export function registerChangeCommands(pending: PendingChanges): vscode.Disposable[] {
  const find = (arg: unknown): Pending | undefined => {
    const id = ChangeId.parse(arg);
    if (id !== undefined) return pending.get(id);
    const active = vscode.window.activeTextEditor?.document.uri;
    return pending.current(active);
  };
  const missing = () => void vscode.window.showInformationMessage('That change is no longer waiting for a decision.');
  return [
    vscode.commands.registerCommand('geminiAgent.change.open', async (id?: unknown) => {
      const p = find(id);
      if (p) await openPending(p);
      else missing();
    }),
    vscode.commands.registerCommand('geminiAgent.change.accept', (id?: unknown) => {
      const p = find(id);
      if (p) p.settle({ approved: true });
      else missing();
    }),
    vscode.commands.registerCommand('geminiAgent.change.reject', async (id?: unknown, reason?: unknown) => {
      const p = find(id);
      if (!p) return missing();
      // From the title bar there is no reason yet: offer to give one (Escape rejects without).
      const given = Reason.parse(reason) ?? (typeof id === 'string' ? undefined : await askReason());
      p.settle({ approved: false, reason: given?.trim() ? `the user's reason: ${given.trim()}` : undefined });
    }),
    vscode.commands.registerCommand('geminiAgent.change.acceptAll', (id?: unknown) => {
      const p = find(id);
      if (!p) return missing();
      pending.decideTask(p.change.taskId, { approved: true });
    }),
    vscode.commands.registerCommand('geminiAgent.change.rejectAll', (id?: unknown) => {
      const p = find(id);
      if (!p) return missing();
      pending.decideTask(p.change.taskId, { approved: false, reason: 'the user rejected all changes of this task' });
    }),
  ];
}

function askReason(): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title: 'Reject change', prompt: 'Why? (optional — the agent is told)', ignoreFocusOut: false });
}
