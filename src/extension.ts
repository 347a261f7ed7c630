import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ChatController } from './chat/controller';
import { PlainRunner } from './chat/plainRunner';
import type { Runner } from './chat/types';
import { ApiKeyStore } from './vscode/apiKey';
import { ChatViewProvider, CHAT_VIEW_ID } from './vscode/chatView';
import { AgentCodeActions } from './vscode/codeActions';
import { registerCommands } from './vscode/commands';
import { ModelFactory } from './vscode/modelFactory';
import { DefaultPanelActions } from './vscode/panelActions';
import { SECTION } from './vscode/settings';
import { abortableSleep } from './vscode/sleep';

/** What the extension exports: integration tests read the chat through it. */
export interface AgentApi {
  chat: ChatController;
}

export function activate(context: vscode.ExtensionContext): AgentApi {
  const log = vscode.window.createOutputChannel('Gemini Agent', { log: true });
  const keys = new ApiKeyStore(context.secrets, process.env);
  const models = new ModelFactory(keys);
  const runner: Runner = {
    run: async (request, history, emit, signal) => new PlainRunner(await models.create(), abortableSleep).run(request, history, emit, signal),
  };
  const chat = new ChatController(context.workspaceState, () => runner, randomUUID);
  const actions = new DefaultPanelActions(chat, keys, models, process.env.GEMINI_AGENT_OFFLINE_DEMO === '1');
  const view = new ChatViewProvider(context.extensionUri, chat, actions, log);

  context.subscriptions.push(
    log,
    view,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new AgentCodeActions(), { providedCodeActionKinds: AgentCodeActions.kinds }),
    keys.onDidChange(() => {
      actions.invalidate();
      void view.refreshInfo();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      actions.invalidate();
      void view.refreshInfo();
    }),
    ...registerCommands({ chat, keys }),
  );
  return { chat };
}

export function deactivate(): void {}
