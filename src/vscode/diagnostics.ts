/** Problems (diagnostics) for the agent, and a wait for them to settle after an edit. */
import * as vscode from 'vscode';
import type { Diagnostic, DiagnosticsSource } from '../tools/types';

const SEVERITY: Record<vscode.DiagnosticSeverity, Diagnostic['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/**
 * Files a language server has reported on since the extension started (problems, or their
 * clearing). TypeScript never reports on a file that has had no problems, so silence about such a
 * file does not mean its server is still busy.
 */
let reportedOn: Set<string> | undefined;

function trackReports(): Set<string> {
  if (!reportedOn) {
    const seen = new Set<string>();
    reportedOn = seen;
    // Lives as long as the extension host: one listener, never disposed.
    vscode.languages.onDidChangeDiagnostics((e) => e.uris.forEach((u) => seen.add(u.toString())));
  }
  return reportedOn;
}

export class VscodeDiagnostics implements DiagnosticsSource {
  private readonly reported = trackReports();

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

  /**
   * Resolves once the language servers have reported on these files and then stayed quiet for
   * `quietMs`, or at the timeout. TypeScript reports only on files shown in a tab (since VS Code
   * 1.8x), so a file no tab shows is opened as a preview tab without taking focus; the last one
   * opened stays in view.
   */
  async settle(paths: string[], timeoutMs: number, signal: AbortSignal): Promise<void> {
    for (const path of paths) {
      if (signal.aborted) return;
      await this.settleOne(vscode.Uri.joinPath(this.root, path), timeoutMs, signal);
    }
  }

  private async settleOne(uri: vscode.Uri, timeoutMs: number, signal: AbortSignal): Promise<void> {
    const key = uri.toString();
    // A file reported on before is answered again quickly when shown (or not at all when nothing
    // changed); for any other, the wait below makes sure a cold server has loaded the project.
    const known = this.reported.has(key) || vscode.languages.getDiagnostics(uri).length > 0;
    let reported = false;
    await new Promise<void>((resolve) => {
      let quiet: ReturnType<typeof setTimeout> | undefined;
      let cap: ReturnType<typeof setTimeout> | undefined;
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
        if (!e.uris.some((u) => u.toString() === key)) return;
        if (!reported) {
          // The first report: from now on, quiet means settled.
          reported = true;
          clearTimeout(cap);
          cap = setTimeout(done, timeoutMs);
        }
        arm();
      });
      signal.addEventListener('abort', done, { once: true });
      void this.show(uri)
        .then(async (checked) => {
          // TypeScript says nothing at all about a file without problems, so silence cannot tell a
          // clean file from a server still loading the project. A hover needs the loaded project:
          // once it answers, any problems follow within moments.
          if (!known && checked && !reported) await Promise.race([vscode.commands.executeCommand('vscode.executeHoverProvider', uri, new vscode.Position(0, 0)), wait(FIRST_REPORT_MS)]).catch(() => undefined);
        })
        .then(() => {
          if (!reported) cap = setTimeout(done, Math.min(timeoutMs, REPORT_AFTER_READY_MS));
        });
    });
  }

  /** Shows the file in a preview tab unless a tab shows it; false when its language is one nothing checks. */
  private async show(uri: vscode.Uri): Promise<boolean> {
    if (shownInTab(uri.toString())) return true;
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
      return !UNCHECKED_LANGUAGES.has(doc.languageId);
    } catch {
      return false;
    }
  }
}

/** How long a checked language's server may take to load the project (a cold TypeScript server). */
const FIRST_REPORT_MS = 10_000;
/** How long problems may take once the server has the file: none come when there are none. */
const REPORT_AFTER_READY_MS = 1000;

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
const UNCHECKED_LANGUAGES = new Set(['plaintext', 'markdown', 'log', 'ignore', 'properties', 'ini', 'dotenv', 'csv', 'tsv', 'shellscript', 'yaml', 'xml', 'dockerfile', 'makefile']);

function shownInTab(uri: string): boolean {
  return vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => {
      const input = t.input;
      if (input instanceof vscode.TabInputText) return input.uri.toString() === uri;
      if (input instanceof vscode.TabInputTextDiff) return input.original.toString() === uri || input.modified.toString() === uri;
      return false;
    }),
  );
}
