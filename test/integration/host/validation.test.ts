import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { ChatItem } from '../../../src/shared/chatState';
import { monorepo, ownSourceFiles, pathsInTree } from '../../fixtures/layouts';
import { agentApi, emulatorRequests, emulatorStatus, loadScenario, resetEditors } from '../helpers';
import { callTurn, onePlan, planTurn, textTurn } from '../scenarios';

const root = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const config = () => vscode.workspace.getConfiguration('geminiAgent');
type Item<K extends ChatItem['kind']> = Extract<ChatItem, { kind: K }>;
const itemsOf = <K extends ChatItem['kind']>(items: ChatItem[], kind: K) => items.filter((i): i is Item<K> => i.kind === kind);

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: 'ES2020', module: 'commonjs' }, include: ['src'] });
/** Type errors the repository had before any task: none of them is the agent's doing. */
const LEGACY = "export const count: number = 'many';\nexport function twice(n: number): number {\n  return n * undefinedName;\n}\n";
const FEATURE = "export const label: string = 42;\n\nexport function area(w: number, h: number): number {\n  return w * h;\n}\n";

interface WireContent {
  role: string;
  parts: Array<{ text?: string }>;
}

/** The texts of the user's side of every generate request, in order. */
async function userTexts(): Promise<string[][]> {
  const requests = (await emulatorRequests()).filter((r) => /generateContent/i.test(r.path));
  return requests.map((r) => (r.body as { contents: WireContent[] }).contents.filter((c) => c.role === 'user').map((c) => c.parts.map((p) => p.text ?? '').join('')));
}

function write(rel: string, text: string): void {
  mkdirSync(dirname(join(root(), rel)), { recursive: true });
  writeFileSync(join(root(), rel), text);
}

describe('validation judges the change, not the repository (real VS Code, real TypeScript)', function () {
  this.timeout(180_000);
  let packageJson = '';

  before(async () => {
    packageJson = readFileSync(join(root(), 'package.json'), 'utf8');
    write('tsconfig.json', TSCONFIG);
    write('src/legacy.ts', LEGACY);
    await config().update('approvalMode', 'auto', vscode.ConfigurationTarget.Global);
  });

  afterEach(async () => {
    await resetEditors();
    await config().update('checkCommand', undefined, vscode.ConfigurationTarget.Global);
    writeFileSync(join(root(), 'package.json'), packageJson);
  });

  after(async () => {
    for (const f of ['tsconfig.json', 'src/legacy.ts', 'src/feature.ts', 'src/nodeps.ts']) rmSync(join(root(), f), { force: true });
    await config().update('approvalMode', undefined, vscode.ConfigurationTarget.Global);
  });

  it('on a workspace with type errors before the task, feeds back only the error the task made', async () => {
    write('src/feature.ts', FEATURE);
    // A real TypeScript compiler (this repository's own, out/test/integration/host → the root), run as the project's check.
    const tsc = join(__dirname, '..', '..', '..', '..', 'node_modules', 'typescript', 'bin', 'tsc');
    await config().update('checkCommand', `node "${tsc}" --noEmit -p .`, vscode.ConfigurationTarget.Global);
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({
      name: 'validation-legacy-errors',
      turns: [
        planTurn([{ id: '1', description: 'Add perimeter() to src/feature.ts', files: ['src/feature.ts'] }], 'perimeter'),
        callTurn('edit_file', { path: 'src/feature.ts', edits: [{ search: '  return w * h;\n}\n', replace: "  return w * h;\n}\n\nexport function perimeter(w: number, h: number): number {\n  return 'twice' + (w + h);\n}\n" }] }, 'sig-edit'),
        textTurn(['Added perimeter.'], { expect: { functionResponseNames: ['edit_file'] } }),
        callTurn('edit_file', { path: 'src/feature.ts', edits: [{ search: "return 'twice' + (w + h);", replace: 'return 2 * (w + h);' }] }, 'sig-fix', { expect: { textIncludes: 'Validation of task 1 failed' } }),
        textTurn(['Fixed the return type.'], { expect: { functionResponseNames: ['edit_file'] } }),
      ],
    });
    await api.chat.send({ text: 'add perimeter' });
    await api.chat.idle();

    const status = await emulatorStatus();
    assert.deepEqual(status.failures, []);
    assert.equal(status.unconsumedTurns, 0);
    const items = api.chat.state.items;
    const end = itemsOf(items, 'runEnd').at(-1);
    assert.equal(end?.status, 'completed', end?.text);
    const validations = itemsOf(items, 'validation');
    const said = validations.map((v) => v.summary).join(' | ');
    assert.deepEqual(validations.map((v) => v.ok), [false, true], said);
    assert.match(validations[0].summary, /^1 new error in changed files; `node .*` failed: 1 new problem, 3 already failing before this task$/, said);
    assert.match(validations[1].summary, /failed as it did before this task \(no new problems, \d+ already failing before this task\)/);

    // On the wire: the fix prompt leads with the task's own error, in the changed file, with its line.
    const fix = (await userTexts()).flat().find((t) => t.startsWith('Validation of task 1 failed'));
    assert.ok(fix, 'a fix prompt was sent');
    const [fresh, context] = fix.split('Already failing before this task');
    assert.match(fresh, /^Validation of task 1 failed \(fix attempt 1 of 2\):\n\nNew problems in the files this task changed:\n- src\/feature\.ts:8(:\d+)?: (error TS2322: )?Type 'string' is not assignable to type 'number'\./);
    assert.doesNotMatch(fresh, /legacy\.ts|undefinedName|'many'|42/, 'errors from before the task are not presented as its own');
    assert.ok(context, 'the errors from before are mentioned as context');
    assert.match(context, /^ \(not caused by it; leave these alone unless the task is about them\): 3 problems in 2 files/);
    assert.equal(readFileSync(join(root(), 'src/feature.ts'), 'utf8'), FEATURE.replace('  return w * h;\n}\n', '  return w * h;\n}\n\nexport function perimeter(w: number, h: number): number {\n  return 2 * (w + h);\n}\n'));
  });

  it('on a workspace without installed dependencies, reports the check as unavailable once and judges the task on the editor', async () => {
    // No typecheck script and no node_modules: the detected check is `npx --no-install tsc --noEmit`.
    writeFileSync(join(root(), 'package.json'), JSON.stringify({ name: 'no-deps', private: true, devDependencies: { typescript: '^5.0.0' } }));
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({
      name: 'validation-no-deps',
      turns: [
        planTurn([{ id: '1', description: 'Create src/nodeps.ts', files: ['src/nodeps.ts'] }], 'nodeps'),
        callTurn('write_file', { path: 'src/nodeps.ts', content: "export const limit: number = 'ten';\n" }, 'sig-write'),
        textTurn(['Created it.'], { expect: { functionResponseNames: ['write_file'] } }),
        callTurn('write_file', { path: 'src/nodeps.ts', content: 'export const limit: number = 10;\n' }, 'sig-fix', { expect: { textIncludes: "Type 'string' is not assignable to type 'number'" } }),
        textTurn(['Fixed.'], { expect: { functionResponseNames: ['write_file'] } }),
      ],
    });
    await api.chat.send({ text: 'create nodeps' });
    await api.chat.idle();

    assert.deepEqual((await emulatorStatus()).failures, []);
    const items = api.chat.state.items;
    const end = itemsOf(items, 'runEnd').at(-1);
    assert.equal(end?.status, 'completed', end?.text);
    const summaries = itemsOf(items, 'validation').map((v) => v.summary);
    assert.equal(summaries.length, 2, summaries.join(' | '));
    assert.match(summaries[0], /^1 new error in changed files; `npx --no-install tsc --noEmit` could not run \(.+\) — to use it, install the project's dependencies \(npm install\); judged on the editor's problems alone$/);
    assert.equal(summaries[1], 'No new problems in changed files', 'the unavailable check is reported once');
    const fix = (await userTexts()).flat().find((t) => t.startsWith('Validation of task 1 failed'));
    assert.match(fix ?? '', /New problems in the files this task changed:\n- src\/nodeps\.ts:1: Type 'string' is not assignable to type 'number'\. \(ts\)/);
    assert.doesNotMatch(fix ?? '', /npx|canceled|not found/, 'the check that could not run is not the task\'s failure');
  });
});

describe('validation and the first view: the tree sent with the request shows the code', function () {
  this.timeout(120_000);
  const layout = Object.fromEntries(Object.entries(monorepo()).filter(([p]) => p.includes('/') && !p.startsWith('.vscode/')));
  for (let i = 0; i < 2000; i++) layout[`vendor/github.com/org${i % 300}/lib/file${i}.go`] = 'package lib\n';
  const tops = [...new Set(Object.keys(layout).map((p) => p.split('/')[0]))];

  before(() => {
    for (const [path, text] of Object.entries(layout)) write(path, text);
  });

  after(() => {
    for (const top of tops) rmSync(join(root(), top), { recursive: true, force: true });
  });

  it('a monorepo with built dist/ folders, logos and a vendor/ (no .gitignore): every package source file is in the first request', async () => {
    const api = await agentApi();
    api.chat.newChat();
    await loadScenario({ name: 'first-view', turns: [onePlan('Answer'), textTurn(['Seen.'])] });
    await api.chat.send({ text: 'what is in this repository?' });
    await api.chat.idle();
    const first = (await userTexts())[0].join('\n');
    const marker = 'Workspace files (ignored files left out):\n';
    assert.ok(first.includes(marker), 'the first request carries the tree');
    const tree = first.slice(first.indexOf(marker) + marker.length).split('\n\n')[0];
    const shown = pathsInTree(tree);
    const own = ownSourceFiles(layout);
    const missing = own.filter((p) => !shown.has(p));
    assert.deepEqual(missing, [], `${own.length - missing.length} of ${own.length} source files in the first request`);
    assert.match(tree, /^vendor\/ \(vendored or generated: not expanded\)$/m);
    assert.match(tree, /^ {4}dist\/ \(vendored or generated: not expanded\)$/m);
  });
});
