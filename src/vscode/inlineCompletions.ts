/**
 * The inline completion provider: asks the gate, then the engine (cache, reuse, debounce, model),
 * and gives VS Code the ghost text. Context comes from the editor: the document around the
 * cursor, definitions of symbols near it (VS Code's definition provider), recent edits and visits,
 * the project's rules. Snippets from files the guards refuse are left out. While the suggest
 * widget is open, the completion follows its selected item (see complete/selected.ts).
 */
import * as vscode from 'vscode';
import type { AcceptanceTracker } from '../complete/acceptance';
import { gatherContext, type Snippet } from '../complete/context';
import type { CompletionEngine } from '../complete/engine';
import type { GateVerdict } from '../complete/gate';
import { withSelectedItem } from '../complete/selected';
import type { EditHistory } from './editHistory';

export const ACCEPTED_COMMAND = 'geminiAgent.complete.accepted';

export interface ProviderDeps {
  engine: CompletionEngine;
  tracker: AcceptanceTracker;
  /** Whether this document may be completed (and its path may be shown to the model). */
  gate: (doc: vscode.TextDocument) => Promise<GateVerdict>;
  /** Whether a snippet from this file may go into a prompt. */
  mayQuote: (uri: vscode.Uri) => Promise<boolean>;
  pathOf: (uri: vscode.Uri) => string;
  rules: () => Promise<string>;
  history?: EditHistory;
}

/** Definitions looked up around the cursor, and how long they may take. */
const DEFINITION_PROBES = 6;
const DEFINITION_WAIT_MS = 150;
const DEFINITION_LINES = 12;

export class GeminiInlineCompletions implements vscode.InlineCompletionItemProvider {
  constructor(private readonly deps: ProviderDeps) {}

  async provideInlineCompletionItems(
    doc: vscode.TextDocument,
    position: vscode.Position,
    context: vscode.InlineCompletionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.InlineCompletionItem[] | undefined> {
    const verdict = await this.deps.gate(doc);
    if (!verdict.ok || token.isCancellationRequested) return undefined;
    // The suggest widget is open: VS Code shows only a completion that extends its selected item,
    // so the text is completed as if that item were accepted.
    const selected = context.selectedCompletionInfo;
    const whole = { text: doc.getText(), offset: doc.offsetAt(position) };
    const at = selected ? withSelectedItem(whole, { start: doc.offsetAt(selected.range.start), end: doc.offsetAt(selected.range.end), text: selected.text }) : whole;
    if (!at) return undefined;
    const abort = new AbortController();
    const sub = token.onCancellationRequested(() => abort.abort());
    try {
      const suggestion = await this.deps.engine.provide(
        {
          doc: doc.uri.toString(),
          prefix: at.text.slice(0, at.offset),
          gather: async () => {
            const [snippets, rules] = await Promise.all([this.snippets(doc, position), this.deps.rules()]);
            return gatherContext({ path: this.deps.pathOf(doc.uri), languageId: doc.languageId, text: at.text, offset: at.offset, snippets, rules });
          },
        },
        abort.signal,
      );
      if (!suggestion || token.isCancellationRequested) return undefined;
      this.deps.tracker.shown(suggestion.id, Date.now());
      const accepted = { title: 'Accepted', command: ACCEPTED_COMMAND, arguments: [suggestion.id] };
      const item = selected
        ? new vscode.InlineCompletionItem(selected.text + suggestion.text, selected.range, accepted)
        : new vscode.InlineCompletionItem(suggestion.text, new vscode.Range(position, position), accepted);
      return [item];
    } finally {
      sub.dispose();
    }
  }

  private async snippets(doc: vscode.TextDocument, position: vscode.Position): Promise<Snippet[]> {
    const [definitions, recent] = await Promise.all([this.definitions(doc, position), this.recent(doc)]);
    return [...definitions, ...recent];
  }

  private async definitions(doc: vscode.TextDocument, position: vscode.Position): Promise<Snippet[]> {
    const probes = identifierPositions(doc, position).slice(0, DEFINITION_PROBES);
    const lookups = probes.map((p) =>
      Promise.resolve(vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, p)).then((r) => r ?? [], () => []),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<Array<Array<vscode.Location | vscode.LocationLink>>>((resolve) => (timer = setTimeout(() => resolve([]), DEFINITION_WAIT_MS)));
    const found = (await Promise.race([Promise.all(lookups), late])).flat();
    clearTimeout(timer);
    const out: Snippet[] = [];
    const seen = new Set<string>();
    for (const loc of found) {
      const uri = 'targetUri' in loc ? loc.targetUri : loc.uri;
      const range = 'targetUri' in loc ? (loc.targetSelectionRange ?? loc.targetRange) : loc.range;
      const key = `${uri.toString()}:${range.start.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // The cursor's own neighbourhood is in the prompt already.
      if (uri.toString() === doc.uri.toString() && Math.abs(range.start.line - position.line) < 30) continue;
      const text = await this.quote(uri, range.start.line, DEFINITION_LINES);
      if (text) out.push({ kind: 'definition', path: this.deps.pathOf(uri), text });
    }
    return out;
  }

  private async recent(doc: vscode.TextDocument): Promise<Snippet[]> {
    const out: Snippet[] = [];
    for (const r of this.deps.history?.list() ?? []) {
      if (r.uri.toString() === doc.uri.toString()) continue;
      const text = await this.quote(r.uri, r.range.start.line, r.range.end.line - r.range.start.line + 1);
      if (text) out.push({ kind: r.kind, path: this.deps.pathOf(r.uri), text });
    }
    return out;
  }

  /** Lines of a document, if the guards allow quoting the file (asked before it is opened). */
  private async quote(uri: vscode.Uri, start: number, lines: number): Promise<string | undefined> {
    if (!(await this.deps.mayQuote(uri))) return undefined;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await Promise.resolve(vscode.workspace.openTextDocument(uri)).catch(() => undefined));
    if (!open || start >= open.lineCount) return undefined;
    const end = Math.min(open.lineCount - 1, start + lines - 1);
    return open.getText(new vscode.Range(start, 0, end, open.lineAt(end).text.length));
  }
}

/** Starts of identifiers on the cursor's line (nearest first) and the line above. */
function identifierPositions(doc: vscode.TextDocument, position: vscode.Position): vscode.Position[] {
  const out: Array<{ pos: vscode.Position; distance: number }> = [];
  for (const line of [position.line, position.line - 1]) {
    if (line < 0) continue;
    const text = doc.lineAt(line).text;
    for (const m of text.matchAll(/[A-Za-z_$][\w$]*/g)) {
      const at = m.index ?? 0;
      if (line === position.line && at + m[0].length >= position.character) continue;
      out.push({ pos: new vscode.Position(line, at), distance: (position.line - line) * 1000 + Math.abs(position.character - at) });
    }
  }
  return out.sort((a, b) => a.distance - b.distance).map((o) => o.pos);
}
