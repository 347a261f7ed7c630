/**
 * A multi-root workspace: a `.code-workspace` with two folders, `web` (the sample workspace) and
 * `api` (test/fixtures/second-folder), opened by the third host pass of test/host/run.ts, which
 * sets AGENT_TEST_MULTIROOT. Paths carry the folder's name; each folder keeps its own rules.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { callTurn, planTurn, textTurn } from '../scenarios';
import { assertScenarioDone, config, freshChat, generateRequests, runScenario, setSettings, toldModel } from '../faults/harness';

const folder = (name: string): string => {
  const f = vscode.workspace.workspaceFolders?.find((w) => w.name === name);
  assert.ok(f, `the workspace has a folder named ${name}`);
  return f.uri.fsPath;
};

describe('Multi-root workspace (two folders)', function () {
  this.timeout(120_000);
  let restore: (() => Promise<void>) | undefined;

  before(async function () {
    if (process.env.AGENT_TEST_MULTIROOT !== '1') this.skip();
    restore = await setSettings({ approvalMode: 'auto', allowedCommands: ['pwd'] });
  });

  after(async () => {
    await restore?.();
  });

  it('edits a file in the second folder, searches both, runs a command there and keeps its rules', async () => {
    assert.deepEqual(vscode.workspace.workspaceFolders?.map((f) => f.name), ['web', 'api']);
    assert.equal(config().get('approvalMode'), 'auto');
    const port = join(folder('api'), 'src', 'port.js');
    const api = await freshChat();
    const view = await runScenario(api, 'multi-root', [
      planTurn([{ id: '1', description: 'Move the api to port 8080', files: ['api/src/port.js'] }], 'This workspace has 2 folders: web, api.'),
      callTurn('search_codebase', { query: 'export' }, 's1'),
      callTurn('edit_file', { path: 'api/src/port.js', edits: [{ search: 'PORT = 3000', replace: 'PORT = 8080' }] }, 's2'),
      callTurn('run_command', { command: 'pwd', cwd: 'api' }, 's3'),
      callTurn('read_file', { path: 'api/notes.txt' }, 's4'),
      callTurn('read_file', { path: 'src/math.ts' }, 's5'),
      textTurn(['The api now listens on 8080.']),
    ]);
    assert.equal(view.end?.status, 'completed', view.end?.text);

    // The change landed in the second folder, and nowhere else.
    assert.equal(readFileSync(port, 'utf8'), 'export const PORT = 8080;\n');
    assert.equal(existsSync(join(folder('web'), 'src', 'port.js')), false);
    assert.equal(existsSync(join(folder('web'), 'api')), false);

    // The first request shows each folder's tree under its name.
    const first = (await generateRequests())[0].contents.at(-1)?.parts.map((p) => p.text ?? '').join('') ?? '';
    assert.match(first, /^web\/$/m);
    assert.match(first, /^api\/$/m);
    assert.match(first, /^ {4}math\.ts$/m, "web's src/math.ts in the tree");
    assert.match(first, /^ {4}port\.js$/m, "api's src/port.js in the tree");
    assert.ok(!first.includes('notes.txt'), "api's .agentignore keeps notes.txt out of the tree");

    const told = await toldModel();
    const search = told.find((t) => t.name === 'search_codebase')?.response as { matches: Array<{ path: string }> };
    const paths = search.matches.map((m) => m.path);
    assert.ok(paths.includes('api/src/port.js'), paths.join(', '));
    assert.ok(paths.includes('web/src/math.ts'), paths.join(', '));
    const edit = told.find((t) => t.name === 'edit_file')?.response;
    assert.equal(edit?.error, undefined, String(edit?.error));
    const ran = told.find((t) => t.name === 'run_command')?.response;
    assert.equal(ran?.exit_code, 0, JSON.stringify(ran));
    assert.equal(realpathSync(String(ran?.output).trim()), realpathSync(folder('api')), 'the command ran in the api folder');
    const reads = told.filter((t) => t.name === 'read_file').map((t) => t.response);
    assert.match(String(reads[0].error), /^Refused: api\/notes\.txt is off limits \(matches \.agentignore pattern 'notes\.txt'\)/);
    assert.match(String(reads[1].error), /"src" is not a workspace folder; paths start with one of: web, api/);
    await assertScenarioDone();
  });
});
