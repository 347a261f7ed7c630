/** Files changed recently in the workspace (a file-system watcher, not polling), newest first. */
import * as vscode from 'vscode';

const SKIP = /(^|\/)(node_modules|\.git|out|dist)\//;

export class RecentFiles implements vscode.Disposable {
  private readonly paths: string[] = [];
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(root: vscode.Uri, private readonly max = 10) {
    this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'));
    this.watcher.onDidChange((u) => this.touch(u));
    this.watcher.onDidCreate((u) => this.touch(u));
  }

  /** Workspace-relative paths, newest first. */
  list(): string[] {
    return [...this.paths];
  }

  private touch(uri: vscode.Uri): void {
    const rel = vscode.workspace.asRelativePath(uri, false).replace(/\\/g, '/');
    if (rel === uri.fsPath || SKIP.test(rel) || /\.agent-\d+-\d+\.tmp$/.test(rel)) return;
    const i = this.paths.indexOf(rel);
    if (i >= 0) this.paths.splice(i, 1);
    this.paths.unshift(rel);
    this.paths.length = Math.min(this.paths.length, this.max);
  }

  dispose(): void {
    this.watcher.dispose();
  }
}
