/**
 * Which files the index may read: everything the agent could list and read, minus what is not
 * worth embedding. The guards' lists decide first (sensitive files and `.agentignore` never reach
 * a model; `.gitignore`d files are left out like in listings), then generated files, binaries and
 * files over the size limit.
 */
import type { IgnoreFilter } from '../guards/ignore';
import type { WorkspaceFs } from '../tools/types';

export const MAX_FILE_BYTES = 256 * 1024;

/** Extensions of files that are never text worth embedding. */
const BINARY_EXT = /\.(png|jpe?g|gif|bmp|ico|webp|svgz|pdf|zip|gz|tgz|bz2|xz|7z|rar|jar|war|class|wasm|exe|dll|so|dylib|o|a|lib|obj|bin|dat|db|sqlite3?|woff2?|ttf|otf|eot|mp[34]|mov|avi|webm|ogg|wav|flac|psd|ai|sketch|pyc|node|vsix|lock)$/i;
/** Generated or vendored files: big, repetitive, and never what a question is about. */
const GENERATED = /(^|\/)(package-lock\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|go\.sum|poetry\.lock|composer\.lock)$|\.min\.(js|css)$|\.map$|\.d\.ts\.map$|(^|\/)(node_modules|\.git|dist|out|build|coverage|target|vendor|__pycache__|\.next|\.venv|venv)\//;

export interface ScannedFile {
  path: string;
  size: number;
  mtime: number;
}

/** Whether a path may be indexed, judged by its name alone. */
export function indexable(path: string, ignore: IgnoreFilter): boolean {
  if (ignore.isSensitive(path) || ignore.isHidden(path, false)) return false;
  return !BINARY_EXT.test(path) && !GENERATED.test(path);
}

/** Whether a folder is generated or vendored (node_modules, dist, …): never walked into. */
export function isGeneratedFolder(path: string): boolean {
  return GENERATED.test(`${path}/`);
}

/** Text that looks binary: a NUL byte in the first 8 KB. */
export function looksBinary(data: Uint8Array): boolean {
  const n = Math.min(data.length, 8192);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}

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
        if (ignore.isSensitive(path) || ignore.isHidden(path, true) || isGeneratedFolder(path)) continue;
        await walk(path);
      } else if (indexable(path, ignore)) {
        const stat = await fs.stat(path).catch(() => undefined);
        if (stat && stat.type === 'file' && stat.size <= maxBytes) out.push({ path, size: stat.size, mtime: stat.mtime });
      }
    }
  };
  await walk(root);
  return out;
}
