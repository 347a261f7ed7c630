/**
 * Restricted Mode, in a VS Code whose Workspace Trust is on and whose folder nobody trusted (the
 * second host pass of test/host/run.ts sets AGENT_TEST_RESTRICTED). The agent may read and chat;
 * writing files and running commands are refused with how to trust the folder.
 */
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { callTurn, onePlan, textTurn } from '../scenarios';
import { assertScenarioDone, assertWorkspaceSame, freshChat, inRoot, runScenario, snapshot, tasksStartedDuring, toldModel } from '../faults/harness';

const REFUSED = /^Refused: this folder is open in Restricted Mode, so the agent may read and chat but not change files or run commands\. Trust the folder \(Manage Workspace Trust\) to let it act\.$/;

describe('Restricted Mode (an untrusted folder)', function () {
  this.timeout(120_000);

  before(function () {
    if (process.env.AGENT_TEST_RESTRICTED !== '1') this.skip();
  });

  it('reads and answers, but refuses to write, edit, delete or run, saying how to trust the folder', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the folder opened untrusted');
    const api = await freshChat();
    const before = snapshot();
    const { result: view, tasks } = await tasksStartedDuring(() =>
      runScenario(api, 'restricted', [
        onePlan('Look, then try to act'),
        callTurn('read_file', { path: 'src/math.ts' }, 's1'),
        callTurn('write_file', { path: 'src/new.ts', content: 'export {};\n' }, 's2'),
        callTurn('edit_file', { path: 'src/math.ts', edits: [{ search: 'a + b', replace: 'b + a' }] }, 's3'),
        callTurn('delete_file', { path: 'README.md' }, 's4'),
        callTurn('run_command', { command: 'node -e "1"' }, 's5'),
        textTurn(['I can only read here.']),
      ]),
    );
    assert.equal(view.end?.status, 'completed', view.end?.text);
    const told = (await toldModel()).map((t) => t.response);
    assert.match(String(told[0].content), /export function add/);
    for (const refused of told.slice(1)) assert.match(String(refused.error), REFUSED);
    assert.equal(told.length, 5);
    assert.deepEqual(view.changes, []);
    assert.deepEqual(tasks, [], 'no command ran');
    assert.equal(existsSync(inRoot('src', 'new.ts')), false);
    await assertScenarioDone();
    assertWorkspaceSame(before);
  });
});
