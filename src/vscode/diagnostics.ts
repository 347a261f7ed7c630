/** Problems (diagnostics) for the agent, and a wait for them to settle after an edit. */
import * as vscode from 'vscode';
import type { Diagnostic, DiagnosticsSource } from '../tools/types';

const SEVERITY: Record<vscode.DiagnosticSeverity, Diagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

export class VscodeDiagnostics implements DiagnosticsSource {
  constructor(private readonly root: vscode.Uri, private readonly quietMs = 600) {}

  get(paths?: string[]): Diagnostic[] {
    const wanted = paths && new Set(paths.map((p) => vscode.Uri.joinPath(this.root, p).toString()));
    // A folder prefix ends with a slash, so /work/app does not take in /work/app2.
    const inside = this.root.toString().replace(/\/?$/, '/');
    const out: Diagnostic[] = [];
    for (const [uri, list] of vscode.languages.getDiagnostics()) {
      if (wanted ? !wanted.has(uri.toString()) : !uri.toString().startsWith(inside)) continue;
      const rel = vscode.workspace.asRelativePath(uri, false);
      for (const d of list) {
        out.push({ path: rel, line: d.range.start.line + 1, severity: SEVERITY[d.severity], message: d.message, source: d.source });
      }
    }
    return out;
  }

  /** Resolves once no diagnostics of these files changed for `quietMs`, or at the timeout. */
  settle(paths: string[], timeoutMs: number, signal: AbortSignal): Promise<void> {
    const watched = new Set(paths.map((p) => vscode.Uri.joinPath(this.root, p).toString()));
    return new Promise((resolve) => {
      let quiet: ReturnType<typeof setTimeout>;
      const done = () => {
        clearTimeout(quiet);
        clearTimeout(cap);
        sub.dispose();
        signal.removeEventListener('abort', done);
        resolve();
      };
      const arm = () => {
        clearTimeout(quiet);
        quiet = setTimeout(done, this.quietMs);
      };
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => watched.has(u.toString()))) arm();
      });
      const cap = setTimeout(done, timeoutMs);
      signal.addEventListener('abort', done, { once: true });
      arm();
    });
  }
}
