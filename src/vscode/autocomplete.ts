/**
 * Autocomplete wiring: the engine with the model call, the gate with the guards, the provider, a
 * status bar item (on/off, snooze, per-language switch, statistics) and the commands behind it.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { AcceptanceTracker } from '../complete/acceptance';
import { CompletionEngine, type CompleteFn } from '../complete/engine';
import { mayComplete, type GateVerdict } from '../complete/gate';
import { IgnoreFilter } from '../guards/ignore';
import { completeOnce } from '../model/complete';
import { ModelError } from '../model/types';
import { ProjectRules } from '../rules';
import type { ApiKeyStore } from './apiKey';
import { COMPLETE_SECTION, readCompleteSettings } from './completeSettings';
import { EditHistory } from './editHistory';
import { WorkspaceFolders } from './folders';
import { ACCEPTED_COMMAND, GeminiInlineCompletions } from './inlineCompletions';
import { readSettings } from './settings';

export const MENU_COMMAND = 'geminiAgent.complete.menu';
export const STATS_COMMAND = 'geminiAgent.complete.showStatistics';
/** How long loaded rules and ignore files are used before being read again. */
const RELOAD_MS = 60_000;

export interface Autocomplete {
  engine: CompletionEngine;
  tracker: AcceptanceTracker;
  provider: GeminiInlineCompletions;
  disposables: vscode.Disposable[];
}

export function registerAutocomplete(deps: { keys: ApiKeyStore; log: vscode.LogOutputChannel }): Autocomplete {
  let snoozedUntil = 0;
  let lastError = '';
  const complete: CompleteFn = async (prompt, signal) => {
    const apiKey = await deps.keys.get();
    if (!apiKey) throw new ModelError('noKey', 'No Gemini API key is set.');
    const text = await completeOnce({ apiKey, model: readCompleteSettings().model, baseUrl: readSettings().apiBaseUrl }, prompt, signal);
    if (lastError) {
      lastError = '';
      update();
    }
    return text;
  };
  const engine = new CompletionEngine({
    complete,
    sleep: (ms, signal) => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
    }),
    onError: (err) => {
      const message = err instanceof Error ? err.message : String(err);
      if (message !== lastError) deps.log.warn(`Autocomplete: ${message}`);
      lastError = message;
      update();
    },
  });
  const tracker = new AcceptanceTracker((accepted) => (accepted ? engine.accepted() : engine.rejected()));

  let ignore: { at: number; filter: Promise<IgnoreFilter> } | undefined;
  const ignoreFilter = (): Promise<IgnoreFilter> => {
    const folders = WorkspaceFolders.current();
    if (!folders) return Promise.resolve(IgnoreFilter.create());
    if (!ignore || Date.now() - ignore.at > RELOAD_MS) ignore = { at: Date.now(), filter: folders.ignore().catch(() => IgnoreFilter.create()) };
    return ignore.filter;
  };
  /** The guards' verdict on a file: inside the workspace by its workspace path, outside by its name. */
  const judge = async (uri: vscode.Uri): Promise<{ sensitive: boolean; hidden: boolean }> => {
    if (uri.scheme === 'untitled') return { sensitive: false, hidden: false };
    const path = WorkspaceFolders.current()?.pathOf(uri);
    if (path === undefined) return { sensitive: IgnoreFilter.create().isSensitive(basename(uri.path)), hidden: false };
    const filter = await ignoreFilter();
    return { sensitive: filter.isSensitive(path), hidden: filter.isHidden(path) };
  };
  let rules: { at: number; text: Promise<string> } | undefined;
  const rulesText = (): Promise<string> => {
    const folders = WorkspaceFolders.current();
    // Restricted Mode: an untrusted repository's rules do not steer anything.
    if (!folders || !vscode.workspace.isTrusted) return Promise.resolve('');
    if (!rules || Date.now() - rules.at > RELOAD_MS) {
      const text = ignoreFilter()
        .then((filter) => ProjectRules.load(folders.fs(), filter, AbortSignal.timeout(2000)))
        .then((r) => r.root.map((t) => t.text).join('\n\n'))
        .catch(() => '');
      rules = { at: Date.now(), text };
    }
    return rules.text;
  };
  const gate = async (doc: vscode.TextDocument): Promise<GateVerdict> => {
    const s = readCompleteSettings();
    const input = {
      enabled: s.enabled,
      snoozedUntil,
      now: Date.now(),
      languageId: doc.languageId,
      languages: s.languages,
      trusted: vscode.workspace.isTrusted,
      allowInRestrictedMode: s.allowInRestrictedMode,
      sensitive: false,
      hidden: false,
    };
    // Off, snoozed, another language: decided without reading the ignore files.
    const cheap = mayComplete(input);
    if (!cheap.ok) return cheap;
    return mayComplete({ ...input, ...(await judge(doc.uri)) });
  };
  const history = new EditHistory();
  const provider = new GeminiInlineCompletions({
    engine,
    tracker,
    gate,
    mayQuote: async (uri) => {
      const v = await judge(uri);
      return !v.sensitive && !v.hidden;
    },
    pathOf: (uri) => WorkspaceFolders.current()?.pathOf(uri) ?? basename(uri.path),
    rules: rulesText,
    history,
  });

  const item = vscode.window.createStatusBarItem('geminiAgent.complete', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Gemini Autocomplete';
  item.command = MENU_COMMAND;
  function update(): void {
    const s = readCompleteSettings();
    const snoozed = snoozedUntil > Date.now();
    item.text = !s.enabled ? '$(circle-slash) Gemini' : snoozed ? '$(clock) Gemini' : lastError ? '$(warning) Gemini' : '$(sparkle) Gemini';
    item.tooltip = !s.enabled
      ? 'Gemini autocomplete is off. Click to turn it on.'
      : snoozed
        ? `Gemini autocomplete is snoozed until ${new Date(snoozedUntil).toLocaleTimeString()}.`
        : lastError
          ? `Gemini autocomplete: ${lastError}`
          : `Gemini autocomplete is on (${s.model}).`;
    item.show();
  }
  let snoozeTimer: ReturnType<typeof setTimeout> | undefined;
  const snooze = (minutes: number) => {
    snoozedUntil = Date.now() + minutes * 60_000;
    engine.reset();
    clearTimeout(snoozeTimer);
    snoozeTimer = setTimeout(update, minutes * 60_000 + 50);
    update();
  };
  const setEnabled = (on: boolean) => vscode.workspace.getConfiguration(COMPLETE_SECTION).update('enabled', on, vscode.ConfigurationTarget.Global);
  const setLanguage = (languageId: string, on: boolean) => {
    const languages = { ...readCompleteSettings().languages, [languageId]: on };
    return vscode.workspace.getConfiguration(COMPLETE_SECTION).update('languages', languages, vscode.ConfigurationTarget.Global);
  };
  const statsText = () => {
    const a = tracker.stats;
    const e = engine.stats;
    const rate = a.shown > 0 ? Math.round((a.accepted / a.shown) * 100) : 0;
    return `Gemini autocomplete this session: ${a.shown} suggestions counted, ${a.accepted} accepted (${rate}%), ${a.rejected} rejected. ${e.requests} requests, ${e.cacheHits} answered from the cache, ${e.reused} reused a running request, ${e.aborted} aborted. Nothing of this leaves your machine.`;
  };

  update();
  const disposables: vscode.Disposable[] = [
    item,
    history,
    vscode.languages.registerInlineCompletionItemProvider([{ scheme: 'file' }, { scheme: 'untitled' }], provider),
    vscode.commands.registerCommand(ACCEPTED_COMMAND, (id: unknown) => {
      if (typeof id === 'number') tracker.accepted(id, Date.now());
    }),
    vscode.commands.registerCommand(STATS_COMMAND, () => {
      tracker.settle(Date.now());
      void vscode.window.showInformationMessage(statsText());
    }),
    vscode.commands.registerCommand(MENU_COMMAND, async () => {
      const s = readCompleteSettings();
      const languageId = vscode.window.activeTextEditor?.document.languageId;
      const languageOn = languageId ? (s.languages[languageId] ?? s.languages['*'] ?? true) : undefined;
      const choices: Array<vscode.QuickPickItem & { run: () => unknown }> = [
        s.enabled ? { label: '$(circle-slash) Turn autocomplete off', run: () => setEnabled(false) } : { label: '$(sparkle) Turn autocomplete on', description: 'each pause in typing may send a request', run: () => setEnabled(true) },
        ...(snoozedUntil > Date.now()
          ? [{ label: '$(play) Resume now', run: () => snooze(0) }]
          : [{ label: '$(clock) Snooze for 5 minutes', run: () => snooze(5) }, { label: '$(clock) Snooze for 30 minutes', run: () => snooze(30) }]),
        ...(languageId ? [{ label: languageOn ? `Turn off for ${languageId}` : `Turn on for ${languageId}`, run: () => setLanguage(languageId, !languageOn) }] : []),
        { label: '$(graph) Show statistics', run: () => vscode.commands.executeCommand(STATS_COMMAND) },
      ];
      const picked = await vscode.window.showQuickPick(choices, { title: 'Gemini Autocomplete' });
      await picked?.run();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(COMPLETE_SECTION) && !e.affectsConfiguration('geminiAgent.apiBaseUrl')) return;
      lastError = '';
      if (!readCompleteSettings().enabled) engine.reset();
      update();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => (rules = undefined)),
    { dispose: () => { clearTimeout(snoozeTimer); engine.reset(); } },
  ];
  return { engine, tracker, provider, disposables };
}
