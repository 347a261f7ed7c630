/**
 * One task: stream a model turn, run its function calls, send the results back, until the model
 * answers without calls; then validate, and on failure hand the errors back for a bounded number
 * of fix attempts. Every function call is answered in the next content, in the same order, even
 * when the run stops half-way through a round.
 */
import type { Content, ModelTurn, Part } from '../model/types';
import type { AgentEvent, PlanTask } from '../shared/events';
import type { ToolContext } from '../tools/types';
import type { ToolDispatcher } from './dispatch';
import { callsOf, completeResponses, userText } from './history';
import type { RunLimits } from './limits';
import type { ModelCaller } from './modelCall';
import { abnormalEnd } from './finish';
import type { RequestPrefix } from './planner';
import { fixPrompt } from './prompts';
import { RunStop } from './stop';
import type { TrackingApprover } from './tracking';
import type { UsageMeter } from './usage';
import type { TaskValidator } from './validation';

export interface TaskLoopDeps {
  caller: ModelCaller;
  dispatcher: ToolDispatcher;
  validator: TaskValidator;
  tracker: TrackingApprover;
  limits: RunLimits;
  meter: UsageMeter;
  /** System instruction and tools, the same for every request of the chat. */
  prefix: RequestPrefix;
  settings: { maxToolRounds: number; maxFixAttempts: number };
  toolContext(taskId: string, signal: AbortSignal): ToolContext;
  emit(event: AgentEvent): void;
}

export type TaskOutcome = { ok: true; summary: string } | { ok: false; summary: string };

export class TaskLoop {
  constructor(private readonly d: TaskLoopDeps) {}

  /** `history` already ends with the task's opening message; this appends to it. */
  async run(task: PlanTask, history: Content[], signal: AbortSignal): Promise<TaskOutcome> {
    const ctx = this.d.toolContext(task.id, signal);
    this.d.dispatcher.forgetRepeats();
    this.d.validator.beginTask(task, signal);
    let rounds = 0;
    let fixes = 0;
    for (;;) {
      const turn = await this.d.caller.generate({ ...this.d.prefix, contents: history }, signal);
      // Blocked answers and bad tool calls were dealt with by the caller (see modelCall.ts).
      if (turn.content.parts.length > 0) history.push(turn.content);
      const calls = callsOf(turn);
      if (calls.length > 0) {
        if (++rounds > this.d.settings.maxToolRounds) {
          throw new RunStop('limit', `Stopped: task ${task.id} used its limit of ${this.d.settings.maxToolRounds} tool rounds (setting "Max Tool Rounds").`);
        }
        await this.runCalls(calls, ctx, history, signal);
        continue;
      }
      // An answer that ended some other way than finishing (OTHER, a MAX_TOKENS the server
      // explained...) is shown with the server's words, and the task is not done.
      const abnormal = abnormalEnd(turn);
      if (abnormal) {
        this.d.emit({ type: 'textDelta', text: `${turn.text ? '\n\n' : ''}*[${abnormal}]*` });
        return { ok: false, summary: abnormal };
      }
      // The model considers the task done. An answer that is cut off or missing says so in the
      // chat (the history keeps what the model really sent); then its work is checked.
      const note = endNote(turn);
      if (note) this.d.emit({ type: 'textDelta', text: note });
      if (!this.d.tracker.changedAnything(task.id)) return { ok: true, summary: 'Done' };
      const outcome = await this.d.validator.validate(task.id, this.d.tracker.existingFilesOf(task.id), signal);
      if (outcome.ok) return { ok: true, summary: outcome.summary };
      if (fixes >= this.d.settings.maxFixAttempts) {
        const tries = this.d.settings.maxFixAttempts;
        return { ok: false, summary: `Validation still failed after ${tries} fix attempt${tries === 1 ? '' : 's'}: ${outcome.summary}` };
      }
      fixes++;
      this.d.dispatcher.forgetRepeats();
      history.push(userText(fixPrompt(task.id, outcome.report, fixes, this.d.settings.maxFixAttempts)));
    }
  }

  private async runCalls(calls: ReturnType<typeof callsOf>, ctx: ToolContext, history: Content[], signal: AbortSignal): Promise<void> {
    const made: Part[] = [];
    try {
      for (const call of calls) {
        signal.throwIfAborted();
        this.d.limits.check(this.d.meter.run);
        made.push(await this.d.dispatcher.run(call, ctx));
      }
    } finally {
      const why = signal.aborted ? 'the user stopped the run.' : 'the run ended before this call.';
      history.push(completeResponses(calls, made, why));
    }
  }
}

/** A line for the user when the answer that ends a task is not whole: cut at the output limit, or empty. */
export function endNote(turn: ModelTurn): string | undefined {
  if (turn.finishReason === 'MAX_TOKENS') return `${turn.text ? '\n\n' : ''}*[The answer stops here: it reached the model's output limit (MAX_TOKENS).]*`;
  if (turn.text.trim() === '') return '*[Gemini ended this task without an answer.]*';
  return undefined;
}
