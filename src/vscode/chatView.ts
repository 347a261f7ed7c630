/**
 * The sidebar chat panel. It renders what the ChatController holds; every message from the
 * webview is validated before it is acted on. Events are paced by the transport (`EventPacer`):
 * a fast stream costs one postMessage per round trip, not one per chunk.
 */
import * as vscode from 'vscode';
import type { ChatController } from '../chat/controller';
import { EventPacer } from '../chat/pacer';
import { FromWebview, type PanelInfo, type ToWebview } from '../shared/protocol';
import { renderWebviewHtml } from './webviewHtml';

export const CHAT_VIEW_ID = 'geminiAgent.chat';

export interface PanelActions {
  info(): Promise<PanelInfo>;
  /** May answer the panel (a completion list, say). */
  handle(message: FromWebview): Promise<ToWebview | void>;
}

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly pacer = new EventPacer((batch) => this.post({ type: 'events', chatId: batch.chatId, events: batch.events }));
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly chat: ChatController,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      chat.listen({
        onEvents: (chatId, events) => this.pacer.push(chatId, events),
        onSnapshot: () => void this.sendSnapshot(),
      }),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri);
    view.webview.onDidReceiveMessage((raw) => this.receive(raw), undefined, this.disposables);
    view.onDidDispose(() => (this.view = undefined), undefined, this.disposables);
  }

  /** Pushes panel info (key, model list, history) after something outside the chat changed. */
  async refreshInfo(): Promise<void> {
    await this.post({ type: 'info', info: await this.actions.info() });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = FromWebview.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(`Dropped an invalid message from the chat panel: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
      return;
    }
    if (parsed.data.type === 'ready') return this.sendSnapshot();
    try {
      const reply = await this.actions.handle(parsed.data);
      if (reply) await this.post(reply);
    } catch (err) {
      this.log.error(`Panel action ${parsed.data.type} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async sendSnapshot(): Promise<void> {
    // Info first: events raised while it is fetched are in the state the snapshot carries, so they
    // must not also go out after it (the panel would apply them twice).
    const info = await this.actions.info();
    this.pacer.flush();
    await this.post({ type: 'snapshot', chat: this.chat.state, info });
  }

  private async post(message: ToWebview): Promise<void> {
    // A hidden view has no webview to post to; the next `ready` brings a full snapshot.
    await this.view?.webview.postMessage(message);
  }

  dispose(): void {
    this.pacer.flush();
    for (const d of this.disposables) d.dispose();
  }
}
