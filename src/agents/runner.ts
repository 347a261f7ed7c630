/**
 * One loop for every helper agent: a fresh conversation of its own (never the parent's), its own
 * system instruction, tools and model, its own caps and loop guard. Its work is reported as
 * `subagentEvent`s under its card; its usage counts into the run under its role. It always ends
 * with one `subagentFinished`, and never makes the run fail: a cap gives a partial result, a
 * failure a failed one. Only a stop of the run (cancel, the run's own limits) goes through.
 */
import { z } from 'zod';
import type { Content, FunctionCall, GenerateRequest, ModelClient, ModelTurn, Usage } from '../model/types';
import type { AgentEvent, CodeRef, SubagentRole } from '../shared/events';
import { toFunctionDeclarations } from '../tools/index';
import type { Tool, ToolContext } from '../tools/types';
import { ToolDispatcher } from '../agent/dispatch';
import { abnormalEnd } from '../agent/finish';
import { callsOf, responsePart, userText } from '../agent/history';
import type { Limits } from '../agent/limits';
import { ModelCaller } from '../agent/modelCall';
import { RepeatGuard } from '../agent/repeats';
import { runRound } from '../agent/rounds';
import { RunStop } from '../agent/stop';
import { RoleMeter, type UsageMeter } from '../agent/usage';
import { CapReached, SubagentLimits, timeCap } from './limits';
import { finishNudge, lastRoundPrompt } from './prompts';
import type { SubagentCaps } from './settings';

/** A role that answers by calling one tool (`submit_plan`, `submit_review`), parsed with zod. */
export interface Finish<T> {
  tool: Tool;
  schema: z.ZodType<T>;
  /** The answer to a call that did not validate: what was wrong, and to call again. */
  repair(error: string): string;
}

/** What a role is: fixed for every subagent of the role. */
export interface RoleSpec<T = undefined> {
  role: SubagentRole;
  systemInstruction: string;
  /** The tools it may use (the finishing tool is added to them). */
  tools: readonly Tool[];
  finish?: Finish<T>;
}

/** One piece of work for a subagent. */
export interface Job {
  /** Shown on its card: the question, "Review task 2". */
  title: string;
  client: ModelClient;
  /** The model's name, for the card. */
  model: string;
  /** Its conversation's opening: a fresh one, made for it. */
  contents: Content[];
  parentCallId?: string;
  taskId?: string;
}

export type SubagentStatus = 'done' | 'partial' | 'failed' | 'cancelled';

export interface SubagentResult<T> {
  agentId: string;
  status: SubagentStatus;
  /** Its answer in words (an explorer's report), with a partial one's note. */
  text: string;
  /** The finishing call's arguments, parsed; absent when it never gave a usable one. */
  value?: T;
  refs: CodeRef[];
  usage: Usage;
  /** Why it is partial or failed, in words. */
  note?: string;
}

export interface RunnerDeps {
  emit(event: AgentEvent): void;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
  random(): number;
  newId(): string;
  /** The run's limits: reaching one stops the run, subagents included. */
  runLimits: Limits;
  meter: UsageMeter;
  settings: { maxRetries: number; maxRetryDelayMs: number; contextWindowTokens: number };
  caps: SubagentCaps;
  /** The read-only context its tools run with. */
  toolContext(taskId: string | undefined, signal: AbortSignal): ToolContext;
  /** Turns a finished report into its text and refs (explorers). */
  report?(text: string): { text: string; refs: CodeRef[] };
}

/** The inner events a subagent's card shows; everything else of its work is not the panel's business. */
const INNER = new Set(['textDelta', 'thoughtDelta', 'toolStarted', 'toolFinished', 'retry']);

export class SubagentRunner {
  constructor(private readonly d: RunnerDeps) {}

  async run<T>(spec: RoleSpec<T>, job: Job, signal: AbortSignal): Promise<SubagentResult<T>> {
    const d = this.d;
    const agentId = d.newId();
    d.emit({
      type: 'subagentStarted',
      agentId,
      role: spec.role,
      title: job.title.length > 500 ? `${job.title.slice(0, 499)}…` : job.title,
      model: job.model,
      ...(job.parentCallId ? { parentCallId: job.parentCallId } : {}),
      ...(job.taskId ? { taskId: job.taskId } : {}),
    });
    const emit = (e: AgentEvent) => {
      if (INNER.has(e.type)) d.emit({ type: 'subagentEvent', agentId, event: e as Extract<AgentEvent, { type: 'textDelta' }> });
      // The run's total goes on; the answering model stays the coder's (what the panel prices the run by):
      // a helper's model is on its card (subagentStarted), its own usage on subagentFinished.
      else if (e.type === 'usage') d.emit({ type: 'usage', request: e.request, run: e.run, ...(e.byRole ? { byRole: e.byRole } : {}) });
    };
    const meter = new RoleMeter(d.meter, spec.role);
    const limits = new SubagentLimits(d.runLimits, () => meter.own, d.now, d.caps);
    // Its own signal: the run's stop reaches it, and so does its time cap, even mid-request.
    const own = new AbortController();
    const stop = () => own.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    if (signal.aborted) stop();
    const timer = setTimeout(() => own.abort(new CapReached(timeCap(d.caps.maxMs))), d.caps.maxMs);
    const state: LoopState = { texts: [], rounds: 0 };
    let result: SubagentResult<T>;
    try {
      result = await this.loop(spec, job, emit, meter, limits, own.signal, state, agentId);
    } catch (err) {
      if (signal.aborted) {
        this.finish(agentId, { agentId, status: 'cancelled', text: 'Stopped: the user stopped the run.', refs: [], usage: meter.own });
        throw err;
      }
      const cap = err instanceof CapReached ? err : own.signal.reason instanceof CapReached ? own.signal.reason : undefined;
      if (cap) {
        result = this.partial(agentId, state, meter.own, cap.reason);
      } else if (err instanceof RunStop) {
        try {
          d.runLimits.check(d.meter.run);
        } catch (runStop) {
          // The run itself reached a limit: it stops, and this subagent with it.
          this.finish(agentId, { agentId, status: 'failed', text: err.message, refs: [], usage: meter.own });
          throw runStop;
        }
        // Inside a subagent a 'limit' stop is its loop guard; anything else (a blocked answer, bad calls) a failure.
        result = err.status === 'limit' ? this.partial(agentId, state, meter.own, `its loop guard stopped it (${err.message.replace(/^Stopped: /, '').replace(/\.$/, '')})`) : failed(agentId, err.message, meter.own);
      } else {
        result = failed(agentId, err instanceof Error ? err.message : String(err), meter.own);
      }
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
    }
    this.finish(agentId, result);
    return result;
  }

  private async loop<T>(
    spec: RoleSpec<T>,
    job: Job,
    emit: (e: AgentEvent) => void,
    meter: RoleMeter,
    limits: SubagentLimits,
    signal: AbortSignal,
    state: LoopState,
    agentId: string,
  ): Promise<SubagentResult<T>> {
    const d = this.d;
    const caps = d.caps;
    const finish = spec.finish;
    const tools = finish ? [...spec.tools, finish.tool] : [...spec.tools];
    const prefix = { systemInstruction: spec.systemInstruction, tools: toFunctionDeclarations(tools) };
    const names = tools.map((t) => t.name);
    const caller = new ModelCaller({ model: job.client, emit, sleep: d.sleep, now: d.now, random: d.random, limits, meter, settings: d.settings });
    const dispatcher = new ToolDispatcher(spec.tools, emit, d.newId, new RepeatGuard());
    const ctx = d.toolContext(job.taskId, signal);
    const history = [...job.contents];
    let forced = false;
    let repaired = false;
    let nudged = false;
    for (;;) {
      const last = state.rounds >= caps.maxToolRounds;
      const toolChoice: GenerateRequest['toolChoice'] = finish
        ? { mode: 'ANY', allowedFunctionNames: last || forced ? [finish.tool.name] : names }
        : last
          ? { mode: 'NONE' }
          : undefined;
      const turn = await caller.generate({ ...prefix, contents: history, ...(toolChoice ? { toolChoice } : {}) }, signal);
      if (turn.text.trim()) state.texts.push(turn.text.trim());
      const calls = callsOf(turn);
      if (finish) {
        const call = calls.find((c) => c.name === finish.tool.name);
        if (call) {
          const parsed = finish.schema.safeParse(call.args ?? {});
          if (parsed.success) return this.ended(agentId, state, meter.own, parsed.data, last ? `it reached its cap of ${caps.maxToolRounds} tool rounds` : undefined);
          const error = z.prettifyError(parsed.error).replace(/\n/g, ' ');
          if (repaired) return failed(agentId, `It did not give a usable ${finish.tool.name} call, even after being shown the problem (${error}).`, meter.own);
          repaired = forced = true;
          history.push(turn.content, answer(calls, call, { error: finish.repair(error) }, finish.tool.name));
          continue;
        }
        if (calls.length === 0) {
          if (nudged) return failed(agentId, `It answered without calling ${finish.tool.name}.`, meter.own);
          nudged = forced = true;
          if (turn.content.parts.length > 0) history.push(turn.content);
          history.push(userText(finishNudge(finish.tool.name)));
          continue;
        }
      } else if (calls.length === 0) {
        const abnormal = abnormalEnd(turn);
        if (abnormal) return this.partial(agentId, state, meter.own, abnormal.replace(/\.$/, ''));
        return this.ended<T>(agentId, state, meter.own, undefined, last ? `it reached its cap of ${caps.maxToolRounds} tool rounds` : undefined, turn);
      }
      if (last) return this.partial(agentId, state, meter.own, `it reached its cap of ${caps.maxToolRounds} tool rounds`);
      history.push(turn.content);
      state.rounds++;
      await runRound({ dispatcher, check: () => limits.check(meter.run) }, calls, ctx, history, signal);
      if (state.rounds >= caps.maxToolRounds) history.push(userText(lastRoundPrompt(caps.maxToolRounds, finish?.tool.name)));
    }
  }

  /** A normal end: the last answer is the report (an explorer's), or the finishing call's value. */
  private ended<T>(agentId: string, state: LoopState, usage: Usage, value: T | undefined, capNote: string | undefined, turn?: ModelTurn): SubagentResult<T> {
    const answer = turn ? turn.text.trim() : state.texts.join('\n\n');
    const { text, refs } = this.d.report ? this.d.report(answer) : { text: answer, refs: [] };
    if (capNote) return { agentId, status: 'partial', text: withNote(text, capNote), ...(value !== undefined ? { value } : {}), refs, usage, note: capNote };
    return { agentId, status: 'done', text, ...(value !== undefined ? { value } : {}), refs, usage };
  }

  /** Stopped by a cap or its loop guard: what it had said so far, and why it stopped. */
  private partial<T>(agentId: string, state: LoopState, usage: Usage, note: string): SubagentResult<T> {
    const { text, refs } = this.d.report ? this.d.report(state.texts.join('\n\n')) : { text: state.texts.join('\n\n'), refs: [] };
    return { agentId, status: 'partial', text: withNote(text, note), refs, usage, note };
  }

  private finish(agentId: string, r: SubagentResult<unknown>): void {
    const summary = r.text.length > 20_000 ? `${r.text.slice(0, 19_999)}…` : r.text;
    this.d.emit({ type: 'subagentFinished', agentId, status: r.status, summary, ...(r.refs.length > 0 ? { refs: r.refs.slice(0, 100) } : {}), usage: r.usage });
  }
}

interface LoopState {
  /** The text of each of its answers so far (thoughts left out). */
  texts: string[];
  rounds: number;
}

function failed<T>(agentId: string, why: string, usage: Usage): SubagentResult<T> {
  return { agentId, status: 'failed', text: why, refs: [], usage, note: why };
}

function withNote(text: string, note: string): string {
  const head = `(Partial: stopped early, ${note}.)`;
  return text ? `${text}\n\n${head}` : `${head} It found nothing it could report before that.`;
}

/** One response per call of the turn, in order: the finishing call gets `response`, the others are not run. */
function answer(calls: FunctionCall[], finishing: FunctionCall, response: Record<string, unknown>, finishName: string): Content {
  return {
    role: 'user',
    parts: calls.map((c) => responsePart(c, c === finishing ? response : { error: `Not run: ${finishName} was called in the same turn; call it alone once it is right.` })),
  };
}
