/**
 * Which files the index may read: everything the agent could list and read, minus what is not
 * worth embedding. The guards' lists decide first (sensitive files and `.agentignore` never reach
 * a model; `.gitignore`d files are left out like in listings), then generated files, binaries and
 * files over the size limit.
 */
import type { IgnoreFilter } from '../guards/ignore';

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

/** Whether the index walks into a folder: not a sensitive, ignored, generated or vendored one (node_modules, dist, …). */
export function walksInto(path: string, ignore: IgnoreFilter): boolean {
  return !ignore.isSensitive(path) && !ignore.isHidden(path, true) && !GENERATED.test(`${path}/`);
}

/** Text that looks binary: a NUL byte in the first 8 KB. */
export function looksBinary(data: Uint8Array): boolean {
  const n = Math.min(data.length, 8192);
  for (let i = 0; i < n; i++) if (data[i] === 0) return true;
  return false;
}
