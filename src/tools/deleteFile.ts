/** `delete_file`: a deletion is a proposal like any other change, shown before it happens. */
import { z } from 'zod';
import { guardWritePath } from './paths';
import { proposeChange } from './propose';
import { editableText } from './text';
import type { Tool } from './types';

const parameters = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
});

export const deleteFileTool: Tool<typeof parameters> = {
  name: 'delete_file',
  description: 'Delete a file of the workspace (not a folder).',
  parameters,
  label: (a) => `Delete ${a.path}`,
  report: (a) => ({ summary: `Deleted ${a.path}` }),
  async execute(args, ctx) {
    const guarded = await guardWritePath(args.path, ctx);
    if (!guarded.ok) return { error: guarded.error };
    const path = guarded.path;
    const stat = await ctx.fs.stat(path);
    if (!stat) return { error: `${path} does not exist.` };
    if (stat.type === 'directory') return { error: `${path} is a folder; the agent deletes files one by one.` };
    // The original text is what lets the user see the deletion and undo it; binary files have none.
    const current = editableText(path, await ctx.fs.readFile(path));
    if (!current.ok) return { error: current.error };
    const outcome = await proposeChange(ctx, { path, before: current.text, after: undefined });
    if (!outcome.applied) return outcome.response;
    return { path, deleted: true };
  },
};
