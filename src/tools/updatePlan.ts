/**
 * `update_plan`: the model revises the rest of its plan when it learns something. Finished tasks
 * keep their state whatever the model sends; the run, not the model, decides what is done.
 */
import { z } from 'zod';
import type { Tool } from './types';

const parameters = z.object({
  tasks: z
    .array(
      z.object({
        id: z.string().min(1).describe('Task id; keep the ids of existing tasks.'),
        description: z.string().min(1),
        files: z.array(z.string()).describe('Files the task expects to touch.'),
      }),
    )
    .min(1)
    .describe('The whole plan in order, including finished tasks.'),
});

export const updatePlanTool: Tool<typeof parameters> = {
  name: 'update_plan',
  description: 'Revise the plan: give the complete ordered task list. Pending tasks can be changed, reordered, added or removed; finished tasks stay as they are.',
  parameters,
  label: () => 'Update the plan',
  report: (a) => ({ summary: `${a.tasks.length} tasks` }),
  async execute(args, ctx) {
    if (!ctx.plan) return { error: 'There is no plan to update in this run.' };
    const result = ctx.plan.revise(args.tasks);
    return result.ok ? { plan: result.plan } : { error: result.error };
  },
};
