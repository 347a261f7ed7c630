/**
 * The startup check's Merkle tree of folders: a folder's hash covers its indexable files' names,
 * sizes and mtimes and its child folders' names and hashes, so one hash per folder, kept with the
 * index, says whether anything under it changed since the index last matched the disk. The walk
 * reads every folder and stats every indexable file (a folder's listing does not change when a
 * file in it is edited in place, so skipping the stats would miss such edits made while VS Code
 * was closed) but reads no file: only the files of folders whose hash changed are compared with
 * the index, and an unchanged workspace is confirmed by the root's hash alone.
 */
import { createHash } from 'node:crypto';
import type { IgnoreFilter } from '../guards/ignore';
import type { WorkspaceFs } from '../tools/types';
import { indexable, MAX_FILE_BYTES, walksInto, type ScannedFile } from './scanner';

/** Stats in flight at once in one folder: enough to hide the latency of each. */
const STAT_CONCURRENCY = 32;

/** A folder whose hash is not the one kept: its indexable files as they are now. */
export interface ChangedFolder {
  dir: string;
  files: ScannedFile[];
}

export interface TreeWalk {
  /** Every folder walked (the root is `.`), with its hash now. */
  hashes: Map<string, string>;
  changed: ChangedFolder[];
  /** How many files were statted. */
  files: number;
}

/** The folder a workspace path lies in (`.` for the top). */
export function parentOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '.' : path.slice(0, at);
}

/** The folders that hold `path`, nearest first, ending with the root `.`. */
export function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  for (let dir = parentOf(path); ; dir = parentOf(dir)) {
    out.push(dir);
    if (dir === '.') return out;
  }
}

/** Walks the workspace, hashing each folder, and lists the folders whose hash is not in `known`. */
export async function walkTree(fs: WorkspaceFs, ignore: IgnoreFilter, known: ReadonlyMap<string, string>, signal: AbortSignal, maxBytes = MAX_FILE_BYTES): Promise<TreeWalk> {
  const hashes = new Map<string, string>();
  const changed: ChangedFolder[] = [];
  let statted = 0;
  const walk = async (dir: string): Promise<string> => {
    let entries: Array<[string, 'file' | 'directory']> = [];
    try {
      entries = await fs.readDirectory(dir);
    } catch {
      // An unreadable folder counts as empty: what was indexed under it goes.
    }
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const names: string[] = [];
    const folders: string[] = [];
    for (const [name, type] of entries) {
      const path = dir === '.' ? name : `${dir}/${name}`;
      if (type === 'directory') {
        if (walksInto(path, ignore)) folders.push(name);
      } else if (indexable(path, ignore)) names.push(name);
    }
    const files: ScannedFile[] = [];
    for (let i = 0; i < names.length && !signal.aborted; i += STAT_CONCURRENCY) {
      const part = names.slice(i, i + STAT_CONCURRENCY).map((name) => (dir === '.' ? name : `${dir}/${name}`));
      const stats = await Promise.all(part.map((path) => fs.stat(path).catch(() => undefined)));
      statted += part.length;
      stats.forEach((stat, k) => {
        if (stat?.type === 'file' && stat.size <= maxBytes) files.push({ path: part[k], size: stat.size, mtime: stat.mtime });
      });
    }
    const hash = createHash('sha256');
    for (const f of files) hash.update(`f\0${f.path.slice(f.path.lastIndexOf('/') + 1)}\0${f.size}\0${f.mtime}\n`);
    for (const name of folders) {
      if (signal.aborted) break;
      const child = await walk(dir === '.' ? name : `${dir}/${name}`);
      hash.update(`d\0${name}\0${child}\n`);
    }
    const digest = hash.digest('hex').slice(0, 32);
    hashes.set(dir, digest);
    if (known.get(dir) !== digest) changed.push({ dir, files });
    return digest;
  };
  await walk('.');
  return { hashes, changed, files: statted };
}
