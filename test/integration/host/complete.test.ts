/**
 * Inline completions in a real VS Code host, from the strict emulator: ghost text appears in the
 * editor and Tab (the commit command) accepts it; the provider called directly gets a completion
 * whose request is valid; typing elsewhere while a request waits on the model aborts the HTTP
 * request (the emulator sees the client hang up).
 */
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { agentApi, emulatorRequests, emulatorStatus, loadScenario, resetEditors, until } from '../helpers';
import { inRoot } from '../faults/harness';

const FILES = ['complete-1.ts', 'complete-2.ts', 'complete-3.ts'];
const TEXT = 'export function add(a: number, b: number): number {\n  return \n}\n';

interface WireRequest {
  path: string;
  aborted?: boolean;
  body: { generationConfig?: { stopSequences?: string[]; thinkingConfig?: unknown }; contents?: Array<{ parts: Array<{ text?: string }> }> };
}

const completionRequests = async () => ((await emulatorRequests()) as unknown as WireRequest[]).filter((r) => /:generateContent/.test(r.path));
const invoke = { triggerKind: vscode.InlineCompletionTriggerKind.Invoke, selectedCompletionInfo: undefined } as unknown as vscode.InlineCompletionContext;
const settings = () => vscode.workspace.getConfiguration('geminiAgent.complete');

/** Each test its own file: the completion cache is keyed by document and prefix. */
async function openAtHole(file: string): Promise<vscode.TextEditor> {
  writeFileSync(inRoot(file), TEXT);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(inRoot(file)));
  const editor = await vscode.window.showTextDocument(doc);
  const at = doc.positionAt(TEXT.indexOf('return ') + 'return '.length);
  editor.selection = new vscode.Selection(at, at);
  return editor;
}

describe('inline completions in a real VS Code host', function () {
  this.timeout(90_000);

  before(async () => {
    await settings().update('enabled', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await settings().update('enabled', undefined, vscode.ConfigurationTarget.Global);
    await resetEditors();
    for (const f of FILES) rmSync(inRoot(f), { force: true });
  });

  beforeEach(() => settings().update('enabled', true, vscode.ConfigurationTarget.Global));
  // Off between tests: VS Code asks again after an acceptance, and that must not reach the next scenario.
  afterEach(async () => {
    await settings().update('enabled', false, vscode.ConfigurationTarget.Global);
    await resetEditors();
  });

  it('the provider answers from a valid request: ≤5 stop sequences, minimal thinking, the hole in the prompt', async () => {
    await loadScenario({ name: 'complete-provider', turns: [{ chunks: [{ text: 'a + b;' }] }] });
    const api = await agentApi();
    const editor = await openAtHole(FILES[0]);
    const items = await api.autocomplete.provider.provideInlineCompletionItems(
      editor.document,
      editor.selection.active,
      invoke,
      new vscode.CancellationTokenSource().token,
    );
    assert.equal(items?.[0]?.insertText, 'a + b;');
    const [request] = await completionRequests();
    const stops = request.body.generationConfig?.stopSequences ?? [];
    assert.ok(stops.length > 0 && stops.length <= 5, JSON.stringify(stops));
    assert.match(request.body.contents?.[0]?.parts[0]?.text ?? '', /return \{\{FILL_HERE\}\}/);
    assert.deepEqual((await emulatorStatus()).failures, []);
  });

  it('shows ghost text in the editor and the commit command (Tab) accepts it', async () => {
    await loadScenario({ name: 'complete-ghost', turns: [{ chunks: [{ text: 'a * b;' }] }] });
    const editor = await openAtHole(FILES[1]);
    await vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
    // Accepting does nothing until the ghost text is on screen: try until the line changes.
    await until(() => {
      void vscode.commands.executeCommand('editor.action.inlineSuggest.commit');
      return editor.document.lineAt(1).text === '  return a * b;';
    }, 30_000, 'the ghost text to be accepted');
    assert.equal((await completionRequests()).length, 1);
  });

  it('aborts the HTTP request when the next keystroke goes elsewhere', async () => {
    await loadScenario({ name: 'complete-abort', turns: [{ chunks: [{ text: 'never shown' }], latencyMs: 60_000 }, { chunks: [{ text: 'x;' }] }] });
    const api = await agentApi();
    const editor = await openAtHole(FILES[2]);
    const at = editor.selection.active;
    const ask = (position: vscode.Position) =>
      api.autocomplete.provider.provideInlineCompletionItems(editor.document, position, invoke, new vscode.CancellationTokenSource().token);
    const first = ask(at);
    // This file's request (the prompt names it), whatever else VS Code asked for meanwhile.
    const mine = async () => (await completionRequests()).find((r) => JSON.stringify(r.body).includes(FILES[2]));
    for (let i = 0; !(await mine()); i++) {
      if (i > 400) throw new Error('no completion request for this file reached the emulator');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The next keystroke is a backspace: the text before the cursor no longer extends the waiting request's.
    const second = ask(at.translate(0, -1));
    for (let i = 0; !(await mine())?.aborted; i++) {
      if (i > 400) throw new Error('the emulator never saw this file\'s first request aborted');
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await first, undefined);
    assert.equal((await second)?.[0]?.insertText, 'x;');
  });
});
