/**
 * Checking a task's work against how things stood before it: only problems that are new (or occur
 * more often) count against the task. The baseline is the editor's problems for each file just
 * before the task first changes it, and the check command's failures before the run's first change
 * (afterwards its latest result, so tasks of a run share it). A check that could not run says
 * nothing about the change: it is reported once, with what to install, and the task is judged on
 * the editor's problems alone. The report is written for the model, which gets it as the prompt
 * of a fix attempt.
 */
import { stripAnsi } from '../guards/output';
import type { AgentEvent } from '../shared/events';
import type { CommandResult, CommandRunner, Diagnostic, DiagnosticsSource, ProposedChange, WorkspaceFs } from '../tools/types';
import { detectCheckCommand } from './checkCommand';
import { parseCheckOutput, unavailableCheck, type Problem, type Unavailable } from './checkOutput';
import { newProblems, oldProblems, problemReport } from './problemReport';

/** A check slower than this is run once per task (not again after a fix) and its time is reported. */
export const SLOW_CHECK_MS = 30_000;
const EXCERPT_LINES = 30;
const EXCERPT_CHARS = 3000;

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
  now(): number;
  settings: { checkCommand: string; checkTimeoutMs: number; diagnosticsSettleMs: number };
}

/** One run of the check command, read. */
interface CheckRun {
  passed: boolean;
  problems: Problem[];
  unplaced: string[];
  output: string;
  exitCode: number | undefined;
  ms: number;
}

interface TaskState {
  /** The editor's errors for each file, recorded just before the task first changed it. */
  before: Map<string, Problem[]>;
  /** The check's result before the task's first change (the run's latest when the task began changing things). */
  checkBefore?: Promise<CheckRun | undefined>;
  checkRuns: number;
  lastCheckMs: number;
}

export class TaskValidator {
  private command: Promise<string | undefined> | undefined;
  /** The check's result before the current task changed anything; `undefined` inside: no result. */
  private baseline: Promise<CheckRun | undefined> | undefined;
  private unavailable: (Unavailable & { reported: boolean }) | undefined;
  private readonly tasks = new Map<string, TaskState>();

  constructor(private readonly d: ValidatorDeps) {}

  /**
   * A task starts: when it plans to change files, the check's baseline (if the run has none yet)
   * starts now, so it is usually ready by the first change instead of holding it up.
   */
  beginTask(task: { id: string; files: readonly string[] }, signal: AbortSignal): void {
    if (task.files.length > 0) void this.checkBaseline(signal).catch(() => undefined);
  }

  /** Called before a change is shown: records the file's problems before the task touched it. */
  async beforeChange(change: ProposedChange, signal: AbortSignal): Promise<void> {
    const state = this.state(change.taskId ?? '');
    if (!state.before.has(change.path)) {
      let before: Problem[] = [];
      if (change.before !== undefined) {
        await this.d.diagnostics.settle([change.path], this.d.settings.diagnosticsSettleMs, signal);
        before = errorsOf(this.d.diagnostics.get([change.path]));
      }
      // A second change to the file in the same task must not overwrite the state before the first.
      if (!state.before.has(change.path)) state.before.set(change.path, before);
    }
    signal.throwIfAborted();
  }

  /** Called once a change is approved, before it is written: the check's output before the task's changes. */
  async beforeApply(change: ProposedChange, signal: AbortSignal): Promise<void> {
    const state = this.state(change.taskId ?? '');
    await (state.checkBefore ??= this.checkBaseline(signal));
    signal.throwIfAborted();
  }

  async validate(taskId: string, files: string[], signal: AbortSignal): Promise<ValidationOutcome> {
    const state = this.state(taskId);
    const summary: string[] = [];
    const fresh: Problem[] = [];
    const before: Problem[] = [];
    if (files.length > 0) {
      await this.d.diagnostics.settle(files, this.d.settings.diagnosticsSettleMs, signal);
      signal.throwIfAborted();
      const now = errorsOf(this.d.diagnostics.get(files));
      for (const file of files) {
        const mine = now.filter((p) => p.path === file);
        const was = state.before.get(file) ?? [];
        fresh.push(...newProblems(was, mine));
        before.push(...oldProblems(was, mine));
      }
      const n = fresh.length;
      if (n > 0) summary.push(`${n} new error${n === 1 ? '' : 's'} in changed files`);
    }
    const check = await this.judgeCheck(state, signal);
    if (check.summary) summary.push(check.summary);
    fresh.push(...check.fresh);
    before.push(...check.before);
    const ok = fresh.length === 0 && check.unplaced.length === 0 && !check.excerpt;
    let report = '';
    if (!ok) {
      report = problemReport({ changed: files, fresh, unplaced: check.unplaced, before, command: check.command });
      if (check.excerpt) report = `${report ? `${report}\n\n` : ''}${check.excerpt}`;
    }
    const outcome = { ok, summary: summary.join('; ') || 'No new problems in changed files', report };
    this.d.emit({ type: 'validation', taskId, ok, summary: outcome.summary });
    return outcome;
  }

  /** Runs the check when it is worth it and compares it with the baseline. */
  private async judgeCheck(
    state: TaskState,
    signal: AbortSignal,
  ): Promise<{ summary?: string; fresh: Problem[]; before: Problem[]; unplaced: string[]; excerpt?: string; command?: string }> {
    const none = { fresh: [], before: [], unplaced: [] };
    const command = await this.checkCommand();
    if (!command) return none;
    const baseline = await (state.checkBefore ??= this.checkBaseline(signal));
    if (this.unavailable) return { ...none, summary: this.reportUnavailable(command) };
    if (state.checkRuns > 0 && state.lastCheckMs >= SLOW_CHECK_MS) {
      return { ...none, summary: `\`${command}\` not run again (it took ${seconds(state.lastCheckMs)}); judged on the editor's problems` };
    }
    const after = await this.runCheck(command, false, signal);
    if (!after) return { ...none, summary: this.reportUnavailable(command) };
    state.checkRuns++;
    state.lastCheckMs = after.ms;
    // The next task starts from here: its baseline is this result, not the state before this task.
    this.baseline = Promise.resolve(after);
    const slow = after.ms >= SLOW_CHECK_MS ? ` — it took ${seconds(after.ms)}; a narrower Check Command (geminiAgent.checkCommand) would be quicker` : '';
    if (after.passed) return { ...none, summary: `\`${command}\` passed${slow}` };
    const was = baseline ?? { passed: true, problems: [], unplaced: [], output: '', exitCode: 0, ms: 0 };
    const fresh = newProblems(was.problems, after.problems);
    const before = oldProblems(was.problems, after.problems);
    const unplaced = was.passed ? after.unplaced : newLines(was.unplaced, after.unplaced);
    // Failing with nothing recognisable to show: the model gets the output's failure lines, head first.
    const excerpt = was.passed && fresh.length === 0 && unplaced.length === 0 ? outputExcerpt(command, after) : undefined;
    const already = before.length > 0 ? `, ${before.length} already failing before this task` : '';
    if (fresh.length === 0 && unplaced.length === 0 && !excerpt) {
      return { fresh, before, unplaced, summary: `\`${command}\` failed as it did before this task (no new problems${already})${slow}` };
    }
    const what = fresh.length > 0 ? `${fresh.length} new problem${fresh.length === 1 ? '' : 's'}` : 'a new failure';
    return { fresh, before, unplaced, excerpt, command, summary: `\`${command}\` failed: ${what}${already}${slow}` };
  }

  /** The check's state before the run's first change, run once and then shared. */
  private checkBaseline(signal: AbortSignal): Promise<CheckRun | undefined> {
    this.baseline ??= this.checkCommand().then((command) => (command ? this.runCheck(command, true, signal) : undefined));
    return this.baseline;
  }

  /** A run of the check, or `undefined` when it could not run (recorded in `unavailable`). */
  private async runCheck(command: string, beforeTask: boolean, signal: AbortSignal): Promise<CheckRun | undefined> {
    if (this.unavailable) return undefined;
    const timeoutMs = this.d.settings.checkTimeoutMs;
    const start = this.d.now();
    let result: CommandResult;
    try {
      result = await this.d.commands.run({ command, timeoutMs }, signal);
    } catch (err) {
      signal.throwIfAborted();
      this.unavailable ??= { reason: err instanceof Error ? err.message : String(err), remedy: '', reported: false };
      return undefined;
    }
    signal.throwIfAborted();
    const ms = this.d.now() - start;
    const unavailable = unavailableCheck(command, result, beforeTask, timeoutMs);
    if (unavailable) {
      this.unavailable ??= { ...unavailable, reported: false };
      return undefined;
    }
    const output = stripAnsi(result.output);
    const passed = result.exitCode === 0;
    return { passed, ...parseCheckOutput(output), output, exitCode: result.exitCode, ms };
  }

  /** Said once per run; later validations only note that the check is not used. */
  private reportUnavailable(command: string): string | undefined {
    const u = this.unavailable;
    if (!u) return undefined;
    if (u.reported) return undefined;
    u.reported = true;
    return `\`${command}\` could not run (${u.reason})${u.remedy ? ` — to use it, ${u.remedy}` : ''}; judged on the editor's problems alone`;
  }

  /** Detected once per run: the workspace's scripts do not change under the agent's feet. */
  private checkCommand(): Promise<string | undefined> {
    const configured = this.d.settings.checkCommand.trim();
    this.command ??= configured ? Promise.resolve(configured) : detectCheckCommand(this.d.fs).catch(() => undefined);
    return this.command;
  }

  private state(taskId: string): TaskState {
    let s = this.tasks.get(taskId);
    if (!s) this.tasks.set(taskId, (s = { before: new Map(), checkRuns: 0, lastCheckMs: 0 }));
    return s;
  }
}

function errorsOf(diagnostics: Diagnostic[]): Problem[] {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ path: d.path, line: d.line, message: d.message, ...(d.source ? { source: d.source } : {}) }));
}

/** Lines of `after` not in `before`, numbers ignored (timings, counts). */
function newLines(before: readonly string[], after: readonly string[]): string[] {
  const norm = (l: string) => l.replace(/\d+/g, '#');
  const seen = new Set(before.map(norm));
  return after.filter((l) => !seen.has(norm(l)));
}

/** The output of a failed check when no problem in it could be read: its start, where the first error usually is. */
function outputExcerpt(command: string, run: CheckRun): string {
  const lines = run.output.split(/\r?\n/).filter((l) => l.trim() !== '');
  let text = lines.slice(0, EXCERPT_LINES).join('\n');
  if (text.length > EXCERPT_CHARS) text = `${text.slice(0, EXCERPT_CHARS)}…`;
  const more = lines.length > EXCERPT_LINES ? `\n… ${lines.length - EXCERPT_LINES} more lines` : '';
  return `\`${command}\` failed (exit code ${run.exitCode ?? '?'}); it passed before this task. Its output begins:\n${text}${more}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}
