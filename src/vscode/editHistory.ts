/**
 * Recently edited and visited ranges, for completion prompts: the lines around the last edits
 * and the visible ranges of editors recently left, newest first, a few per kind.
 */
import * as vscode from 'vscode';

export interface RecentRange {
  kind: 'recent-edit' | 'recent-visit';
  uri: vscode.Uri;
  range: vscode.Range;
}

const CONTEXT_LINES = 4;
const VISIT_LINES = 30;

export class EditHistory implements vscode.Disposable {
  private readonly ranges: RecentRange[] = [];
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly max = 6) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.scheme !== 'file') return;
        const change = e.contentChanges[0];
        if (!change) return;
        const line = change.range.start.line;
        this.add({ kind: 'recent-edit', uri: e.document.uri, range: new vscode.Range(Math.max(0, line - CONTEXT_LINES), 0, line + CONTEXT_LINES, 0) });
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.rememberVisits()),
    ];
  }

  /** Newest first. */
  list(): readonly RecentRange[] {
    return this.ranges;
  }

  private rememberVisits(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor === vscode.window.activeTextEditor || editor.document.uri.scheme !== 'file') continue;
      const visible = editor.visibleRanges[0];
      if (!visible) continue;
      const start = visible.start.line;
      this.add({ kind: 'recent-visit', uri: editor.document.uri, range: new vscode.Range(start, 0, Math.min(visible.end.line, start + VISIT_LINES), 0) });
    }
  }

  private add(r: RecentRange): void {
    // One range per file and kind near the same place: an edit burst on one line is one entry.
    const i = this.ranges.findIndex((x) => x.kind === r.kind && x.uri.toString() === r.uri.toString() && x.range.intersection(r.range) !== undefined);
    if (i >= 0) this.ranges.splice(i, 1);
    this.ranges.unshift(r);
    this.ranges.length = Math.min(this.ranges.length, this.max * 2);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
