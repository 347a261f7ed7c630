/** The palette commands. Each accepts optional arguments so scripts and tests can drive it. */
import * as vscode from 'vscode';
import type { ChatController } from '../chat/controller';
import type { EditorContext } from '../chat/types';
import type { ApiKeyStore } from './apiKey';
import { CHAT_VIEW_ID } from './chatView';
import { ASK_COMMAND } from './codeActions';
import { WorkspaceFolders } from './folders';
import type { RunReviews } from './runReviews';

export function registerCommands(deps: { chat: ChatController; keys: ApiKeyStore; reviews: RunReviews }): vscode.Disposable[] {
  const { chat, keys, reviews } = deps;
  const reveal = () => vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
  return [
    vscode.commands.registerCommand('geminiAgent.executeRequest', async (preset?: unknown) => {
      const text = typeof preset === 'string' ? preset : await vscode.window.showInputBox({
        title: 'Agent: Execute Request',
        prompt: 'What should the agent do?',
        placeHolder: 'e.g. add a login form with validation and tests',
        ignoreFocusOut: true,
      });
      if (!text?.trim()) return;
      await reveal();
      void chat.send({ text: text.trim() });
    }),
    vscode.commands.registerCommand('geminiAgent.setApiKey', (preset?: unknown) => keys.prompt(preset)),
    vscode.commands.registerCommand('geminiAgent.clearApiKey', () => keys.clear()),
    vscode.commands.registerCommand('geminiAgent.newChat', async () => {
      chat.newChat();
      await reveal();
    }),
    vscode.commands.registerCommand('geminiAgent.stop', () => chat.stop()),
    vscode.commands.registerCommand('geminiAgent.revertRun', async (runId?: unknown) => {
      const id = typeof runId === 'string' ? runId : reviews.latest();
      if (!id) return void vscode.window.showInformationMessage('No run of this window has changes left to revert.');
      await reviews.revert(id);
    }),
    vscode.commands.registerCommand(ASK_COMMAND, async (uri?: vscode.Uri, range?: vscode.Range, diagnostic?: string, preset?: string) => {
      const editor = vscode.window.activeTextEditor;
      const docUri = uri ?? editor?.document.uri;
      const sel = range ?? editor?.selection;
      if (!docUri || !sel) return;
      const doc = await vscode.workspace.openTextDocument(docUri);
      const question = preset ?? (diagnostic ? `Fix this problem: ${diagnostic}` : await vscode.window.showInputBox({
        title: 'Ask Agent about selection',
        prompt: 'What should the agent do with the selected code?',
        ignoreFocusOut: true,
      }));
      if (!question?.trim()) return;
      const context: EditorContext = {
        path: WorkspaceFolders.current()?.pathOf(docUri) ?? vscode.workspace.asRelativePath(docUri, false),
        selection: { startLine: sel.start.line + 1, endLine: sel.end.line + 1, text: doc.getText(sel) },
        diagnostics: diagnostic ? [diagnostic] : undefined,
      };
      await reveal();
      void chat.send({ text: question.trim(), editor: context });
    }),
  ];
}
