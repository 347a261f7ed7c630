/**
 * `list_files`: what a folder holds, leaving out what .gitignore hides (build output, installed
 * packages) and what the agent may not read. Capped, with a count of what did not fit.
 */
import { z } from 'zod';
import { guardPath, ignoreOf } from './paths';
import type { EntryType, Tool, ToolContext } from './types';

export const MAX_LIST_ENTRIES = 500;

const parameters = z.object({
  path: z.string().optional().describe('Folder relative to the workspace root. Empty, "." or left out: the root.'),
  recursive: z.boolean().optional().describe('List sub-folders too. Default false.'),
});

export const listFilesTool: Tool<typeof parameters> = {
  name: 'list_files',
  description: `List the files and folders in a workspace folder (folders end with "/"). Files ignored by .gitignore or .agentignore are left out. At most ${MAX_LIST_ENTRIES} entries.`,
  parameters,
  label: (a) => `List ${a.path?.trim() || '.'}${a.recursive ? ' (recursive)' : ''}`,
  report: (_a, r) => ({ summary: `${(r.entries as string[]).length} entries${r.omitted ? `, ${r.omitted} more not shown` : ''}` }),
  async execute(args, ctx) {
    // Models send "" for the root as often as "."; the description promises both work.
    const guarded = await guardPath(args.path?.trim() || '.', ctx);
    if (!guarded.ok) return { error: guarded.error };
    const root = guarded.path;
    const stat = await ctx.fs.stat(root);
    if (!stat) return { error: `${root} does not exist.` };
    if (stat.type !== 'directory') return { error: `${root} is a file, not a folder. Use read_file to read it.` };
    const { entries, omitted, hidden, unreadable } = await walk(root, args.recursive ?? false, ctx);
    const result: Record<string, unknown> = { path: root, entries };
    if (omitted > 0) result.omitted = omitted;
    if (hidden > 0) result.note = `${hidden} ignored entries (e.g. node_modules, build output, sensitive files) are not listed.`;
    if (unreadable.length > 0) result.unreadable = `Not listed, could not be read: ${unreadable.join('; ')}`;
    return result;
  },
};

async function walk(root: string, recursive: boolean, ctx: ToolContext): Promise<{ entries: string[]; omitted: number; hidden: number; unreadable: string[] }> {
  const ignore = ignoreOf(ctx);
  const entries: string[] = [];
  const unreadable: string[] = [];
  let omitted = 0;
  let hidden = 0;
  const queue = [root];
  while (queue.length > 0) {
    ctx.signal.throwIfAborted();
    const dir = queue.shift() as string;
    let children: Array<[string, EntryType]>;
    try {
      children = [...(await ctx.fs.readDirectory(dir))].sort(byTypeThenName);
    } catch (err) {
      // The folder asked for must be readable; a sub-folder that is not (a symlink out of the
      // workspace, no permission) is reported without losing the rest of the listing.
      if (dir === root) throw err;
      ctx.signal.throwIfAborted();
      unreadable.push(`${dir}/ (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    for (const [name, type] of children) {
      const rel = dir === '.' ? name : `${dir}/${name}`;
      if (ignore.isHidden(rel, type === 'directory') || ignore.isSensitive(rel)) {
        hidden++;
        continue;
      }
      if (entries.length >= MAX_LIST_ENTRIES) {
        omitted++;
        continue;
      }
      entries.push(type === 'directory' ? `${rel}/` : rel);
      if (recursive && type === 'directory') queue.push(rel);
    }
  }
  return { entries, omitted, hidden, unreadable };
}

function byTypeThenName(a: [string, EntryType], b: [string, EntryType]): number {
  if (a[1] !== b[1]) return a[1] === 'directory' ? -1 : 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}
