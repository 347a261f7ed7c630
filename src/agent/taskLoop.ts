/**
 * One task: stream a model turn, run its function calls, send the results back, until the model
 * answers without calls; then validate, and on failure hand the errors back for a bounded number
 * of fix attempts. Every function call is answered in the next content, in the same order, even
 * when the run stops half-way through a round.
 */
import type { Content, ModelTurn } from '../model/types';
import type { AgentEvent, PlanTask } from '../shared/events';
import type { ToolContext } from '../tools/types';
import type { ReviewVerdict } from '../agents/review';
import type { ToolDispatcher } from './dispatch';
import { callsOf, userText } from './history';
import type { Limits } from './limits';
import type { ModelCaller } from './modelCall';
import { abnormalEnd } from './finish';
import type { RequestPrefix } from './planner';
import { fixPrompt } from './prompts';
import { RunStop } from './stop';
import type { TrackingApprover } from './tracking';
import type { Meter } from './usage';
import { runRound } from './rounds';
import type { TaskValidator } from './validation';

export interface TaskLoopDeps {
  caller: ModelCaller;
  dispatcher: ToolDispatcher;
  validator: TaskValidator;
  tracker: TrackingApprover;
  limits: Limits;
  meter: Meter;
  /** System instruction and tools, the same for every request of the chat. */
  prefix: RequestPrefix;
  settings: { maxToolRounds: number; maxFixAttempts: number };
  toolContext(taskId: string, signal: AbortSignal): ToolContext;
  emit(event: AgentEvent): void;
  /** Reviews a task's changes before validation; absent when the reviewer is off. */
  reviewer?: TaskReviewer;
}

/** The reviewer as the task loop uses it (src/agents/team.ts). */
export interface TaskReviewer {
  /** Rounds in which requested changes go back to the coder. */
  maxRounds: number;
  /** The verdict of round `round` (1-based), already shown; `undefined` when the reviewer gave none. */
  review(task: PlanTask, request: string, round: number, earlier: ReviewVerdict | undefined, signal: AbortSignal): Promise<ReviewVerdict | undefined>;
  changesPrompt(taskId: string, verdict: ReviewVerdict, round: number): string;
}

export type TaskOutcome = { ok: true; summary: string } | { ok: false; summary: string };

export class TaskLoop {
  constructor(private readonly d: TaskLoopDeps) {}

  /** `history` already ends with the task's opening message; this appends to it. `request`: the user's words, for the reviewer. */
  async run(task: PlanTask, history: Content[], signal: AbortSignal, request = ''): Promise<TaskOutcome> {
    const ctx = this.d.toolContext(task.id, signal);
    this.d.dispatcher.forgetRepeats();
    this.d.validator.beginTask(task, signal);
    let rounds = 0;
    let fixes = 0;
    const reviewer = this.d.reviewer;
    let reviews = 0;
    let reviewed = !reviewer;
    let earlier: ReviewVerdict | undefined;
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
      // The reviewer looks at the task's diff before validation; requested changes go back to the
      // coder for a bounded number of rounds, and the round after the last one is shown, not sent back.
      if (reviewer && !reviewed) {
        const verdict = await reviewer.review(task, request, ++reviews, earlier, signal);
        if (verdict?.verdict === 'changes' && reviews <= reviewer.maxRounds) {
          earlier = verdict;
          this.d.dispatcher.forgetRepeats();
          history.push(userText(reviewer.changesPrompt(task.id, verdict, reviews)));
          continue;
        }
        reviewed = true;
      }
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

  private runCalls(calls: ReturnType<typeof callsOf>, ctx: ToolContext, history: Content[], signal: AbortSignal): Promise<void> {
    return runRound({ dispatcher: this.d.dispatcher, check: () => this.d.limits.check(this.d.meter.run) }, calls, ctx, history, signal);
  }
}

/** A line for the user when the answer that ends a task is not whole: cut at the output limit, or empty. */
export function endNote(turn: ModelTurn): string | undefined {
  if (turn.finishReason === 'MAX_TOKENS') return `${turn.text ? '\n\n' : ''}*[The answer stops here: it reached the model's output limit (MAX_TOKENS).]*`;
  if (turn.text.trim() === '') return '*[Gemini ended this task without an answer.]*';
  return undefined;
}
