import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ChatController } from './chat/controller';
import { createAgentRunner } from './vscode/agentRuntime';
import { ApiKeyStore } from './vscode/apiKey';
import { registerAutocomplete, type Autocomplete } from './vscode/autocomplete';
import { CheckCommandApprovals } from './vscode/checkCommandApproval';
import { IndexService, registerIndexCommands } from './vscode/codeIndex';
import { registerChangeCommands } from './vscode/changeCommands';
import { ChatViewProvider, CHAT_VIEW_ID } from './vscode/chatView';
import { AgentCodeActions } from './vscode/codeActions';
import { PendingCommands, registerCommandGateCommands } from './vscode/commandGate';
import { registerCommands } from './vscode/commands';
import { PendingChanges } from './vscode/diffApprover';
import { ModelFactory } from './vscode/modelFactory';
import { nextStepsCall } from './vscode/nextSteps';
import { FileStateStore } from './vscode/fileStore';
import { WorkspaceFolders } from './vscode/folders';
import { ImageStore } from './vscode/imageStore';
import { MentionService } from './vscode/mentions';
import { McpService, registerMcpCommands } from './vscode/mcp';
import { PendingMcpQuestions, registerMcpApprovalCommands } from './vscode/mcpApproval';
import { DefaultPanelActions } from './vscode/panelActions';
import { ProposalContentProvider, PROPOSAL_SCHEME } from './vscode/proposals';
import { RecentFiles } from './vscode/recentFiles';
import { RunReviews } from './vscode/runReviews';
import { SECTION } from './vscode/settings';

/** What the extension exports: integration tests and the benchmark read the chat through it. */
export interface AgentApi {
  chat: ChatController;
  /** The codebase index (off unless `geminiAgent.index.enabled`). */
  index: IndexService;
  /** Wall time spent in `activate()`, in milliseconds. */
  activationMs: number;
  /** The text of every MCP question asked (server launches and tool calls), oldest first. */
  mcpQuestions: readonly string[];
  /** Each MCP server's line in "Show MCP Servers" (state, tools left out and why). */
  mcpServers: () => Promise<Array<{ name: string; detail: string }>>;
  /** Inline completions: host tests and the benchmark call the provider through it. */
  autocomplete: Pick<Autocomplete, 'provider' | 'engine' | 'tracker'>;
}

export function activate(context: vscode.ExtensionContext): AgentApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Gemini Agent', { log: true });
  const keys = new ApiKeyStore(context.secrets, process.env);
  const storage = context.storageUri?.scheme === 'file' ? context.storageUri.fsPath : undefined;
  const images = new ImageStore(storage ? join(storage, 'images') : undefined);
  const models = new ModelFactory(keys, images);
  const proposals = new ProposalContentProvider();
  const pendingChanges = new PendingChanges();
  const pendingCommands = new PendingCommands();
  const folders = WorkspaceFolders.current();
  // Made just after activation (its file watcher is slow to create), as is the index's first scan.
  let recent: RecentFiles | undefined;
  const reviews = new RunReviews(
    () => WorkspaceFolders.current()?.fs(),
    (event) => chat.recordForRun(event.runId, event),
  );
  const mcpQuestions = new PendingMcpQuestions();
  const mcp = new McpService(context.workspaceState, context.secrets, mcpQuestions);
  const index = new IndexService({ storage, extensionPath: context.extensionUri.fsPath, keys, log, recent: () => recent?.list() ?? [] });
  const runner = createAgentRunner({
    models,
    proposals,
    pendingChanges,
    pendingCommands,
    reviews,
    keys,
    checkApprovals: new CheckCommandApprovals(context.workspaceState),
    recent: () => recent,
    log,
    mcp,
    index: () => index.semantic(),
  });
  const store = storage ? new FileStateStore(join(storage, 'chats.json')) : context.workspaceState;
  const chat = new ChatController(
    store,
    () => runner,
    randomUUID,
    undefined,
    (message) => {
      log.error(message);
      void vscode.window.showWarningMessage(message);
    },
    () => nextStepsCall(keys),
  );
  const actions = new DefaultPanelActions(chat, keys, models, reviews, process.env.GEMINI_AGENT_OFFLINE_DEMO === '1', new MentionService(chat), images);
  const view = new ChatViewProvider(context.extensionUri, chat, actions, log);
  actions.onModelsLoaded = () => void view.refreshInfo();
  const autocomplete = registerAutocomplete({ keys, log });
  const running = chat.listen({
    onEvents: (_id, events) => {
      const edge = events.find((e) => e.type === 'runStarted' || e.type === 'runEnded');
      if (edge) void vscode.commands.executeCommand('setContext', 'geminiAgent.running', edge.type === 'runStarted');
    },
    onSnapshot: () => undefined,
  });

  context.subscriptions.push(
    log,
    view,
    running,
    vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, proposals),
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new AgentCodeActions(), { providedCodeActionKinds: AgentCodeActions.kinds }),
    index,
    ...registerIndexCommands(index),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void index.start()),
    keys.onDidChange(() => {
      actions.invalidate();
      void view.refreshInfo();
      void index.start();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.index`) || e.affectsConfiguration(`${SECTION}.apiBaseUrl`)) void index.start();
      if (!e.affectsConfiguration(SECTION)) return;
      actions.invalidate();
      void view.refreshInfo();
    }),
    ...registerCommands({ chat, keys, reviews }),
    ...registerChangeCommands(pendingChanges),
    ...registerCommandGateCommands(pendingCommands),
    mcp,
    ...registerMcpCommands(mcp),
    ...registerMcpApprovalCommands(mcpQuestions),
    ...autocomplete.disposables,
  );
  // In the background: activation waits neither for the recent-files watcher nor for the scan.
  const afterActivation = setTimeout(() => {
    if (folders) {
      recent = new RecentFiles(vscode.workspace.workspaceFolders?.map((f) => f.uri) ?? [], (uri) => WorkspaceFolders.current()?.pathOf(uri));
      context.subscriptions.push(recent);
    }
    void index.start();
  }, 0);
  context.subscriptions.push({ dispose: () => clearTimeout(afterActivation) });
  return { chat, index, activationMs: performance.now() - started, mcpQuestions: mcpQuestions.asked, mcpServers: () => mcp.describe(), autocomplete };
}

export function deactivate(): void {}
