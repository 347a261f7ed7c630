/**
 * Turning a path the model supplied into a path inside the workspace, or a refusal. Pure: the
 * adapter that touches the disk still checks symlinks with `isInside` on real paths.
 */

export type ResolvedPath = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Resolves `input` against the workspace root. On success `path` is relative with `/`
 * separators and no `.`/`..` segments; the root itself is `.`.
 *
 * Besides escapes, this refuses shapes that name a different file than they seem to on some
 * platform: colons (drive letters, URLs, NTFS alternate streams), segments ending in a dot or
 * space (Windows drops them, so `.env.` opens `.env`) and 8.3 short names (`CREDEN~1.JSO`).
 */
export function resolveWorkspacePath(input: string): ResolvedPath {
  const raw = input.trim();
  if (raw === '') return refuse('the path is empty');
  if (raw.includes('\0')) return refuse('the path contains a NUL character');
  if (/[\u0001-\u001f]/.test(raw)) return refuse('the path contains control characters');
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(raw) || /^(file|https?|ftp|data|mailto|untitled|vscode[a-z-]*):/i.test(raw)) return refuse(`"${raw}" is a URL; give a path relative to the workspace`);
  if (/^[a-z]:/i.test(raw)) return refuse(`"${raw}" is an absolute Windows path; give a path relative to the workspace`);
  if (raw.startsWith('~')) return refuse(`"${raw}" points into a home folder; give a path relative to the workspace`);
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/')) return refuse(`"${raw}" is an absolute path; give a path relative to the workspace`);
  if (slashed.includes(':')) return refuse(`"${raw}" contains ':', which can name a drive or a hidden stream on Windows`);

  const segments: string[] = [];
  for (const segment of slashed.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (segments.length === 0) return refuse(`"${raw}" leads outside the workspace`);
      segments.pop();
      continue;
    }
    if (/[. ]$/.test(segment)) return refuse(`"${segment}" ends with a dot or space, which Windows silently drops`);
    if (/~\d/.test(segment)) return refuse(`"${segment}" looks like a Windows short name; use the full name`);
    segments.push(segment);
  }
  return { ok: true, path: segments.length === 0 ? '.' : segments.join('/') };
}

function refuse(reason: string): ResolvedPath {
  return { ok: false, reason };
}

/**
 * Whether `targetReal` is `rootReal` or lies under it, both being real (symlink-resolved,
 * absolute) paths. Compares whole segments, so `/work/app` does not contain `/work/app2`.
 * Windows paths (drive letter or UNC) compare without case, as the file system does.
 */
export function isInside(rootReal: string, targetReal: string): boolean {
  const windows = /^([a-z]:|[\\/]{2})/i.test(rootReal);
  const root = normalizeAbsolute(rootReal, windows);
  const target = normalizeAbsolute(targetReal, windows);
  if (root === undefined || target === undefined) return false;
  if (target === root) return true;
  return target.startsWith(root.endsWith('/') ? root : root + '/');
}

/** Slashes forward, `.`/`..` folded, no trailing slash (except a bare root); `undefined` if not absolute. */
function normalizeAbsolute(path: string, windows: boolean): string | undefined {
  let p = path.replace(/\\/g, '/');
  if (windows) p = p.toLowerCase();
  const prefix = /^([a-z]:\/|\/\/[^/]+\/[^/]+\/?|\/)/i.exec(p)?.[0];
  if (prefix === undefined) return undefined;
  const head = prefix.endsWith('/') ? prefix : prefix + '/';
  const segments: string[] = [];
  for (const s of p.slice(prefix.length).split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segments.pop();
    else segments.push(s);
  }
  return segments.length === 0 ? head : head + segments.join('/');
}
