/**
 * The workspace summary the model starts from: a file tree, breadth-first so that a huge folder
 * deep down cannot crowd out the top level, trimmed to a fixed number of entries.
 */
import type { IgnoreFilter } from '../guards/ignore';
import type { EntryType, WorkspaceFs } from '../tools/types';

export const TREE_MAX_ENTRIES = 300;
const MAX_DEPTH = 6;

export async function workspaceTree(fs: WorkspaceFs, ignore: IgnoreFilter, signal: AbortSignal, maxEntries = TREE_MAX_ENTRIES): Promise<string> {
  const children = new Map<string, Array<[string, EntryType]>>();
  /** Folders not listed: how many entries they hold, or undefined when they were not even read. */
  const unexpanded = new Map<string, number | undefined>();
  let count = 0;
  // Once one folder does not fit, the rest are not read at all: reading them only to count what
  // is not shown made the summary slower than listing everything.
  let full = false;
  const queue: Array<[string, number]> = [['.', 0]];
  while (queue.length > 0) {
    signal.throwIfAborted();
    const [dir, depth] = queue.shift() as [string, number];
    if (full || depth >= MAX_DEPTH) {
      unexpanded.set(dir, undefined);
      continue;
    }
    const entries = (await fs.readDirectory(dir).catch(() => [])).filter(([name, type]) => {
      const rel = join(dir, name);
      return !ignore.isHidden(rel, type === 'directory') && !ignore.isSensitive(rel);
    });
    entries.sort(([a, at], [b, bt]) => (at !== bt ? (at === 'directory' ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0));
    if (depth === 0 && entries.length > maxEntries) {
      // The top level is never collapsed: show what fits and say how much is left.
      unexpanded.set('.', entries.length - maxEntries);
      entries.length = maxEntries;
    } else if (count + entries.length > maxEntries) {
      unexpanded.set(dir, entries.length);
      full = true;
      continue;
    }
    children.set(dir, entries);
    count += entries.length;
    for (const [name, type] of entries) if (type === 'directory') queue.push([join(dir, name), depth + 1]);
  }
  const lines: string[] = [];
  render('.', '', children, unexpanded, lines);
  const more = unexpanded.get('.');
  if (more) lines.push(`… ${more} more entries at the top level not shown`);
  return lines.length > 0 ? lines.join('\n') : '(empty workspace)';
}

function render(dir: string, indent: string, children: Map<string, Array<[string, EntryType]>>, unexpanded: Map<string, number | undefined>, out: string[]): void {
  for (const [name, type] of children.get(dir) ?? []) {
    const rel = join(dir, name);
    if (type !== 'directory') {
      out.push(`${indent}${name}`);
      continue;
    }
    const note = !unexpanded.has(rel) ? '' : unexpanded.get(rel) === undefined ? ' (not expanded)' : ` (${unexpanded.get(rel)} entries not shown)`;
    out.push(`${indent}${name}/${note}`);
    render(rel, `${indent}  `, children, unexpanded, out);
  }
}

function join(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}
