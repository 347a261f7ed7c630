/** Offers the agent on a selection ("Ask Agent about selection…") and on diagnostics ("Fix with Agent"). */
import * as vscode from 'vscode';

export const ASK_COMMAND = 'geminiAgent.askAboutSelection';

export class AgentCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite];

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics.slice(0, 3)) {
      const fix = new vscode.CodeAction(`Fix with Agent: ${diagnostic.message.slice(0, 60)}`, vscode.CodeActionKind.QuickFix);
      fix.diagnostics = [diagnostic];
      fix.command = { command: ASK_COMMAND, title: 'Fix with Agent', arguments: [document.uri, diagnostic.range, diagnostic.message] };
      actions.push(fix);
    }
    if (!range.isEmpty) {
      const ask = new vscode.CodeAction('Ask Agent about selection…', vscode.CodeActionKind.RefactorRewrite);
      ask.command = { command: ASK_COMMAND, title: 'Ask Agent about selection…', arguments: [document.uri, range] };
      actions.push(ask);
    }
    return actions;
  }
}
