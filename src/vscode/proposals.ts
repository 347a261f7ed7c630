/**
 * Proposed file contents, held in memory and served read-only under our own URI scheme so the
 * native diff editor can show them (no file contents smuggled through URIs).
 */
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'gemini-agent-proposal';

export class ProposalContentProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** A URI whose document is `text`; `id` keeps concurrent proposals for one path apart. */
  put(id: string, path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${path}`, query: `id=${encodeURIComponent(id)}` });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  drop(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}
