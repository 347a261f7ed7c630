/**
 * The workspace's files and folders the completion list offers: what the agent itself may list
 * (ignore files honoured, secret files left out), breadth-first and capped, so a huge folder deep
 * down cannot keep the top level out.
 */
import { IgnoreFilter } from '../guards/ignore';
import type { WorkspaceFs } from '../tools/types';

export const MAX_LISTED = 5000;

export interface WorkspaceEntry {
  path: string;
  folder: boolean;
}

export async function listWorkspaceEntries(fs: WorkspaceFs, ignore: IgnoreFilter, signal: AbortSignal, max = MAX_LISTED): Promise<WorkspaceEntry[]> {
  const out: WorkspaceEntry[] = [];
  const queue = ['.'];
  while (queue.length > 0 && out.length < max) {
    signal.throwIfAborted();
    const dir = queue.shift() as string;
    const entries = await fs.readDirectory(dir).catch(() => []);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, type] of entries) {
      const path = dir === '.' ? name : `${dir}/${name}`;
      const folder = type === 'directory';
      if (ignore.isHidden(path, folder) || ignore.isSensitive(path)) continue;
      out.push({ path, folder });
      if (folder) queue.push(path);
      if (out.length >= max) break;
    }
  }
  return out;
}

