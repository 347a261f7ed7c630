/**
 * Uncommitted changes through VS Code's built-in Git extension (its API, version 1), so no git
 * process of our own and the same repository the Source Control view shows.
 */
import * as vscode from 'vscode';
import type { GitChanges } from '../mentions/resolve';

/** The few members of the Git extension's API used here (extensions/git/src/api/git.d.ts). */
interface Change {
  readonly uri: vscode.Uri;
  readonly status: number;
}
interface Repository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly indexChanges: Change[]; readonly workingTreeChanges: Change[]; readonly untrackedChanges?: Change[] };
  diff(cached?: boolean): Promise<string>;
}
interface GitApi {
  readonly repositories: Repository[];
  getRepository(uri: vscode.Uri): Repository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

const UNTRACKED = 7;

export async function gitChanges(root: vscode.Uri): Promise<GitChanges> {
  const ext = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!ext) return { available: false, reason: 'the built-in Git extension is not available' };
  let git: GitExtension;
  try {
    git = ext.isActive ? ext.exports : await ext.activate();
  } catch {
    return { available: false, reason: 'the built-in Git extension did not start' };
  }
  if (!git?.enabled) return { available: false, reason: 'Git is turned off (setting git.enabled)' };
  const repo = git.getAPI(1).getRepository(root) ?? undefined;
  if (!repo) return { available: false, reason: 'this folder is not in a Git repository (or Git is not installed)' };
  const rel = (c: Change) => vscode.workspace.asRelativePath(c.uri, false);
  const tracked = [...repo.state.indexChanges, ...repo.state.workingTreeChanges].filter((c) => c.status !== UNTRACKED);
  const untracked = [...repo.state.workingTreeChanges, ...(repo.state.untrackedChanges ?? [])].filter((c) => c.status === UNTRACKED);
  const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
  return { available: true, files: new Set(tracked.map(rel)).size, diff: [staged, unstaged].filter((d) => d.trim()).join('\n'), untracked: [...new Set(untracked.map(rel))] };
}
