/**
 * The open workspace folders as the agent names them (see src/workspace/roots.ts): workspace
 * paths to URIs and back, and the workspace's files as one WorkspaceFs. One folder: its own
 * adapter, paths as they always were; several: `folder/…` through MultiRootFs.
 */
import * as vscode from 'vscode';
import { loadIgnore } from '../agent/session';
import type { IgnoreFilter } from '../guards/ignore';
import type { DiagnosticsSource, WorkspaceFs } from '../tools/types';
import { folderIgnore } from '../workspace/folderRules';
import { MultiRootDiagnostics, MultiRootFs } from '../workspace/multiRoot';
import { WorkspaceRoots, type Root } from '../workspace/roots';
import { VscodeDiagnostics } from './diagnostics';
import { VscodeWorkspaceFs } from './workspaceFs';

export class WorkspaceFolders {
  readonly roots: WorkspaceRoots;

  private constructor(private readonly folders: readonly vscode.WorkspaceFolder[]) {
    this.roots = WorkspaceRoots.create(folders.map((f) => ({ name: f.name, path: f.uri.path })));
  }

  /** The folders open now; `undefined` without any. */
  static current(): WorkspaceFolders | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    return folders.length > 0 ? new WorkspaceFolders(folders) : undefined;
  }

  /** The folder's URI. */
  uriOfRoot(root: Root): vscode.Uri {
    return this.folders[root.index].uri;
  }

  /** The URI of a workspace path (already normalised); `undefined` when it names no folder. */
  uri(path: string): vscode.Uri | undefined {
    const s = this.roots.split(path);
    if (!s) return undefined;
    const base = this.uriOfRoot(s.root);
    return s.rel === '.' ? base : vscode.Uri.joinPath(base, s.rel);
  }

  /** The workspace path of a URI, or `undefined` outside every folder. */
  pathOf(uri: vscode.Uri): string | undefined {
    if (!this.folders.some((f) => f.uri.scheme === uri.scheme && f.uri.authority === uri.authority)) return undefined;
    return this.roots.fromAbsolute(uri.path);
  }

  /** Each folder's own adapter (symbolic links judged against that folder). */
  folderFs(root: Root): VscodeWorkspaceFs {
    return new VscodeWorkspaceFs(this.uriOfRoot(root));
  }

  /** The workspace's files, in workspace paths. */
  fs(): WorkspaceFs {
    if (!this.roots.multi) return this.folderFs(this.roots.roots[0]);
    const each = this.roots.roots.map((r) => this.folderFs(r));
    return new MultiRootFs(this.roots, (r) => each[r.index]);
  }

  /** The ignore files of every folder, each judging its own folder's paths. */
  async ignore(): Promise<IgnoreFilter> {
    const filters = await Promise.all(this.roots.roots.map((r) => loadIgnore(this.folderFs(r))));
    return this.roots.multi ? folderIgnore(this.roots, filters) : filters[0];
  }

  /** The Problems of every folder, in workspace paths. */
  diagnostics(): DiagnosticsSource {
    if (!this.roots.multi) return new VscodeDiagnostics(this.uriOfRoot(this.roots.roots[0]));
    const each = this.roots.roots.map((r) => new VscodeDiagnostics(this.uriOfRoot(r)));
    return new MultiRootDiagnostics(this.roots, (r) => each[r.index]);
  }
}
