/** `write_file`: create a file or replace a whole file, as a proposal the user can see first. */
import { z } from 'zod';
import { lineDiffStats } from '../edits/diffStats';
import { inFormatOf } from '../edits/textFormat';
import { guardWritePath } from './paths';
import { proposeChange } from './propose';
import { editableText } from './text';
import type { Tool } from './types';

const parameters = z.object({
  path: z.string().describe('File path relative to the workspace root. Missing folders are created.'),
  content: z.string().describe('The complete new content of the file.'),
});

export const writeFileTool: Tool<typeof parameters> = {
  name: 'write_file',
  description: 'Create a new file, or replace the whole content of a file. For changes to part of an existing file use edit_file instead.',
  parameters,
  label: (a) => `Write ${a.path}`,
  report: (a, r) => ({ summary: r.created ? `Created ${a.path}` : r.unchanged ? 'No change' : `Rewrote ${a.path}` }),
  async execute(args, ctx) {
    const guarded = await guardWritePath(args.path, ctx);
    if (!guarded.ok) return { error: guarded.error };
    const path = guarded.path;
    const stat = await ctx.fs.stat(path);
    if (stat?.type === 'directory') return { error: `${path} is a folder; give a file path.` };
    const current = editableText(path, stat ? await ctx.fs.readFile(path) : undefined);
    if (!current.ok) return { error: current.error };
    // A CRLF file stays CRLF (and keeps its BOM): otherwise every line shows as changed.
    const after = current.text === undefined ? args.content : inFormatOf(current.text, args.content);
    if (current.text === after) return { path, unchanged: true, note: 'The file already has exactly this content; nothing was changed.' };
    const outcome = await proposeChange(ctx, { path, before: current.text, after });
    if (!outcome.applied) return outcome.response;
    const { added, removed } = lineDiffStats(current.text, after);
    return { path, applied: true, created: current.text === undefined, lines_added: added, lines_removed: removed };
  },
};
