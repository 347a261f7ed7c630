/** Files changed recently in the workspace (a file-system watcher, not polling), newest first. */
import * as vscode from 'vscode';

const SKIP = /(^|\/)(node_modules|\.git|out|dist)\//;

export class RecentFiles implements vscode.Disposable {
  private readonly paths: string[] = [];
  private readonly watchers: vscode.FileSystemWatcher[];

  /** `pathOf`: the workspace path of a file (`folder/…` in a multi-root workspace). */
  constructor(roots: readonly vscode.Uri[], private readonly pathOf: (uri: vscode.Uri) => string | undefined, private readonly max = 10) {
    this.watchers = roots.map((root) => {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '**/*'));
      watcher.onDidChange((u) => this.touch(u));
      watcher.onDidCreate((u) => this.touch(u));
      return watcher;
    });
  }

  /** Workspace-relative paths, newest first. */
  list(): string[] {
    return [...this.paths];
  }

  private touch(uri: vscode.Uri): void {
    const rel = this.pathOf(uri);
    if (rel === undefined || SKIP.test(rel) || /\.agent-\d+-\d+\.tmp$/.test(rel)) return;
    const i = this.paths.indexOf(rel);
    if (i >= 0) this.paths.splice(i, 1);
    this.paths.unshift(rel);
    this.paths.length = Math.min(this.paths.length, this.max);
  }

  dispose(): void {
    for (const w of this.watchers) w.dispose();
  }
}
