/**
 * The workspace summary the model starts from: a file tree that shows the code first. The folders
 * are read breadth-first (vendored and generated folders are never read, .gitignore or not), then
 * folders are expanded in order of how much source they hold for the room they take, so
 * `packages/core/src` comes before a folder of logos; what did not fit is named at the end.
 */
import type { IgnoreFilter } from '../guards/ignore';
import type { EntryType, WorkspaceFs } from '../tools/types';
import { isAssetFolder, isManifest, isSourceFile, isVendorFolder } from './sourceKinds';

export const TREE_MAX_ENTRIES = 300;
const MAX_DEPTH = 8;
/** Reading stops here: a summary must stay quick on a huge tree (about three times what is shown). */
const MAX_SCAN_DIRS = 100;
const MAX_SCAN_ENTRIES = 1000;
const MAX_NAMED_LEFT_OUT = 8;
const READ_AT_ONCE = 8;

interface Folder {
  path: string;
  depth: number;
  /** Undefined: not read (too deep, vendored, or past the scan limit). */
  entries?: Array<[string, EntryType]>;
  /** Source files and manifests in this folder and below, as far as it was read. */
  code: number;
  vendored: boolean;
}

export async function workspaceTree(fs: WorkspaceFs, ignore: IgnoreFilter, signal: AbortSignal, maxEntries = TREE_MAX_ENTRIES): Promise<string> {
  const folders = await scan(fs, ignore, signal);
  const root = folders.get('.') as Folder;
  const rootEntries = root.entries ?? [];
  const expanded = new Set<string>(['.']);
  let count = Math.min(rootEntries.length, maxEntries);
  // The top level is always shown: what fits, and how much is left.
  const candidates = new Set<string>(subfolders(root).filter((f) => !folders.get(f)?.vendored));
  for (;;) {
    let best: Folder | undefined;
    for (const path of candidates) {
      const f = folders.get(path);
      if (!f?.entries || count + f.entries.length > maxEntries) continue;
      if (!best || better(f, best)) best = f;
    }
    if (!best) break;
    candidates.delete(best.path);
    expanded.add(best.path);
    count += best.entries!.length;
    for (const sub of subfolders(best)) if (!folders.get(sub)?.vendored) candidates.add(sub);
  }
  const lines: string[] = [];
  render('.', '', folders, expanded, lines, maxEntries);
  if (rootEntries.length > maxEntries) lines.push(`… ${rootEntries.length - maxEntries} more entries at the top level not shown`);
  const left = [...candidates].map((p) => folders.get(p) as Folder).filter((f) => f.entries && f.entries.length > 0);
  if (left.length > 0) {
    left.sort((a, b) => b.code - a.code || a.depth - b.depth || (a.path < b.path ? -1 : 1));
    const named = left.slice(0, MAX_NAMED_LEFT_OUT).map((f) => `${f.path}/${f.code > 0 ? ` (${f.code} source file${f.code === 1 ? '' : 's'})` : ''}`);
    const more = left.length > MAX_NAMED_LEFT_OUT ? `, and ${left.length - MAX_NAMED_LEFT_OUT} more` : '';
    lines.push(`(Not expanded, to keep this list short: ${named.join(', ')}${more}. Use list_files to look inside.)`);
  }
  return lines.length > 0 ? lines.join('\n') : '(empty workspace)';
}

/** Code per entry shown first; folders with no code at all by depth, as a breadth-first listing would. */
function better(a: Folder, b: Folder): boolean {
  if (a.code > 0 !== b.code > 0) return a.code > 0;
  if (a.code > 0) {
    const da = a.code / Math.max(1, a.entries!.length);
    const db = b.code / Math.max(1, b.entries!.length);
    if (da !== db) return da > db;
  }
  if (a.depth !== b.depth) return a.depth < b.depth;
  return a.path < b.path;
}

async function scan(fs: WorkspaceFs, ignore: IgnoreFilter, signal: AbortSignal): Promise<Map<string, Folder>> {
  const folders = new Map<string, Folder>();
  const queue: Folder[] = [{ path: '.', depth: 0, code: 0, vendored: false }];
  folders.set('.', queue[0]);
  // Folders of assets and data are read last, so a big one cannot use up the reading for the code.
  const later: Folder[] = [];
  let dirs = 0;
  let entriesRead = 0;
  while (queue.length > 0 || later.length > 0) {
    signal.throwIfAborted();
    // A few folders are read at once (the file system answers them in parallel) and taken in
    // queue order, so the result is the same as reading one after another. Asset folders wait
    // until no code folder is queued, new ones included.
    const batch: Folder[] = [];
    while (batch.length < READ_AT_ONCE && dirs < MAX_SCAN_DIRS && entriesRead < MAX_SCAN_ENTRIES) {
      const folder = queue.shift() ?? (batch.length === 0 ? later.shift() : undefined);
      if (!folder) break;
      if (folder.vendored || folder.depth >= MAX_DEPTH) continue;
      dirs++;
      batch.push(folder);
    }
    if (batch.length === 0) break;
    const read = await Promise.all(batch.map((folder) => fs.readDirectory(folder.path).catch(() => [])));
    for (const [i, folder] of batch.entries()) {
      const entries = read[i].filter(([name, type]) => {
        const rel = join(folder.path, name);
        return !ignore.isHidden(rel, type === 'directory') && !ignore.isSensitive(rel);
      });
      entries.sort(([a, at], [b, bt]) => (at !== bt ? (at === 'directory' ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0));
      folder.entries = entries;
      entriesRead += entries.length;
      const code = entries.filter(([name, type]) => type === 'file' && (isSourceFile(name) || isManifest(name))).length;
      for (let p: string | undefined = folder.path; p !== undefined; p = parentOf(p)) (folders.get(p) as Folder).code += code;
      for (const [name, type] of entries) {
        if (type !== 'directory') continue;
        const sub: Folder = { path: join(folder.path, name), depth: folder.depth + 1, code: 0, vendored: isVendorFolder(name) };
        folders.set(sub.path, sub);
        (isAssetFolder(name) ? later : queue).push(sub);
      }
    }
  }
  return folders;
}

function render(dir: string, indent: string, folders: Map<string, Folder>, expanded: Set<string>, out: string[], maxEntries: number): void {
  const entries = folders.get(dir)?.entries ?? [];
  for (const [name, type] of dir === '.' ? entries.slice(0, maxEntries) : entries) {
    const rel = join(dir, name);
    if (type !== 'directory') {
      out.push(`${indent}${name}`);
      continue;
    }
    const f = folders.get(rel);
    const note = expanded.has(rel)
      ? ''
      : f?.vendored
        ? ' (vendored or generated: not expanded)'
        : f?.entries
          ? f.entries.length === 0
            ? ''
            : ` (${f.entries.length} entries not shown)`
          : ' (not expanded)';
    out.push(`${indent}${name}/${note}`);
    if (expanded.has(rel)) render(rel, `${indent}  `, folders, expanded, out, maxEntries);
  }
}

function subfolders(f: Folder): string[] {
  return (f.entries ?? []).filter(([, t]) => t === 'directory').map(([n]) => join(f.path, n));
}

function parentOf(path: string): string | undefined {
  if (path === '.') return undefined;
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : path.slice(0, i);
}

function join(dir: string, name: string): string {
  return dir === '.' ? name : `${dir}/${name}`;
}
