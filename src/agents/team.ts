/**
 * The helper agents of one run, built from the settings: the explorers behind the `explore` tool,
 * the planner and the reviewer. Each role has its own fixed instruction, tools, model and caps
 * (see roles.ts); one runner runs them all. What is off is absent, and the run works as before.
 */
import type { Content, ModelClient } from '../model/types';
import type { AgentEvent, PlanTask } from '../shared/events';
import { PlanParameters, submitPlanTool } from '../tools/submitPlan';
import type { PlanTaskInput, Tool } from '../tools/types';
import { userText } from '../agent/history';
import { planRepair } from '../agent/prompts';
import { exploreTool, type StartExplorer } from './explore';
import { EXPLORER_INSTRUCTION, PLANNER_INSTRUCTION, REVIEWER_INSTRUCTION, explorerQuestion } from './prompts';
import { splitReferences } from './refs';
import { changesPrompt, ReviewVerdict, reviewRepair, reviewRequest, submitReviewTool, taskDiff } from './review';
import { SubagentRunner, type RoleSpec, type RunnerDeps } from './runner';
import type { AgentsSettings } from './settings';

/** Tools every helper may use: they only read. `semantic_search` only where an index is there. */
const READ_ONLY = ['list_files', 'read_file', 'search_codebase'];

export interface TeamDeps extends Omit<RunnerDeps, 'report' | 'caps'> {
  agents: AgentsSettings;
  /** The run's tools; each role takes its own subset by name. */
  tools: readonly Tool[];
  hasIndex: boolean;
  model: ModelClient;
  modelFor?(name: string): ModelClient;
}

/** What the reviewer needs about a task's changes. */
export interface ReviewSource {
  changesOf(taskId: string): Array<{ path: string; before: string | undefined; after: string | undefined }>;
}

export class Team {
  /** `explore`, for the coder and the planner; absent when explorers are off. */
  readonly explore?: Tool;
  private readonly runner: SubagentRunner;
  private readonly readOnly: Tool[];

  constructor(private readonly d: TeamDeps) {
    const byName = new Map(d.tools.map((t) => [t.name, t]));
    const names = [...READ_ONLY, ...(d.hasIndex ? ['semantic_search'] : [])];
    this.readOnly = names.flatMap((n) => byName.get(n) ?? []);
    // Explorers' reports are split into text and refs; other roles answer by a call.
    this.runner = new SubagentRunner({ ...d, caps: d.agents.caps });
    if (d.agents.explorer.enabled) {
      const explorers = new SubagentRunner({ ...d, caps: d.agents.caps, report: splitReferences });
      const spec: RoleSpec = { role: 'explorer', systemInstruction: EXPLORER_INSTRUCTION, tools: this.readOnly };
      const start: StartExplorer = (args, parentCallId, taskId, signal) =>
        explorers.run(spec, { title: args.question, ...this.modelOf('explorer'), contents: [userText(explorerQuestion(args.question, args.paths ?? []))], parentCallId, taskId }, signal);
      this.explore = exploreTool(start, d.agents.explorer.maxParallel);
    }
  }

  static wanted(settings: AgentsSettings): boolean {
    return settings.planner.enabled || settings.explorer.enabled || settings.reviewer.enabled;
  }

  get plans(): boolean {
    return this.d.agents.planner.enabled;
  }

  /** The role's client and model name: its own model when set, else the run's. */
  private modelOf(role: 'planner' | 'explorer' | 'reviewer'): { client: ModelClient; model: string } {
    const name = this.d.agents[role].model.trim();
    const client = name && this.d.modelFor ? this.d.modelFor(name) : this.d.model;
    return { client, model: (name && this.d.modelFor ? name : this.d.agents.mainModel) || 'main model' };
  }

  /**
   * The plan, made by the planner from the request (a fresh conversation: the request with the
   * workspace tree). `undefined` when it gave none usable (failed, or stopped by a cap): the run
   * then plans in its own conversation, as without a planner.
   */
  async plan(request: Content, title: string, signal: AbortSignal): Promise<{ tasks: PlanTaskInput[]; message: Content } | undefined> {
    const spec: RoleSpec<{ tasks: PlanTaskInput[] }> = {
      role: 'planner',
      systemInstruction: PLANNER_INSTRUCTION,
      tools: [...this.readOnly, ...(this.explore ? [this.explore] : [])],
      finish: { tool: submitPlanTool, schema: PlanParameters, repair: planRepair },
    };
    const result = await this.runner.run(spec, { title: `Plan: ${title}`, ...this.modelOf('planner'), contents: [request] }, signal);
    const tasks = result.value?.tasks;
    if (!tasks) return undefined;
    return { tasks, message: userText(plannerMessage(tasks)) };
  }

  get reviews(): boolean {
    return this.d.agents.reviewer.enabled;
  }

  get maxReviewRounds(): number {
    return this.d.agents.reviewer.maxRounds;
  }

  /**
   * Reviews a task's changes (round `round`, 1-based) and emits the verdict as a `review` event.
   * `undefined` when the reviewer gave none (failed, or stopped by a cap before it answered): the
   * task then goes on to validation as without a reviewer.
   */
  async review(
    p: { task: PlanTask; request: string; rules: string; source: ReviewSource; round: number; earlier?: ReviewVerdict },
    emit: (event: AgentEvent) => void,
    signal: AbortSignal,
  ): Promise<ReviewVerdict | undefined> {
    const diff = taskDiff(p.source.changesOf(p.task.id));
    const spec: RoleSpec<ReviewVerdict> = {
      role: 'reviewer',
      systemInstruction: REVIEWER_INSTRUCTION,
      tools: [...this.readOnly, ...this.d.tools.filter((t) => t.name === 'get_diagnostics')],
      finish: { tool: submitReviewTool, schema: ReviewVerdict, repair: reviewRepair },
    };
    const text = reviewRequest({ taskId: p.task.id, description: p.task.description, request: p.request, rules: p.rules, diff, round: p.round, ...(p.earlier ? { earlier: p.earlier } : {}) });
    const result = await this.runner.run(spec, { title: `Review task ${p.task.id}${p.round > 1 ? ` (round ${p.round})` : ''}`, ...this.modelOf('reviewer'), contents: [userText(text)], taskId: p.task.id }, signal);
    const verdict = result.value;
    if (!verdict) return undefined;
    emit({ type: 'review', reviewId: this.d.newId(), taskId: p.task.id, round: p.round, verdict: verdict.verdict, summary: verdict.summary, comments: verdict.comments ?? [] });
    return verdict;
  }

  changesPrompt(taskId: string, verdict: ReviewVerdict, round: number): string {
    return changesPrompt(taskId, verdict, round, this.maxReviewRounds);
  }
}

/** The planner's plan as the coder's conversation gets it (the panel got it as a `plan` event). */
function plannerMessage(tasks: PlanTaskInput[]): string {
  const lines = tasks.map((t) => `${t.id}. ${t.description}${t.files.length ? ` (files: ${t.files.join(', ')})` : ''}`);
  return `The planner made this plan for the request; you carry it out one task at a time (update_plan revises what is still pending):\n${lines.join('\n')}`;
}
