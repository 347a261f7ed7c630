/**
 * The sidebar chat panel. It renders what the ChatController holds; every message from the
 * webview is validated before it is acted on. Events are batched so a fast stream costs one
 * postMessage per frame, not one per chunk.
 */
import * as vscode from 'vscode';
import type { ChatController } from '../chat/controller';
import type { AgentEvent } from '../shared/events';
import { FromWebview, type PanelInfo, type ToWebview } from '../shared/protocol';
import { renderWebviewHtml } from './webviewHtml';

export const CHAT_VIEW_ID = 'geminiAgent.chat';

export interface PanelActions {
  info(): Promise<PanelInfo>;
  handle(message: FromWebview): Promise<void>;
}

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private pending: { chatId: string; events: AgentEvent[] } | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly chat: ChatController,
    private readonly actions: PanelActions,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      chat.listen({
        onEvents: (chatId, events) => this.queue(chatId, events),
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
      await this.actions.handle(parsed.data);
    } catch (err) {
      this.log.error(`Panel action ${parsed.data.type} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async sendSnapshot(): Promise<void> {
    this.flush();
    await this.post({ type: 'snapshot', chat: this.chat.state, info: await this.actions.info() });
  }

  /**
   * The first event of a burst goes out at once (latency); what arrives in the next 16 ms goes in
   * one message (a fast stream costs one message per frame, not one per chunk).
   */
  private queue(chatId: string, events: AgentEvent[]): void {
    if (this.pending && this.pending.chatId !== chatId) this.flush();
    this.pending ??= { chatId, events: [] };
    this.pending.events.push(...events);
    if (this.flushTimer) return;
    this.flush();
    this.startCooldown();
  }

  private startCooldown(): void {
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      if (!this.pending) return;
      this.flush();
      this.startCooldown();
    }, 16);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = undefined;
    if (batch && batch.events.length > 0) void this.post({ type: 'events', chatId: batch.chatId, events: batch.events });
  }

  private async post(message: ToWebview): Promise<void> {
    // A hidden view has no webview to post to; the next `ready` brings a full snapshot.
    await this.view?.webview.postMessage(message);
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flush();
    for (const d of this.disposables) d.dispose();
  }
}
