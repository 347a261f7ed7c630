/**
 * Runs `run_command` through the VS Code tasks API, visible in a terminal. The task is a
 * `CustomExecution` whose pseudoterminal runs the process itself and mirrors its output, so the
 * output and exit code are captured whether or not shell integration works in the user's shell.
 * Lines run under the shell `chooseShell` picked (bash by path, not `/bin/sh`), so they mean what
 * the command judge read; the captured output is redacted before anyone but the terminal sees it.
 */
import { spawn } from 'node:child_process';
import * as vscode from 'vscode';
import { commandEnv } from '../guards/commandEnv';
import type { ShellChoice } from '../guards/shellChoice';
import type { CommandResult, CommandRunner } from '../tools/types';

const MAX_CAPTURE = 2_000_000;
/** How long a process may take to stop after SIGTERM (and its output to end after it exits). */
const KILL_GRACE_MS = 3000;

export class TaskCommandRunner implements CommandRunner {
  constructor(
    private readonly root: vscode.Uri,
    private readonly shell: ShellChoice,
    /** Removes secrets from the output the model, the panel and the log get. */
    private readonly redact: (text: string) => string = (t) => t,
  ) {}

  async run(req: { command: string; cwd?: string; timeoutMs: number }, signal: AbortSignal): Promise<CommandResult> {
    const stopped: CommandResult = { exitCode: undefined, output: '', timedOut: false, cancelled: true };
    if (signal.aborted) return stopped;
    const cwd = req.cwd ? vscode.Uri.joinPath(this.root, req.cwd).fsPath : this.root.fsPath;
    let resolveResult!: (r: CommandResult) => void;
    const result = new Promise<CommandResult>((r) => (resolveResult = r));
    const execution = new vscode.CustomExecution(async () => new ProcessTerminal(req.command, cwd, this.shell.spawnShell, req.timeoutMs, signal, (r) => resolveResult({ ...r, output: this.redact(r.output) })));
    const task = new vscode.Task({ type: 'geminiAgent', command: req.command }, vscode.TaskScope.Workspace, req.command, 'Gemini Agent', execution);
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Silent, panel: vscode.TaskPanelKind.Dedicated, clear: true, echo: true };
    const running = await vscode.tasks.executeTask(task);
    // Stop may come before VS Code has opened the task's terminal (then the process never starts)
    // or while it runs (the terminal kills it): either way the run stops waiting at once.
    let onAbort!: () => void;
    const aborted = new Promise<CommandResult>((resolve) => {
      onAbort = () => {
        running.terminate();
        resolve(stopped);
      };
    });
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    try {
      return await Promise.race([result, aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}

class ProcessTerminal implements vscode.Pseudoterminal {
  private readonly write = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.write.event;
  readonly onDidClose = this.closed.event;
  private kill: (() => void) | undefined;
  private settled = false;
  /** Closed (Stop, or the user closed the terminal) before VS Code opened it: never spawn. */
  private closedEarly = false;

  constructor(
    private readonly command: string,
    private readonly cwd: string,
    private readonly shell: string | true,
    private readonly timeoutMs: number,
    private readonly signal: AbortSignal,
    private readonly done: (r: CommandResult) => void,
  ) {}

  open(): void {
    this.write.fire(`\x1b[2m$ ${this.command}   (in ${this.cwd})\x1b[0m\r\n`);
    if (this.signal.aborted || this.closedEarly) return this.finish({ exitCode: undefined, output: '', timedOut: false, cancelled: true });
    let output = '';
    let timedOut = false;
    const child = spawn(this.command, { cwd: this.cwd, shell: this.shell, detached: process.platform !== 'win32', env: commandEnv() });
    const take = (b: Buffer) => {
      const text = b.toString('utf8');
      output = (output + text).slice(-MAX_CAPTURE);
      this.write.fire(text.replace(/\r?\n/g, '\r\n'));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, sig);
        else child.kill(sig);
      } catch {
        // Already gone.
      }
    };
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms));
    const end = (r: CommandResult) => {
      for (const t of timers) clearTimeout(t);
      this.signal.removeEventListener('abort', onAbort);
      this.finish(r);
    };
    // SIGTERM first; what ignores it is killed after a grace period, and the result does not wait
    // for a process that will not die or for a grandchild holding the output pipe open.
    this.kill = () => {
      if (this.settled) return; // a closed process group's id may already be someone else's
      signalGroup('SIGTERM');
      later(KILL_GRACE_MS, () => signalGroup('SIGKILL'));
      later(KILL_GRACE_MS * 2, () => end({ exitCode: undefined, output, timedOut, cancelled: this.signal.aborted }));
    };
    const onAbort = () => this.kill?.();
    this.signal.addEventListener('abort', onAbort, { once: true });
    later(this.timeoutMs, () => {
      timedOut = true;
      this.kill?.();
    });
    child.on('error', (err) => end({ exitCode: undefined, output: `${output}\n${err.message}`, timedOut, cancelled: false }));
    // 'exit' is the process; 'close' also waits for its output pipes, which a background
    // grandchild (`npm run dev &`) can hold open for good.
    child.on('exit', (code) => later(KILL_GRACE_MS, () => end({ exitCode: code ?? undefined, output, timedOut, cancelled: this.signal.aborted })));
    child.on('close', (code) => end({ exitCode: code ?? undefined, output, timedOut, cancelled: this.signal.aborted }));
  }

  /** The user closed the terminal or the task was terminated (Stop). */
  close(): void {
    if (this.kill) this.kill();
    else this.closedEarly = true;
  }

  private finish(r: CommandResult): void {
    if (this.settled) return;
    this.settled = true;
    const note = r.timedOut ? 'timed out' : r.cancelled ? 'stopped' : `exit code ${r.exitCode ?? '?'}`;
    this.write.fire(`\r\n\x1b[2m[${note}]\x1b[0m\r\n`);
    this.done(r);
    this.closed.fire(r.exitCode ?? 1);
  }
}
