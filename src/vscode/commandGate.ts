/**
 * Asks the user before `run_command` runs a line the policy does not allow outright: a
 * notification shows the exact command line (newlines, control characters and invisible Unicode
 * made visible) and the commands it was split into, and the folder, with Run / Don't Run, and the commands
 * "Agent: Allow the Pending Command" / "Refuse the Pending Command" settle it too (keyboard users,
 * scripts and tests). Stopping the run withdraws the question.
 */
import * as vscode from 'vscode';
import { approvalMessage } from '../guards/commandDisplay';
import type { CommandPolicy } from '../guards/commandLine';
import type { ApprovalDecision, CommandGate } from '../tools/types';

interface Waiting {
  command: string;
  settle(decision: ApprovalDecision): void;
}

export class PendingCommands {
  private readonly queue: Waiting[] = [];

  add(w: Waiting): void {
    this.queue.push(w);
    this.update();
  }

  remove(w: Waiting): void {
    const i = this.queue.indexOf(w);
    if (i >= 0) this.queue.splice(i, 1);
    this.update();
  }

  /** Settles the oldest command waiting; false when none is. */
  decideOldest(decision: ApprovalDecision): boolean {
    const w = this.queue[0];
    if (!w) return false;
    w.settle(decision);
    return true;
  }

  private update(): void {
    void vscode.commands.executeCommand('setContext', 'geminiAgent.hasPendingCommand', this.queue.length > 0);
  }
}

export class AskingCommandGate implements CommandGate {
  constructor(readonly policy: CommandPolicy, private readonly pending: PendingCommands) {}

  approve(request: { command: string; cwd: string; reason: string; parts?: string[] }, signal: AbortSignal): Promise<ApprovalDecision> {
    return new Promise((resolve) => {
      let done = false;
      const waiting: Waiting = {
        command: request.command,
        settle: (d) => {
          if (done) return;
          done = true;
          signal.removeEventListener('abort', onAbort);
          this.pending.remove(waiting);
          resolve(d);
        },
      };
      const onAbort = () => waiting.settle({ approved: false, reason: 'the run was stopped' });
      signal.addEventListener('abort', onAbort, { once: true });
      this.pending.add(waiting);
      void vscode.window
        .showWarningMessage(approvalMessage(request), { modal: false }, 'Run', "Don't Run")
        .then((choice) => waiting.settle(choice === 'Run' ? { approved: true } : { approved: false }));
    });
  }
}

export function registerCommandGateCommands(pending: PendingCommands): vscode.Disposable[] {
  const none = () => void vscode.window.showInformationMessage('No command is waiting for approval.');
  return [
    vscode.commands.registerCommand('geminiAgent.command.allow', () => pending.decideOldest({ approved: true }) || none()),
    vscode.commands.registerCommand('geminiAgent.command.deny', () => pending.decideOldest({ approved: false }) || none()),
  ];
}
