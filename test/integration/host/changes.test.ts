import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChatItem } from '../../../src/shared/chatState';
import { agentApi, emulatorRequests, emulatorStatus, loadScenario, resetEditors, until, writeOnDisk } from '../helpers';
import { callTurn, onePlan, planTurn, textTurn } from '../scenarios';

const SCHEME = 'gemini-agent-proposal';
const dir = () => join(vscode.workspace.workspaceFolders![0].uri.fsPath, 'scratch');
const file = (name: string) => join(dir(), name);
const uri = (name: string) => vscode.Uri.file(file(name));
const config = () => vscode.workspace.getConfiguration('geminiAgent');
type Item<K extends ChatItem['kind']> = Extract<ChatItem, { kind: K }>;
const itemsOf = <K extends ChatItem['kind']>(items: ChatItem[], kind: K) => items.filter((i): i is Item<K> => i.kind === kind);

const ORIGINAL = 'export const greeting = "hello";\nexport const target = 1;\n';
const edit = (search: string, replace: string, sig = 'sig-e') => callTurn('edit_file', { path: 'scratch/greet.ts', edits: [{ search, replace }] }, sig);

function proposalDiff(): vscode.TabInputTextDiff | undefined {
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.scheme === SCHEME) return tab.input;
    }
  }
  return undefined;
}

function tabLabelOf(input: vscode.TabInputTextDiff): string | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input === input)?.label;
}

async function waitForProposal(api: Awaited<ReturnType<typeof agentApi>>): Promise<Item<'change'>> {
  return until(() => itemsOf(api.chat.state.items, 'change').find((c) => c.status === 'proposed'), 30_000, 'a proposed change');
}

/** Function responses the model received, by name, across every request of the scenario. */
async function responsesNamed(name: string): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  const last = (await emulatorRequests()).at(-1);
  for (const c of (last?.body as { contents?: Array<{ parts: Array<{ functionResponse?: { name: string; response: Record<string, unknown> } }> }> })?.contents ?? []) {
    for (const p of c.parts) if (p.functionResponse?.name === name) out.push(p.functionResponse.response);
  }
  return out;
}

describe('changes as native diffs in a real VS Code host', function () {
  this.timeout(120_000);

  beforeEach(async () => {
    await resetEditors();
    mkdirSync(dir(), { recursive: true });
    for (const name of readdirSync(dir())) if (name !== 'greet.ts') rmSync(join(dir(), name), { recursive: true, force: true });
    await writeOnDisk(file('greet.ts'), ORIGINAL);
    await config().update('approvalMode', 'ask', vscode.ConfigurationTarget.Global);
    await config().update('checkCommand', 'node -e "process.exit(0)"', vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await resetEditors();
    rmSync(dir(), { recursive: true, force: true });
    await config().update('approvalMode', undefined, vscode.ConfigurationTarget.Global);
    await config().update('checkCommand', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('opens a diff of file ↔ proposal, and Accept applies it undoably', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({ name: 'accept', turns: [onePlan('Rename'), edit('greeting = "hello"', 'greeting = "hi"'), textTurn(['Renamed.'])] });
    const run = api.chat.send({ text: 'say hi instead' });
    const change = await waitForProposal(api);
    const diff = await until(() => proposalDiff(), 10_000, 'the diff editor');
    assert.equal(diff.original.toString(), uri('greet.ts').toString());
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), ORIGINAL.replace('"hello"', '"hi"'));
    assert.match(tabLabelOf(diff) ?? '', /greet\.ts.*task 1/);
    assert.equal(readFileSync(file('greet.ts'), 'utf8'), ORIGINAL, 'nothing is written before Accept');

    await vscode.commands.executeCommand('geminiAgent.change.accept', change.id);
    await run;
    assert.equal(itemsOf(api.chat.state.items, 'runEnd').at(-1)?.status, 'completed');
    assert.equal(readFileSync(file('greet.ts'), 'utf8'), ORIGINAL.replace('"hello"', '"hi"'));
    assert.equal(proposalDiff(), undefined, 'the diff closes once decided');

    const editor = await vscode.window.showTextDocument(uri('greet.ts'));
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), ORIGINAL, 'Ctrl+Z restores the text');
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(readFileSync(file('greet.ts'), 'utf8'), ORIGINAL);
  });

  it('shows a new file as empty ↔ proposal', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({ name: 'create', turns: [onePlan('Create'), callTurn('write_file', { path: 'scratch/new.ts', content: 'export const n = 1;\n' }, 'sig-w'), textTurn(['Made it.'])] });
    const run = api.chat.send({ text: 'make a file' });
    const change = await waitForProposal(api);
    const diff = await until(() => proposalDiff(), 10_000, 'the diff editor');
    assert.equal(diff.original.scheme, SCHEME);
    assert.equal((await vscode.workspace.openTextDocument(diff.original)).getText(), '');
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), 'export const n = 1;\n');
    assert.equal(existsSync(file('new.ts')), false);
    await vscode.commands.executeCommand('geminiAgent.change.accept', change.id);
    await run;
    assert.equal(readFileSync(file('new.ts'), 'utf8'), 'export const n = 1;\n');
  });

  it('Reject leaves the file untouched and tells the model why', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({
      name: 'reject',
      turns: [onePlan('Rename'), edit('greeting = "hello"', 'greeting = "yo"'), textTurn(['Understood, leaving it.'], { expect: { functionResponseNames: ['edit_file'] } })],
    });
    const run = api.chat.send({ text: 'say yo' });
    const change = await waitForProposal(api);
    await vscode.commands.executeCommand('geminiAgent.change.reject', change.id, 'keep the formal greeting');
    await run;
    assert.equal(readFileSync(file('greet.ts'), 'utf8'), ORIGINAL);
    const card = itemsOf(api.chat.state.items, 'change').at(-1);
    assert.equal(card?.status, 'rejected');
    const [response] = await responsesNamed('edit_file');
    assert.match(JSON.stringify(response), /keep the formal greeting/);
    assert.equal((await emulatorStatus()).unconsumedTurns, 0);
  });

  it('bases a proposal on unsaved editor text and never clobbers it', async () => {
    const api = await agentApi();
    api.chat.newChat();
    const editor = await vscode.window.showTextDocument(uri('greet.ts'));
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// unsaved note\n'));
    assert.equal(editor.document.isDirty, true);
    await loadScenario({ name: 'dirty', turns: [onePlan('Bump'), edit('target = 1', 'target = 2'), textTurn(['Bumped.'])] });
    const run = api.chat.send({ text: 'bump target' });
    const change = await waitForProposal(api);
    const diff = await until(() => proposalDiff(), 10_000, 'the diff editor');
    assert.equal((await vscode.workspace.openTextDocument(diff.modified)).getText(), `// unsaved note\n${ORIGINAL.replace('target = 1', 'target = 2')}`);
    await vscode.commands.executeCommand('geminiAgent.change.accept', change.id);
    await run;
    assert.equal(editor.document.getText(), `// unsaved note\n${ORIGINAL.replace('target = 1', 'target = 2')}`);
  });

  it('re-checks a proposal the user overtook with an edit, and leaves the user\'s text', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({
      name: 'stale',
      turns: [onePlan('Bump'), edit('target = 1', 'target = 3'), textTurn(['I will re-read it.'], { expect: { functionResponseNames: ['edit_file'] } })],
    });
    const run = api.chat.send({ text: 'bump target' });
    const change = await waitForProposal(api);
    // What typing does: the open document changes and is not saved.
    const typed = new vscode.WorkspaceEdit();
    typed.insert(uri('greet.ts'), new vscode.Position(0, 0), '// typed meanwhile\n');
    assert.equal(await vscode.workspace.applyEdit(typed), true);
    const editor = await vscode.window.showTextDocument(uri('greet.ts'), { preview: false });
    assert.equal(editor.document.isDirty, true);
    await vscode.commands.executeCommand('geminiAgent.change.accept', change.id);
    await run;
    assert.equal(editor.document.getText(), `// typed meanwhile\n${ORIGINAL}`);
    assert.equal(itemsOf(api.chat.state.items, 'change').at(-1)?.status, 'rejected');
    const [response] = await responsesNamed('edit_file');
    assert.match(JSON.stringify(response), /changed after the proposal was made/);
  });

  it('Accept all applies the rest of the task without asking again; Reject all refuses the rest', async () => {
    const api = await agentApi();
    api.chat.newChat();
    writeFileSync(file('b.ts'), 'export const b = 1;\n');
    await loadScenario({
      name: 'accept-all',
      turns: [
        planTurn([
          { id: '1', description: 'Two edits' },
          { id: '2', description: 'Two more' },
        ]),
        edit('target = 1', 'target = 2', 'sig-1'),
        callTurn('write_file', { path: 'scratch/b.ts', content: 'export const b = 2;\n' }, 'sig-2'),
        textTurn(['Task 1 done.']),
        edit('greeting = "hello"', 'greeting = "hey"', 'sig-3'),
        callTurn('delete_file', { path: 'scratch/b.ts' }, 'sig-4'),
        textTurn(['Task 2 done.']),
      ],
    });
    const run = api.chat.send({ text: 'four changes' });
    const first = await waitForProposal(api);
    await vscode.commands.executeCommand('geminiAgent.change.acceptAll', first.id);
    // Task 1's second change applies without waiting; task 2's first one waits again.
    const third = await until(() => itemsOf(api.chat.state.items, 'change')[2]?.status === 'proposed' && itemsOf(api.chat.state.items, 'change')[2], 30_000, 'a proposal of task 2');
    assert.deepEqual(itemsOf(api.chat.state.items, 'change').slice(0, 2).map((c) => c.status), ['applied', 'applied']);
    await vscode.commands.executeCommand('geminiAgent.change.rejectAll', third.id);
    await run;
    assert.deepEqual(itemsOf(api.chat.state.items, 'change').map((c) => c.status), ['applied', 'applied', 'rejected', 'rejected']);
    assert.equal(readFileSync(file('greet.ts'), 'utf8'), ORIGINAL.replace('target = 1', 'target = 2'));
    assert.equal(readFileSync(file('b.ts'), 'utf8'), 'export const b = 2;\n');
  });

  it('"Revert this run" restores an edited, a created and a deleted file', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await config().update('approvalMode', 'auto', vscode.ConfigurationTarget.Global);
    writeFileSync(file('old.md'), '# Old notes\r\nkept in CRLF\r\n');
    await loadScenario({
      name: 'revert',
      turns: [
        onePlan('Three changes'),
        edit('target = 1', 'target = 9', 'sig-1'),
        callTurn('write_file', { path: 'scratch/created.ts', content: 'export {};\n' }, 'sig-2'),
        callTurn('delete_file', { path: 'scratch/old.md' }, 'sig-3'),
        textTurn(['Three changes made.']),
      ],
    });
    await api.chat.send({ text: 'change three files' });
    const end = itemsOf(api.chat.state.items, 'runEnd').at(-1);
    assert.equal(end?.status, 'completed', end?.text);
    assert.equal(end?.changedFiles, 3);
    assert.equal(existsSync(file('old.md')), false);
    assert.equal(existsSync(file('created.ts')), true);

    await vscode.commands.executeCommand('geminiAgent.revertRun', end?.runId);
    assert.equal(readFileSync(file('greet.ts'), 'utf8'), ORIGINAL);
    assert.equal(existsSync(file('created.ts')), false);
    assert.equal(readFileSync(file('old.md'), 'utf8'), '# Old notes\r\nkept in CRLF\r\n');
    const review = itemsOf(api.chat.state.items, 'runEnd').at(-1);
    assert.equal(review?.review, 'reverted');
    assert.match(itemsOf(api.chat.state.items, 'notice').at(-1)?.text ?? '', /restored 3 files/);
  });

  it('offers the code actions on a selection and a diagnostic, and starts a run with the selection', async () => {
    const api = await agentApi();
    api.chat.newChat();
    const doc = await vscode.workspace.openTextDocument(uri('greet.ts'));
    await vscode.window.showTextDocument(doc);
    const range = new vscode.Range(1, 0, 1, 24);
    const problems = vscode.languages.createDiagnosticCollection('agent-test');
    problems.set(doc.uri, [new vscode.Diagnostic(range, 'target should be a string', vscode.DiagnosticSeverity.Error)]);
    try {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, range);
      const ask = actions.find((a) => a.title === 'Ask Agent about selection…');
      const fix = actions.find((a) => a.title.startsWith('Fix with Agent: target should be a string'));
      assert.ok(ask?.command, 'Ask Agent about selection… is offered');
      assert.ok(fix?.command, 'Fix with Agent is offered on the diagnostic');

      await loadScenario({ name: 'selection', turns: [onePlan('Explain', 'export const target = 1;'), textTurn(['It is a constant.'])] });
      await vscode.commands.executeCommand(ask.command.command, ...(ask.command.arguments ?? []), undefined, 'what is this?');
      await api.chat.idle();
      assert.equal(itemsOf(api.chat.state.items, 'assistant').at(-1)?.text, 'It is a constant.');
      const first = (await emulatorRequests()).find((r) => r.path.includes('enerateContent'));
      const text = JSON.stringify(first?.body);
      assert.match(text, /scratch\/greet\.ts/);
      assert.match(text, /what is this\?/);
      assert.equal((await emulatorStatus()).failures.length, 0);
    } finally {
      problems.dispose();
    }
  });
});
