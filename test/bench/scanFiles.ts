/**
 * The index's startup check before the folder tree: walk every folder and stat every indexable
 * file one by one. Kept as the startup row's baseline, and as the recall row's file list.
 */
import type { IgnoreFilter } from '../../src/guards/ignore';
import { indexable, MAX_FILE_BYTES, walksInto, type ScannedFile } from '../../src/index/scanner';
import type { WorkspaceFs } from '../../src/tools/types';

/** Every indexable file under `root`, with size and mtime for the cheap change check. */
export async function scanFiles(fs: WorkspaceFs, ignore: IgnoreFilter, signal: AbortSignal, root = '.', maxBytes = MAX_FILE_BYTES): Promise<ScannedFile[]> {
  const out: ScannedFile[] = [];
  const walk = async (dir: string): Promise<void> => {
    if (signal.aborted) return;
    let entries: Array<[string, 'file' | 'directory']>;
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      return;
    }
    for (const [name, type] of entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const path = dir === '.' ? name : `${dir}/${name}`;
      if (type === 'directory') {
        if (walksInto(path, ignore)) await walk(path);
      } else if (indexable(path, ignore)) {
        const stat = await fs.stat(path).catch(() => undefined);
        if (stat && stat.type === 'file' && stat.size <= maxBytes) out.push({ path, size: stat.size, mtime: stat.mtime });
      }
    }
  };
  await walk(root);
  return out;
}
