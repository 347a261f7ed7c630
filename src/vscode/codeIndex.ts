/**
 * The codebase index in VS Code: built in the background after activation when
 * `geminiAgent.index.enabled` is on and the workspace is trusted (never in Restricted Mode),
 * kept up to date by a file watcher (debounced), stored under the extension's workspace storage,
 * shown in a status bar item, and controlled by the rebuild / pause / delete commands.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { z } from 'zod';
import { CodeIndex, describe, type BuildEstimate } from '../index/codeIndex';
import { Grammars } from '../index/grammars';
import { indexOffReason } from '../index/policy';
import { FlatStore } from '../index/store';
import type { IndexState } from '../index/types';
import { EMBEDDING_DIMENSIONS, GeminiEmbedder, DEFAULT_EMBEDDING_MODEL } from '../model/embeddings';
import type { SemanticIndex } from '../tools/types';
import type { ApiKeyStore } from './apiKey';
import { WorkspaceFolders } from './folders';
import { FolderBlobs } from './indexStorage';
import { readSettings, SECTION } from './settings';
import { abortableSleep } from './sleep';

const IndexSettings = z.object({
  enabled: z.boolean().catch(false),
  embeddingModel: z.string().catch(DEFAULT_EMBEDDING_MODEL),
  requestsPerMinute: z.number().min(1).max(10_000).catch(100),
  confirmFirstBuild: z.boolean().catch(true),
});

function readIndexSettings(): z.infer<typeof IndexSettings> {
  const c = vscode.workspace.getConfiguration(`${SECTION}.index`);
  return IndexSettings.parse({ enabled: c.get('enabled'), embeddingModel: c.get('embeddingModel'), requestsPerMinute: c.get('requestsPerMinute'), confirmFirstBuild: c.get('confirmFirstBuild') });
}

/** How long the watcher waits for more changes before updating the index. */
const DEBOUNCE_MS = 400;

export interface IndexServiceOptions {
  /** The extension's workspace storage folder; no index without one. */
  storage: string | undefined;
  extensionPath: string;
  keys: ApiKeyStore;
  log: vscode.LogOutputChannel;
  /** Recently edited files, newest first (the small boost in the ranking). */
  recent: () => readonly string[];
}

export class IndexService implements vscode.Disposable {
  private index: CodeIndex | undefined;
  private store: FlatStore | undefined;
  private controller = new AbortController();
  private readonly status = vscode.window.createStatusBarItem('geminiAgent.index', vscode.StatusBarAlignment.Left, 0);
  private watchers: vscode.Disposable[] = [];
  private pending = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly grammars: Grammars;
  private readonly listeners = new Set<(state: IndexState) => void>();
  /** Settles when the current build finishes (tests and the bench wait on it). */
  building: Promise<void> = Promise.resolve();

  constructor(private readonly options: IndexServiceOptions) {
    this.grammars = new Grammars(join(options.extensionPath, 'dist', 'tree-sitter'));
    this.status.name = 'Gemini Agent: Codebase Index';
  }

  /** The index for `semantic_search`, or `undefined` when indexing is off. */
  semantic(): SemanticIndex | undefined {
    const index = this.index;
    if (!index) return undefined;
    return { search: (query, o, signal) => index.search(query, { ...o, recent: this.options.recent() }, signal) };
  }

  get state(): IndexState {
    return this.index?.state ?? { kind: 'off', reason: this.offReason() ?? 'not started' };
  }

  onState(listener: (state: IndexState) => void): vscode.Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** (Re)starts from the settings: builds or refreshes in the background, or stays off. */
  async start(): Promise<void> {
    this.stop();
    const controller = this.controller;
    const off = this.offReason();
    if (off) {
      this.show({ kind: 'off', reason: off });
      return;
    }
    const folders = WorkspaceFolders.current();
    const storage = this.options.storage;
    if (!folders || !storage) return;
    const s = readIndexSettings();
    const key = await this.options.keys.get();
    const embedder = key ? new GeminiEmbedder({ apiKey: key, model: s.embeddingModel, baseUrl: readSettings().apiBaseUrl, dimensions: EMBEDDING_DIMENSIONS }) : undefined;
    const store = await FlatStore.open(new FolderBlobs(join(storage, 'index')), embedder?.model ?? s.embeddingModel, EMBEDDING_DIMENSIONS);
    if (controller.signal.aborted) return;
    this.store = store;
    this.index = new CodeIndex({
      fs: folders.fs(),
      ignore: () => folders.ignore(),
      parse: (path, text) => this.grammars.parse(path, text),
      embedder,
      store,
      queue: { requestsPerMinute: s.requestsPerMinute, sleep: abortableSleep, now: Date.now },
      onState: (state) => this.show(state),
      ...(s.confirmFirstBuild ? { confirmFirstBuild: (e: BuildEstimate) => askFirstBuild(e) } : {}),
    });
    this.watch(folders);
    this.building = this.run(() => this.index!.refresh(controller.signal));
  }

  /** Forgets the stored index and builds it again. */
  async rebuild(): Promise<void> {
    const store = this.store;
    this.stop();
    await store?.clear();
    await this.start();
  }

  /** Stops embedding until the next start (a reload, a setting change or Rebuild). */
  pause(): void {
    const state = this.index?.state;
    this.stop();
    this.show({ kind: 'off', reason: `paused by you${state ? ` (${describe(state)})` : ''}; run "Agent: Rebuild Codebase Index" or reload to resume` });
  }

  /** Deletes the stored index and turns indexing off for this workspace. */
  async delete(): Promise<void> {
    const store = this.store;
    this.stop();
    await store?.clear();
    await vscode.workspace.getConfiguration(`${SECTION}.index`).update('enabled', false, vscode.ConfigurationTarget.Workspace);
    this.show({ kind: 'off', reason: 'deleted' });
  }

  dispose(): void {
    // What the last watcher updates changed is written now if it can be; lost, the next start's
    // folder-tree check finds those files again.
    void this.index?.flush().catch(() => undefined);
    this.stop();
    this.status.dispose();
  }

  private offReason(): string | undefined {
    return indexOffReason({ enabled: readIndexSettings().enabled, trusted: vscode.workspace.isTrusted, storage: this.options.storage });
  }

  private stop(): void {
    this.controller.abort();
    this.controller = new AbortController();
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    clearTimeout(this.timer);
    this.pending.clear();
    this.index = undefined;
    this.store = undefined;
  }

  private watch(folders: WorkspaceFolders): void {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
      const queue = (uri: vscode.Uri) => {
        const path = folders.pathOf(uri);
        if (path === undefined) return;
        this.pending.add(path);
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
      };
      this.watchers.push(watcher, watcher.onDidChange(queue), watcher.onDidCreate(queue), watcher.onDidDelete(queue));
    }
  }

  private flush(): void {
    const index = this.index;
    const paths = [...this.pending];
    this.pending.clear();
    if (!index || paths.length === 0) return;
    const signal = this.controller.signal;
    this.building = this.run(() => index.update(paths, signal));
  }

  private async run(task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (err) {
      if (!this.controller.signal.aborted) this.options.log.warn(`codebase index: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private show(state: IndexState): void {
    for (const l of this.listeners) l(state);
    const n = (x: number) => x.toLocaleString('en-US');
    switch (state.kind) {
      case 'off':
        // Shown when it says something (paused, not agreed to, Restricted Mode); hidden when the feature is simply off.
        if (/^(turned off|no workspace|deleted)/.test(state.reason)) {
          this.status.hide();
          return;
        }
        this.status.text = '$(circle-slash) Index off';
        break;
      case 'scanning':
        this.status.text = '$(sync~spin) Index: scanning';
        break;
      case 'indexing':
        this.status.text = state.totalChunks ? `$(sync~spin) Indexing ${n(state.doneChunks)} / ${n(state.totalChunks)} chunks` : `$(sync~spin) Indexing ${n(state.doneFiles)} / ${n(state.totalFiles)} files`;
        break;
      case 'paused':
        this.status.text = `$(debug-pause) Index paused until ${new Date(state.until).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
        break;
      case 'ready':
        this.status.text = '$(database) Index ready';
        break;
      case 'error':
        this.status.text = '$(warning) Index stopped';
        break;
    }
    this.status.tooltip = `Codebase index: ${describe(state)}`;
    this.status.show();
  }
}

/** The question before a workspace's first embedding: how much, and what it costs. */
async function askFirstBuild(e: BuildEstimate): Promise<boolean> {
  const n = (x: number) => x.toLocaleString('en-US');
  const cost = e.costUsd < 0.01 ? 'under US$0.01' : `about US$${e.costUsd.toFixed(2)}`;
  const choice = await vscode.window.showInformationMessage(
    `Build the codebase index? ${n(e.files)} files in ${n(e.chunks)} chunks, about ${n(e.tokens)} tokens sent to Gemini's embedding model (${cost} at paid-tier prices; free-tier quota otherwise).`,
    'Build Index',
    'Not Now',
  );
  return choice === 'Build Index';
}

export function registerIndexCommands(service: IndexService): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('geminiAgent.index.rebuild', () => service.rebuild()),
    vscode.commands.registerCommand('geminiAgent.index.pause', () => service.pause()),
    vscode.commands.registerCommand('geminiAgent.index.delete', () => service.delete()),
  ];
}
