/**
 * The guards of a multi-root workspace, folder by folder: a path is judged by the ignore files
 * and protected patterns of the folder it lies in, as the path inside that folder (so a rule
 * anchored at a folder's top, like `.github/workflows/`, means that folder's top).
 */
import { IgnoreFilter } from '../guards/ignore';
import { changeProtection } from '../guards/protected';
import type { WorkspaceRoots } from './roots';

/** One filter over all folders; `filters[i]` is built from folder i's own `.gitignore`/`.agentignore`. */
export function folderIgnore(roots: WorkspaceRoots, filters: readonly IgnoreFilter[]): IgnoreFilter {
  if (!roots.multi) return filters[0] ?? IgnoreFilter.create();
  return IgnoreFilter.perFolder(
    (path) => {
      const s = roots.split(path);
      return s && { filter: filters[s.root.index], rel: s.rel };
    },
    (path) => roots.unknownFolder(path),
  );
}

/** Why a change must wait for the user even in auto mode, judged inside the file's own folder. */
export function folderProtection(roots: WorkspaceRoots, change: { path: string; before: string | undefined; after: string | undefined }, extraPatterns: readonly string[] = []): string | undefined {
  const s = roots.split(change.path);
  if (!s) return 'this is not a path inside one of the workspace folders';
  return changeProtection({ ...change, path: s.rel }, extraPatterns);
}
