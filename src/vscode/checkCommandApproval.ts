/**
 * Remembers, per workspace (in workspaceState, which the workspace's files cannot write), which
 * value of a workspace-set `geminiAgent.checkCommand` the user approved, and asks about a value
 * not approved yet. The decision itself is `checkCommandToRun` (pure, src/agent/checkCommand.ts).
 */
import * as vscode from 'vscode';
import { checkCommandToRun } from '../agent/checkCommand';
import { visibleCommand } from '../guards/commandDisplay';
import { SECTION } from './settings';

const KEY = 'geminiAgent.approvedCheckCommand';
export const ALLOW_CHECK = 'Allow for This Folder';

export class CheckCommandApprovals {
  /** Values asked about in this window, so one value is not asked about on every run. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    private readonly ask: (message: string, ...items: string[]) => Thenable<string | undefined> = (m, ...items) => vscode.window.showWarningMessage(m, ...items),
  ) {}

  /** The check command this run may use ('' means: detect it); asks, without waiting, about an unapproved workspace value. */
  commandForRun(effective: string): string {
    const inspected = vscode.workspace.getConfiguration(SECTION).inspect<string>('checkCommand');
    const workspaceValue = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
    const fromWorkspace = typeof workspaceValue === 'string' && workspaceValue.trim() === effective.trim();
    const decision = checkCommandToRun({ value: effective, fromWorkspace }, this.state.get<string>(KEY));
    if (decision.askApproval && !this.asked.has(effective)) {
      this.asked.add(effective);
      void this.ask(
        `This folder's settings set the check command (geminiAgent.checkCommand) to: ${visibleCommand(effective)} — the agent runs it after each task only once you allow this value; until then it uses the check it detects from the project.`,
        ALLOW_CHECK,
        'Not Now',
      ).then((choice) => (choice === ALLOW_CHECK ? this.state.update(KEY, effective.trim()) : undefined));
    }
    return decision.command;
  }
}
