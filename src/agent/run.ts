/**
 * One agent run: plan, then for each task gather context, act through tools and validate. It ends
 * with exactly one `runEnded` event, whatever happened, and returns the conversation so the chat
 * can continue from it. Stopping is by the AbortSignal, which reaches every wait.
 */
import { emptyUsage, ModelError, type Content } from '../model/types';
import type { RunEndStatus } from '../shared/events';
import { resolveWorkspacePath } from '../guards/paths';
import { rulesGiven, taskRules } from '../rules/index';
import { foldersNote } from '../workspace/roots';
import { requestMessage, taskMessage } from './context';
import { workspaceTree } from './fileTree';
import { sealHistory } from './history';
import { requestPlan } from './planner';
import { createSession, type Session } from './session';
import { RunStop } from './stop';
import type { AgentDeps, AgentRequest, RunResult } from './types';

export class AgentRun {
  constructor(private readonly deps: AgentDeps) {}

  /** `history` is the conversation of the chat's earlier runs (not modified). */
  async run(request: AgentRequest, signal: AbortSignal, history: readonly Content[] = []): Promise<RunResult> {
    const contents = [...history];
    let session: Session | undefined;
    let status: RunEndStatus;
    let message: string;
    try {
      signal.throwIfAborted();
      session = await createSession(this.deps, signal);
      ({ status, message } = await this.work(session, request, contents, history.length === 0, signal));
    } catch (err) {
      ({ status, message } = this.ending(err, signal));
      const running = session?.board.all.find((t) => t.status === 'running');
      if (running) session?.board.setStatus(running.id, 'failed', status === 'cancelled' ? 'Stopped' : message);
    }
    sealHistory(contents, status === 'cancelled' ? 'the user stopped the run.' : 'the run ended first.');
    this.deps.emit({ type: 'runEnded', status, message });
    return { status, message, history: contents, tasks: session?.board.all ?? [], usage: session?.meter.run ?? emptyUsage() };
  }

  private async work(s: Session, request: AgentRequest, contents: Content[], firstRun: boolean, signal: AbortSignal): Promise<{ status: RunEndStatus; message: string }> {
    const fs = this.deps.workspace.fs;
    // Later runs of a chat already have the tree in their history; list_files finds what changed.
    const tree = firstRun ? foldersNote(this.deps.workspace.folders) + (await workspaceTree(fs, s.ignore, signal)) : undefined;
    const { files, personal } = s.rulesUsed;
    if (files.length > 0 || personal) this.deps.emit({ type: 'rules', files, personal });
    contents.push(requestMessage(request, tree, s.ignore));
    await this.plan(s, request, contents, tree, signal);
    // Rules files an earlier run of the chat already gave are in the history: not given again.
    const given = rulesGiven(contents.flatMap((c) => c.parts.flatMap((p) => (p.text !== undefined ? [p.text] : []))));
    const failed: string[] = [];
    for (let task = s.board.next(); task; task = s.board.next()) {
      s.board.setStatus(task.id, 'running');
      const rules = await this.taskRules(s, task.files, request, given, signal);
      contents.push(await taskMessage(task, s.board.render(), { fs, ignore: s.ignore }, signal, rules));
      const outcome = await s.loop.run(task, contents, signal, request.text);
      s.board.setStatus(task.id, outcome.ok ? 'done' : 'failed', outcome.summary);
      if (!outcome.ok) failed.push(`task ${task.id} ("${task.description}") failed — ${outcome.summary}`);
    }
    const count = s.board.all.length;
    if (failed.length > 0) return { status: 'failed', message: `Finished with problems: ${failed.join('; ')}.` };
    return { status: 'completed', message: count === 1 ? 'Done.' : `Done: all ${count} tasks completed.` };
  }

  /**
   * The plan: by the planner when it is on (in a fresh conversation of its own: the request and
   * the workspace tree; the coder's conversation gets the plan as a message), else, or when the
   * planner gave none, asked for in the run's own conversation as always.
   */
  private async plan(s: Session, request: AgentRequest, contents: Content[], tree: string | undefined, signal: AbortSignal): Promise<void> {
    if (s.team?.plans) {
      const fs = this.deps.workspace.fs;
      const ownTree = tree ?? foldersNote(this.deps.workspace.folders) + (await workspaceTree(fs, s.ignore, signal));
      const planned = await s.team.plan(requestMessage(request, ownTree, s.ignore), request.text, signal);
      if (planned) {
        s.board.set(planned.tasks);
        contents.push(planned.message);
        return;
      }
    }
    await requestPlan(s.caller, s.prefix, contents, signal, (tasks) => s.board.set(tasks));
  }

  /**
   * The rules the task's files bring that were not given yet (nearest AGENTS.md, GEMINI.md up the
   * folders, matching instructions), as text for the task's message; the panel's line grows by them.
   */
  private async taskRules(s: Session, taskFiles: readonly string[], request: AgentRequest, given: Set<string>, signal: AbortSignal): Promise<string> {
    const inPlay = [...taskFiles, ...(request.editor ? [request.editor.path] : [])].flatMap((f) => {
      const r = resolveWorkspacePath(f);
      return r.ok && r.path !== '.' ? [r.path] : [];
    });
    const rendered = taskRules(await s.rules.forFiles(inPlay, given, signal));
    for (const u of rendered.used) given.add(u.path);
    if (rendered.used.length > 0) this.deps.emit({ type: 'rules', files: rendered.used, personal: false });
    return rendered.text;
  }

  private ending(err: unknown, signal: AbortSignal): { status: RunEndStatus; message: string } {
    if (signal.aborted) return { status: 'cancelled', message: 'Stopped. Changes already applied stay as they are; nothing was half-applied.' };
    if (err instanceof RunStop) return { status: err.status, message: err.message };
    const text = err instanceof Error ? err.message : String(err);
    const retryable = err instanceof ModelError ? err.retryable : false;
    const link = err instanceof ModelError ? err.options.link : undefined;
    this.deps.emit({ type: 'error', message: text, retryable, ...(link ? { link } : {}) });
    return { status: 'failed', message: `The run failed: ${text}` };
  }
}
