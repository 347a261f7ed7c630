/**
 * The MCP questions the user answers: a tool call (server, tool, full description, claimed
 * annotations, arguments, and what changed since it was approved) with Allow Once / Always Allow
 * This Tool / Deny, and the launch of a workspace server (its exact command line) with Start /
 * Don't Start. Each question is a notification, also written to the server's log; the commands
 * "Agent: Allow the Pending MCP Request" (once), "… Always" and "Refuse …" settle the oldest one
 * (keyboard users, scripts and tests). Stopping the run withdraws the question (a refusal).
 */
import * as vscode from 'vscode';
import type { McpAnswer } from '../mcp/tools';

interface Waiting {
  settle(answer: McpAnswer): void;
}

export class PendingMcpQuestions {
  private readonly queue: Waiting[] = [];
  /** The text of every question asked, newest last (the test API reads it). */
  readonly asked: string[] = [];

  ask(text: string, buttons: { once: string; always?: string; deny: string }, signal: AbortSignal | undefined): Promise<McpAnswer> {
    this.asked.push(text);
    return new Promise((resolve) => {
      let done = false;
      const waiting: Waiting = {
        settle: (answer) => {
          if (done) return;
          done = true;
          signal?.removeEventListener('abort', onAbort);
          const i = this.queue.indexOf(waiting);
          if (i >= 0) this.queue.splice(i, 1);
          this.update();
          resolve(answer);
        },
      };
      const onAbort = () => waiting.settle('deny');
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiting);
      this.update();
      const labels = [buttons.once, ...(buttons.always ? [buttons.always] : []), buttons.deny];
      void vscode.window.showWarningMessage(text, { modal: false }, ...labels).then((choice) =>
        waiting.settle(choice === buttons.once ? 'once' : choice !== undefined && choice === buttons.always ? 'always' : 'deny'),
      );
    });
  }

  /** Settles the oldest question; false when none waits. */
  decideOldest(answer: McpAnswer): boolean {
    const w = this.queue[0];
    if (!w) return false;
    w.settle(answer);
    return true;
  }

  private update(): void {
    void vscode.commands.executeCommand('setContext', 'geminiAgent.hasPendingMcp', this.queue.length > 0);
  }
}

export function registerMcpApprovalCommands(pending: PendingMcpQuestions): vscode.Disposable[] {
  const none = () => void vscode.window.showInformationMessage('No MCP request is waiting for approval.');
  return [
    vscode.commands.registerCommand('geminiAgent.mcp.allowOnce', () => pending.decideOldest('once') || none()),
    vscode.commands.registerCommand('geminiAgent.mcp.allowAlways', () => pending.decideOldest('always') || none()),
    vscode.commands.registerCommand('geminiAgent.mcp.deny', () => pending.decideOldest('deny') || none()),
  ];
}
