/**
 * `submit_plan`: how the plan arrives. The planning request forces a call of it
 * (`toolConfig` mode ANY) instead of asking for JSON, so every request of a chat declares the
 * same tools and no request combines JSON mode with tools or with a history of calls. Declared
 * in every request for that reason, it has nothing to do inside a task: a call there is refused.
 */
import { z } from 'zod';
import type { Tool } from './types';

export const SUBMIT_PLAN = 'submit_plan';
export const MAX_PLAN_TASKS = 20;

export const PlanParameters = z.object({
  tasks: z
    .array(
      z.object({
        id: z.string().trim().min(1).describe('Short unique id, e.g. "1", "2".'),
        description: z.string().trim().min(1).describe('What to do, in one or two sentences.'),
        files: z.array(z.string()).describe('Workspace-relative files the task expects to create or change (may be empty).'),
      }),
    )
    .min(1)
    .max(MAX_PLAN_TASKS)
    .refine((tasks) => new Set(tasks.map((t) => t.id)).size === tasks.length, 'task ids must be unique')
    .describe('The tasks in the order they are to be done.'),
});

export const submitPlanTool: Tool<typeof PlanParameters> = {
  name: SUBMIT_PLAN,
  description: 'Give the plan for the user\'s latest request: a short ordered list of tasks (one task for a simple request or a question). Used once per request, when the plan is asked for; to change the plan later, use update_plan.',
  parameters: PlanParameters,
  label: () => 'Submit a plan',
  async execute() {
    return { error: 'The plan of this request is already set. To change it, call update_plan with the whole revised list.' };
  },
};
