/** What the panel's buttons do, and what it is told about key, model and history. */
import * as vscode from 'vscode';
import type { ChatController } from '../chat/controller';
import { resolveWorkspacePath } from '../guards/paths';
import { imageRefusal, type ImageChip, type ImageUpload } from '../shared/attachments';
import type { FromWebview, PanelInfo, ToWebview } from '../shared/protocol';
import { WorkspaceFolders } from './folders';
import type { ApiKeyStore } from './apiKey';
import type { ImageStore } from './imageStore';
import type { MentionService } from './mentions';
import type { PanelActions } from './chatView';
import type { ModelFactory } from './modelFactory';
import type { RunReviews } from './runReviews';
import { readSettings, SECTION } from './settings';

export class DefaultPanelActions implements PanelActions {
  private models: string[] | undefined;
  /** After a failed model list, when to ask again (not on every panel refresh). */
  private retryModelsAt = 0;
  /** Called once the API's model list has arrived, so the panel can show it. */
  onModelsLoaded: () => void = () => undefined;

  constructor(
    private readonly chat: ChatController,
    private readonly keys: ApiKeyStore,
    private readonly modelFactory: ModelFactory,
    private readonly reviews: RunReviews,
    private readonly offlineDemo: boolean,
    private readonly mentions: MentionService,
    private readonly images: ImageStore,
  ) {}

  async info(): Promise<PanelInfo> {
    const hasKey = (await this.keys.get()) !== undefined;
    const { model, approvalMode } = readSettings();
    if (hasKey && this.models === undefined && Date.now() >= this.retryModelsAt) void this.loadModels();
    const models = [...new Set([model, ...(this.models ?? [])])];
    return { hasKey, offlineDemo: this.offlineDemo, model, approvalMode, models, history: this.chat.history() };
  }

  private storeImages(uploads: readonly ImageUpload[]): Promise<ImageChip[]> {
    return storeImagesIn(this.images, uploads);
  }

  /** Forget the model list (the key or base URL changed). */
  invalidate(): void {
    this.models = undefined;
    this.retryModelsAt = 0;
    this.modelFactory.invalidate();
  }

  private async loadModels(): Promise<void> {
    this.models = [];
    try {
      this.models = (await this.modelFactory.listModels()).map((m) => m.id).filter((id) => id.startsWith('gemini'));
      this.onModelsLoaded();
    } catch {
      // The picker still offers the configured model; the next run reports a real error plainly.
      this.models = undefined;
      this.retryModelsAt = Date.now() + 60_000;
    }
  }

  async handle(message: FromWebview): Promise<ToWebview | void> {
    switch (message.type) {
      case 'send': {
        const [mentions, images] = await Promise.all([this.mentions.resolve(message.mentions ?? []), this.storeImages(message.images ?? [])]);
        return this.chat.send({ text: message.text, ...(mentions.length ? { mentions } : {}), ...(images.length ? { images } : {}) });
      }
      case 'mentionQuery':
        return { type: 'mentionSuggestions', queryId: message.queryId, items: await this.mentions.suggest(message.query) };
      case 'openMention':
        return this.mentions.open(message.mention);
      case 'stop':
        return this.chat.stop();
      case 'retry':
        return this.chat.retry();
      case 'newChat':
        return this.chat.newChat();
      case 'openChat':
        this.chat.openChat(message.id);
        return;
      case 'setKey':
        await vscode.commands.executeCommand('geminiAgent.setApiKey');
        return;
      case 'pickModel': {
        // Where the model is set now: a workspace value would otherwise win over the pick.
        const config = vscode.workspace.getConfiguration(SECTION);
        const target = config.inspect('model')?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
        await config.update('model', message.model, target);
        return;
      }
      case 'runAction':
        if (message.action === 'keep') this.reviews.keep(message.runId);
        else await this.reviews.revert(message.runId);
        return;
      case 'insertCode':
        return insertCode(message.code);
      case 'openLink':
        await openLink(message.href);
        return;
      case 'openRules':
        if (message.path) await openWorkspaceFile(message.path, (path) => WorkspaceFolders.current()?.uri(path));
        else await vscode.commands.executeCommand('workbench.action.openSettings', `${SECTION}.instructions`);
        return;
      case 'dismissReview':
        this.chat.dismissReview(message.reviewId);
        return;
      case 'changeAction':
        await vscode.commands.executeCommand(`geminiAgent.change.${message.action}`, message.changeId, message.reason);
        return;
      case 'ready':
        return;
    }
  }
}

/** The panel checks the limits before sending; a message that slips past them loses the images over the limits. */
async function storeImagesIn(store: ImageStore, uploads: readonly ImageUpload[]): Promise<ImageChip[]> {
  const out: ImageChip[] = [];
  for (const u of uploads) {
    const bytes = Buffer.byteLength(u.data, 'base64');
    if (imageRefusal(u.mimeType, bytes, out)) continue;
    out.push({ ref: await store.save(u.data), mimeType: u.mimeType, name: u.name, bytes, thumb: u.thumb });
  }
  return out;
}

/** At the cursor of the editor in use; with none (or a read-only one), in a new untitled editor, so the click is never lost. */
async function insertCode(code: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (editor && (await editor.insertSnippet(new vscode.SnippetString().appendText(code)))) return;
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: code }));
}

/**
 * Web links through the editor's own opener (which asks about untrusted domains); mail links to
 * the mail client; a relative link (`src/a.ts`, `src/a.ts#L12`) opens that workspace file. Anything
 * else, and any path that leaves the workspace, is ignored.
 */
export async function openLink(href: string, uriOf = (path: string) => WorkspaceFolders.current()?.uri(path)): Promise<void> {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(href)) return openWorkspaceFile(href, uriOf);
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme === 'http' || uri.scheme === 'https') await vscode.commands.executeCommand('vscode.open', uri);
  else if (uri.scheme === 'mailto') await vscode.env.openExternal(uri);
}

async function openWorkspaceFile(href: string, uriOf: (path: string) => vscode.Uri | undefined): Promise<void> {
  const m = /^([^#?]*)(?:#L(\d+))?/.exec(href);
  if (!m) return;
  let path: string;
  try {
    path = decodeURIComponent(m[1]);
  } catch {
    return;
  }
  const resolved = resolveWorkspacePath(path);
  const uri = resolved.ok ? uriOf(resolved.path) : undefined;
  if (!uri) return;
  const line = m[2] ? Math.max(0, Number(m[2]) - 1) : undefined;
  const options = line === undefined ? {} : { selection: new vscode.Range(line, 0, line, 0) };
  await vscode.window.showTextDocument(uri, options).then(undefined, () => undefined);
}
