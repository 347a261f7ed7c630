/**
 * Fault suite, the user: Stop at every kind of wait (the stream, a command, the check after a
 * task, an approval of a change or of a command) and a file changed on disk while its proposal
 * waits. After a Stop the chat goes on, and the model learns which calls were not run.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { resetEditors } from '../helpers';
import { callTurn, onePlan, textTurn } from '../scenarios';
import {
  assertAnswersNext,
  assertEnded,
  assertScenarioDone,
  assertWorkspaceSame,
  freshChat,
  generateRequests,
  inRoot,
  itemsOf,
  lastRun,
  openProposalTabs,
  runEnds,
  runScenario,
  setSettings,
  snapshot,
  startScenario,
  tasksStartedDuring,
  toldModel,
  until,
  viewOf,
  waitInChat,
  waitForProposal,
  waitForRunningTool,
} from '../faults/harness';

const STOPPED = 'Stopped. Changes already applied stay as they are; nothing was half-applied.';
const DIR = 'fault-user';
const ORIGINAL = 'export const level = 1;\n';

/** A file (outside the workspace) a command creates first thing, so a test knows it is running. */
const markers: string[] = [];
function startedMarker(): string {
  const file = join(tmpdir(), `fault-started-${process.pid}-${Date.now()}`);
  rmSync(file, { force: true });
  markers.push(file);
  return file;
}

/** Gone, or a zombie (killed; in a container whose init does not reap orphans it lingers as one). */
function isDead(pid: number): boolean {
  try {
    return /^Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8').match(/^State:\s*(.*)$/m)?.[1] ?? 'Z');
  } catch {
    return true;
  }
}

/** The function responses the next run sends back for the calls of the stopped one. */
async function responsesInNextRun(name: string): Promise<Array<Record<string, unknown>>> {
  const first = (await generateRequests())[0];
  return first.contents.flatMap((c) => c.parts).flatMap((p) => (p.functionResponse?.name === name ? [p.functionResponse.response] : []));
}

describe('faults: the user', function () {
  this.timeout(120_000);
  let restore: () => Promise<void>;

  before(async () => {
    restore = await setSettings({ approvalMode: 'auto', allowedCommands: ['node'] });
  });

  beforeEach(() => {
    rmSync(inRoot(DIR), { recursive: true, force: true });
    mkdirSync(inRoot(DIR));
    writeFileSync(inRoot(DIR, 'level.ts'), ORIGINAL);
  });

  after(async () => {
    await restore();
    await resetEditors();
    rmSync(inRoot(DIR), { recursive: true, force: true });
    for (const m of markers) rmSync(m, { force: true });
  });

  it('Stop mid-stream: the half-streamed call never runs, and the next run answers', async () => {
    const api = await freshChat();
    const before = snapshot();
    const slow = {
      chunks: [{ text: 'Let me rewrite' }, { text: ' the file' }, { functionCall: { name: 'write_file', args: { path: `${DIR}/level.ts`, content: 'gone' } }, thoughtSignature: 's' }],
      chunkDelayMs: 1500,
    };
    const { run } = await startScenario(api, 'fault-stop-stream', [onePlan('Rewrite'), slow]);
    await waitInChat(api, () => viewOf(lastRun(api)).answer?.startsWith('Let me rewrite'), 'the first chunk');
    api.chat.stop();
    await runEnds(api, run);
    const view = assertEnded(api, 'cancelled');
    assert.equal(view.end?.text, STOPPED);
    assert.deepEqual(view.tools, []);
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('Stop while run_command runs: the process is killed, the call and the one after it are answered "not run"', async () => {
    const api = await freshChat();
    // Says it started (outside the workspace), then writes a file after 4 s unless it is killed first.
    // A script file, because `node -e` always asks (inline code), even with `node` allowed.
    const started = startedMarker();
    writeFileSync(inRoot(DIR, 'late.js'), `require('fs').writeFileSync(${JSON.stringify(started)}, ''); setTimeout(() => require('fs').writeFileSync('${DIR}/late.txt', 'x'), 4000);\n`);
    const late = `node ${DIR}/late.js`;
    const before = snapshot();
    const turn = {
      chunks: [
        { functionCall: { name: 'run_command', args: { command: late } }, thoughtSignature: 's-cmd' },
        { functionCall: { name: 'read_file', args: { path: `${DIR}/level.ts` } } },
      ],
    };
    const { tasks } = await tasksStartedDuring(async () => {
      const { run } = await startScenario(api, 'fault-stop-command', [onePlan('Wait'), turn]);
      await waitInChat(api, () => existsSync(started), 'the command to start');
      api.chat.stop();
      await runEnds(api, run);
    });
    assert.deepEqual(tasks, [late], 'the command ran as a VS Code task');
    const view = assertEnded(api, 'cancelled');
    assert.deepEqual(view.tools.map((t) => t.name), ['run_command'], 'the second call never started');
    await new Promise((r) => setTimeout(r, 4500));
    assert.equal(existsSync(inRoot(DIR, 'late.txt')), false, 'the process was killed');
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
    assert.deepEqual(await responsesInNextRun('run_command'), [{ error: 'Not run: the user stopped the run.' }]);
    assert.deepEqual(await responsesInNextRun('read_file'), [{ error: 'Not run: the user stopped the run.' }]);
  });

  it('a command that ignores SIGTERM is killed at its timeout, and the model is told', async () => {
    const api = await freshChat();
    const started = startedMarker();
    writeFileSync(inRoot(DIR, 'stubborn.js'), `process.on('SIGTERM', () => {}); require('fs').writeFileSync(${JSON.stringify(started)}, String(process.pid)); setInterval(() => {}, 1000);\n`);
    const stubborn = `node ${DIR}/stubborn.js`;
    const before = snapshot();
    const restoreTimeout = await setSettings({ commandTimeoutSeconds: 1 });
    try {
      const view = await runScenario(api, 'fault-command-timeout', [
        onePlan('Run it'),
        callTurn('run_command', { command: stubborn }, 's-hang'),
        textTurn(['It hung, so it was stopped.'], { expect: { functionResponseNames: ['run_command'] } }),
      ]);
      assert.equal(view.end?.status, 'completed', view.end?.text);
      assert.deepEqual(view.tools.map((t) => [t.status, t.summary]), [['failed', 'The command did not finish within 1 s and was stopped.']]);
    } finally {
      await restoreTimeout();
    }
    const told = (await toldModel())[0].response;
    assert.equal(told.timed_out, true);
    assert.match(String(told.error), /did not finish within 1 s and was stopped/);
    const pid = Number(readFileSync(started, 'utf8'));
    assert.ok(isDead(pid), 'the process that ignored SIGTERM is gone');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('Stop while the check command runs after a task: the check is killed, the applied change stays', async () => {
    const api = await freshChat();
    const before = snapshot();
    const started = startedMarker();
    // The check also runs before the change (the baseline); only the run after it is slow and stopped.
    const restoreCheck = await setSettings({
      checkCommand: `node -e "const fs = require('fs'); if (fs.readFileSync('${DIR}/level.ts', 'utf8').includes('level = 2')) { fs.writeFileSync('${started}', ''); setTimeout(() => fs.writeFileSync('${DIR}/checked.txt', 'x'), 4000); }"`,
    });
    try {
      const { run } = await startScenario(api, 'fault-stop-check', [
        onePlan('Bump'),
        callTurn('edit_file', { path: `${DIR}/level.ts`, edits: [{ search: 'level = 1', replace: 'level = 2' }] }, 's-edit'),
        textTurn(['Bumped.']),
      ]);
      await waitInChat(api, () => existsSync(started), 'the check command to start');
      api.chat.stop();
      await runEnds(api, run);
    } finally {
      await restoreCheck();
    }
    const view = assertEnded(api, 'cancelled');
    assert.equal(view.end?.text, STOPPED);
    assert.deepEqual(view.changes.map((c) => c.status), ['applied']);
    await new Promise((r) => setTimeout(r, 4000));
    assertWorkspaceSame(before, [`${DIR}/level.ts`]);
    assert.equal(readFileSync(inRoot(DIR, 'level.ts'), 'utf8'), 'export const level = 2;\n', 'the accepted edit is whole');
    assert.equal(existsSync(inRoot(DIR, 'checked.txt')), false, 'the check process was killed');
    await assertAnswersNext(api);
  });

  it('Stop while a change waits for approval (ask mode): nothing is written, the diff closes', async () => {
    const api = await freshChat();
    const before = snapshot();
    const restoreMode = await setSettings({ approvalMode: 'ask' });
    try {
      const { run } = await startScenario(api, 'fault-stop-approval', [onePlan('Create'), callTurn('write_file', { path: `${DIR}/new.ts`, content: 'export {};\n' }, 's-w')]);
      await waitForProposal(api, `${DIR}/new.ts`);
      await until(() => openProposalTabs().length > 0, 10_000, 'the diff editor');
      api.chat.stop();
      await runEnds(api, run);
    } finally {
      await restoreMode();
    }
    const view = assertEnded(api, 'cancelled');
    assert.deepEqual(view.changes.map((c) => [c.status, c.reason]), [['rejected', 'The run was stopped before the change was approved.']]);
    await until(() => openProposalTabs().length === 0, 10_000, 'the diff to close');
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
    assert.deepEqual(await responsesInNextRun('write_file'), [{ error: 'Not run: the user stopped the run.' }]);
  });

  it('Stop while a command waits for approval: it never runs, and the question is withdrawn', async () => {
    const api = await freshChat();
    const before = snapshot();
    const { tasks } = await tasksStartedDuring(async () => {
      const { run } = await startScenario(api, 'fault-stop-ask-command', [onePlan('Run'), callTurn('run_command', { command: `touch ${DIR}/asked.txt` }, 's-ask')]);
      await waitForRunningTool(api, 'run_command');
      await new Promise((r) => setTimeout(r, 300));
      api.chat.stop();
      await runEnds(api, run);
      // A late "Run" from the notification or the command finds nothing to run.
      await vscode.commands.executeCommand('geminiAgent.command.allow');
      await new Promise((r) => setTimeout(r, 500));
    });
    assert.deepEqual(tasks, []);
    assertEnded(api, 'cancelled');
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('a second request while a run is going: refused with a message, the first run unharmed', async () => {
    const api = await freshChat();
    const before = snapshot();
    const { run } = await startScenario(api, 'fault-second-request', [onePlan(), textTurn(['First ', 'answer, ', 'slowly.'], { chunkDelayMs: 400 })]);
    await waitInChat(api, () => viewOf(lastRun(api)).answer?.startsWith('First'), 'the first chunk');
    await api.chat.send({ text: 'and another thing' });
    await runEnds(api, run);
    const view = assertEnded(api, 'completed');
    // The refusal notice lands between two chunks; the answer still continues in one bubble.
    assert.deepEqual(itemsOf(view.items, 'assistant').map((a) => a.text), ['First answer, slowly.']);
    assert.deepEqual(view.notices.map((n) => [n.level, n.text]), [['error', 'A run is already in progress in this chat. Stop it first or wait for it to finish.']]);
    assert.equal(itemsOf(api.chat.state.items, 'user').length, 1, 'the second request did not start a run');
    assert.equal((await generateRequests()).length, 2, 'only the first run asked the model');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('a file changed on disk while its proposal waits: Accept re-checks it and keeps the new text', async () => {
    const api = await freshChat();
    const restoreMode = await setSettings({ approvalMode: 'ask' });
    const theirs = 'export const level = 7; // changed by a git pull\n';
    const before = snapshot();
    try {
      const { run } = await startScenario(api, 'fault-stale', [
        onePlan('Bump'),
        callTurn('edit_file', { path: `${DIR}/level.ts`, edits: [{ search: 'level = 1', replace: 'level = 2' }] }, 's-stale'),
        textTurn(['I will read it again.'], { expect: { functionResponseNames: ['edit_file'] } }),
      ]);
      const change = await waitForProposal(api, `${DIR}/level.ts`);
      writeFileSync(inRoot(DIR, 'level.ts'), theirs);
      await vscode.commands.executeCommand('geminiAgent.change.accept', change.id);
      await runEnds(api, run);
    } finally {
      await restoreMode();
    }
    const view = assertEnded(api, 'completed');
    assert.equal(readFileSync(inRoot(DIR, 'level.ts'), 'utf8'), theirs, 'the change on disk is kept');
    assert.equal(view.changes[0]?.status, 'rejected');
    assert.match(view.changes[0]?.reason ?? '', /changed after the proposal was made/);
    const [told] = await toldModel();
    assert.match(String(told.response.error), /changed after the proposal was made.*Read the file again and redo the change/);
    await assertScenarioDone();
    // Only the file the test itself changed differs.
    assertWorkspaceSame(before, [`${DIR}/level.ts`]);
    await assertAnswersNext(api);
  });
});
