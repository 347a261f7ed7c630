/**
 * The plan as the run tracks it: tasks with states, shown to the user as a checklist. The model
 * may revise what is still pending; what is done, failed or running stays as it is.
 */
import type { AgentEvent, PlanTask, TaskStatus } from '../shared/events';
import type { PlanEditor, PlanTaskInput } from '../tools/types';
import { MAX_PLAN_TASKS } from '../tools/submitPlan';

export class PlanBoard implements PlanEditor {
  private tasks: PlanTask[] = [];

  constructor(private readonly emit: (event: AgentEvent) => void) {}

  set(tasks: PlanTaskInput[]): void {
    this.tasks = tasks.map((t) => ({ ...t, status: 'pending' }));
    this.emitPlan();
  }

  get all(): PlanTask[] {
    return this.tasks.map((t) => ({ ...t, files: [...t.files] }));
  }

  next(): PlanTask | undefined {
    const task = this.tasks.find((t) => t.status === 'pending');
    return task && { ...task, files: [...task.files] };
  }

  setStatus(id: string, status: TaskStatus, detail?: string): void {
    const task = this.tasks.find((t) => t.id === id);
    if (!task || task.status === status) return;
    task.status = status;
    this.emit({ type: 'taskStatus', taskId: id, status, ...(detail ? { detail } : {}) });
  }

  revise(input: PlanTaskInput[]): ReturnType<PlanEditor['revise']> {
    const ids = input.map((t) => t.id);
    if (new Set(ids).size !== ids.length) return { ok: false, error: 'Task ids must be unique.' };
    const old = new Map(this.tasks.map((t) => [t.id, t]));
    // Tasks that are under way or over are history: kept even if the model leaves them out.
    const settled = this.tasks.filter((t) => t.status !== 'pending' && !ids.includes(t.id));
    const revised = input.map((t): PlanTask => {
      const before = old.get(t.id);
      return before && before.status !== 'pending' ? before : { ...t, files: [...t.files], status: 'pending' };
    });
    if (settled.length + revised.length > MAX_PLAN_TASKS) return { ok: false, error: `A plan has at most ${MAX_PLAN_TASKS} tasks.` };
    this.tasks = [...settled, ...revised];
    this.emitPlan();
    return { ok: true, plan: this.all };
  }

  /** The checklist as the model is shown it at the start of each task. */
  render(): string {
    const mark: Record<TaskStatus, string> = { pending: '[ ]', running: '[>]', done: '[x]', failed: '[!]' };
    return this.tasks.map((t) => `${mark[t.status]} ${t.id}. ${t.description}${t.files.length ? ` (files: ${t.files.join(', ')})` : ''}`).join('\n');
  }

  private emitPlan(): void {
    this.emit({ type: 'plan', tasks: this.all });
  }
}
