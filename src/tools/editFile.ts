/**
 * `edit_file`: search/replace blocks applied all together or not at all. When a block is not
 * found the model gets the closest region of the file, which is nearly always what it misremembered.
 */
import { z } from 'zod';
import { applyEdits, type MatchStrategy } from '../edits/match';
import { lineDiffStats } from '../edits/diffStats';
import { guardWritePath } from './paths';
import { proposeChange } from './propose';
import { editableText } from './text';
import type { Tool } from './types';

/** How a tolerant match differed from the search, for the model's note. */
const TOLERANCE_NOTE: Record<MatchStrategy, string> = {
  exact: 'exactly',
  whitespace: 'ignoring whitespace differences',
  indentation: 'at another indentation',
  'blank-lines': 'skipping blank lines the search left out (they were kept)',
};

const parameters = z.object({
  path: z.string().describe('File path relative to the workspace root.'),
  edits: z
    .array(
      z.object({
        search: z.string().describe('Exact text now in the file (whole lines, with a little context so it matches one place).'),
        replace: z.string().describe('Text that replaces it.'),
      }),
    )
    .min(1)
    .describe('Edits applied in order; if any fails, none is applied.'),
});

export const editFileTool: Tool<typeof parameters> = {
  name: 'edit_file',
  description: 'Change parts of an existing file with search/replace blocks. Each search text must match exactly one place in the file. All edits of one call apply together or not at all.',
  parameters,
  label: (a) => `Edit ${a.path}`,
  report: (a, r) => ({ summary: `Edited ${a.path} (+${r.lines_added} −${r.lines_removed})` }),
  async execute(args, ctx) {
    const guarded = await guardWritePath(args.path, ctx);
    if (!guarded.ok) return { error: guarded.error };
    const path = guarded.path;
    const stat = await ctx.fs.stat(path);
    if (!stat) return { error: `${path} does not exist. Use write_file to create a new file.` };
    if (stat.type === 'directory') return { error: `${path} is a folder.` };
    const current = editableText(path, await ctx.fs.readFile(path));
    if (!current.ok) return { error: current.error };
    const before = current.text ?? '';
    const result = applyEdits(before, args.edits);
    if (!result.ok) {
      const response: Record<string, unknown> = { error: result.error, failed_edit: result.editIndex + 1 };
      if (result.closest) response.closest = { start_line: result.closest.startLine, end_line: result.closest.endLine, text: result.closest.text };
      return response;
    }
    if (result.text === before) return { path, unchanged: true, note: 'The edits leave the file as it is; nothing was changed.' };
    const outcome = await proposeChange(ctx, { path, before, after: result.text });
    if (!outcome.applied) return outcome.response;
    const { added, removed } = lineDiffStats(before, result.text);
    const response: Record<string, unknown> = { path, applied: true, lines_added: added, lines_removed: removed };
    const tolerant = result.applied.filter((m) => m.strategy !== 'exact');
    if (tolerant.length > 0) {
      response.note = tolerant.map((m) => `edit ${m.editIndex + 1} matched lines ${m.startLine}–${m.endLine} ${TOLERANCE_NOTE[m.strategy]}${m.reindented ? ' (replacement re-indented by the same offset)' : ''}`).join('; ');
    }
    return response;
  },
};
