/**
 * Checking a task's work: errors the editor reports for the files it changed (once they have
 * settled), then the workspace's check command. The report is written for the model, which gets
 * it as the prompt of a fix attempt.
 */
import { capOutput, stripAnsi } from '../guards/commandLine';
import type { AgentEvent } from '../shared/events';
import type { CommandResult, CommandRunner, DiagnosticsSource, WorkspaceFs } from '../tools/types';
import { detectCheckCommand } from './checkCommand';

const MAX_REPORT_OUTPUT = 8000;
const MAX_DIAGNOSTICS = 50;

export interface ValidationOutcome {
  ok: boolean;
  summary: string;
  /** What went wrong, for the model. Empty when ok. */
  report: string;
}

export interface ValidatorDeps {
  fs: WorkspaceFs;
  diagnostics: DiagnosticsSource;
  commands: CommandRunner;
  emit(event: AgentEvent): void;
  settings: { checkCommand: string; checkTimeoutMs: number; diagnosticsSettleMs: number };
}

export class TaskValidator {
  private command: Promise<string | undefined> | undefined;

  constructor(private readonly d: ValidatorDeps) {}

  async validate(taskId: string, files: string[], signal: AbortSignal): Promise<ValidationOutcome> {
    const problems: string[] = [];
    const summary: string[] = [];
    if (files.length > 0) {
      await this.d.diagnostics.settle(files, this.d.settings.diagnosticsSettleMs, signal);
      signal.throwIfAborted();
      const errors = this.d.diagnostics.get(files).filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        summary.push(`${errors.length} error${errors.length === 1 ? '' : 's'} in changed files`);
        const lines = errors.slice(0, MAX_DIAGNOSTICS).map((d) => `${d.path}:${d.line}: ${d.message}${d.source ? ` (${d.source})` : ''}`);
        if (errors.length > MAX_DIAGNOSTICS) lines.push(`… and ${errors.length - MAX_DIAGNOSTICS} more`);
        problems.push(`Errors reported by the editor:\n${lines.join('\n')}`);
      }
    }
    const command = await this.checkCommand();
    const result = command ? await this.runCheck(command, signal) : undefined;
    if (typeof result === 'string') summary.push(`\`${command}\` could not run (${result})`);
    else if (result) {
      const passed = result.exitCode === 0 && !result.timedOut;
      const how = result.timedOut ? 'timed out' : `exit code ${result.exitCode ?? '?'}`;
      summary.push(passed ? `\`${command}\` passed` : `\`${command}\` failed (${how})`);
      if (!passed) problems.push(`\`${command}\` failed (${how}):\n${capOutput(stripAnsi(result.output).trim(), MAX_REPORT_OUTPUT)}`);
    }
    const ok = problems.length === 0;
    const outcome = { ok, summary: summary.join('; ') || 'No problems in changed files', report: problems.join('\n\n') };
    this.d.emit({ type: 'validation', taskId, ok, summary: outcome.summary });
    return outcome;
  }

  /** The result, or why the command could not run at all: that is not the model's fault, so not a failure. */
  private async runCheck(command: string, signal: AbortSignal): Promise<CommandResult | string> {
    let result: CommandResult;
    try {
      result = await this.d.commands.run({ command, timeoutMs: this.d.settings.checkTimeoutMs }, signal);
    } catch (err) {
      signal.throwIfAborted();
      return err instanceof Error ? err.message : String(err);
    }
    signal.throwIfAborted();
    // 127: the shell found no such command (no TypeScript installed, a missing tool): not a failure of the change.
    if (result.exitCode === 127) return `command not found: ${capOutput(stripAnsi(result.output).trim(), 300) || 'exit code 127'}`;
    return result;
  }

  /** Detected once per run: the workspace's scripts do not change under the agent's feet. */
  private checkCommand(): Promise<string | undefined> {
    const configured = this.d.settings.checkCommand.trim();
    this.command ??= configured ? Promise.resolve(configured) : detectCheckCommand(this.d.fs).catch(() => undefined);
    return this.command;
  }
}
