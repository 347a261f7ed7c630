/**
 * Project rules files in a real host: the root AGENTS.md reaches every request in the system
 * instruction (the same bytes each time), a nested AGENTS.md comes with the task whose file is
 * under it, personal instructions come from the user setting, and the chat shows a "Rules" line.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { emulatorRequests } from '../helpers';
import { planTurn, textTurn } from '../scenarios';
import { assertScenarioDone, config, freshChat, inRoot, itemsOf, runScenario } from '../faults/harness';

const ROOT_RULES = 'Rules marker R1: name every new helper with a verb first.';
const NESTED_RULES = 'Rules marker R2: math helpers never throw.';
const PERSONAL = 'Rules marker P1: keep answers short.';

interface WireRequest {
  systemInstruction?: { parts?: Array<{ text?: string }> };
  contents?: Array<{ role: string; parts: Array<{ text?: string }> }>;
}

describe('project rules files in a real VS Code host', function () {
  this.timeout(120_000);

  before(async () => {
    writeFileSync(inRoot('AGENTS.md'), `# Agent rules\n\n${ROOT_RULES}\n`);
    mkdirSync(inRoot('src'), { recursive: true });
    writeFileSync(inRoot('src', 'AGENTS.md'), `${NESTED_RULES}\n`);
    await config().update('instructions', PERSONAL, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    rmSync(inRoot('AGENTS.md'), { force: true });
    rmSync(inRoot('src', 'AGENTS.md'), { force: true });
    await config().update('instructions', undefined, vscode.ConfigurationTarget.Global);
  });

  it('sends AGENTS.md in the system instruction of every request, the nested one with its task, and shows the Rules line', async () => {
    const api = await freshChat();
    const view = await runScenario(api, 'rules', [
      planTurn([{ id: '1', description: 'Look at src/math.ts', files: ['src/math.ts'] }], 'what are the rules'),
      // The task's message carries the rules of src/ (it is the request this turn answers).
      textTurn(['The rules are noted.'], { expect: { textIncludes: NESTED_RULES } }),
    ], 'what are the rules');
    assert.equal(view.end?.status, 'completed', view.end?.text);
    await assertScenarioDone();

    const requests = (await emulatorRequests()).filter((r) => /:(stream)?generateContent/i.test(r.path)).map((r) => r.body as WireRequest);
    assert.equal(requests.length, 2);
    const systems = requests.map((r) => (r.systemInstruction?.parts ?? []).map((p) => p.text ?? '').join(''));
    assert.ok(systems[0].includes(ROOT_RULES), 'the root AGENTS.md is in the system instruction');
    assert.ok(systems[0].includes(PERSONAL), 'the personal instructions are in the system instruction');
    assert.ok(!systems[0].includes(NESTED_RULES), 'a nested AGENTS.md stays out of the prefix');
    assert.equal(systems[1], systems[0], 'planning and the task carry the same system instruction');
    const taskText = (requests[1].contents ?? []).flatMap((c) => c.parts.map((p) => p.text ?? '')).join('\n');
    assert.ok(taskText.includes(`<rules file="src/AGENTS.md">\n${NESTED_RULES}`), 'the nested AGENTS.md comes with the task');

    const lines = itemsOf(api.chat.state.items, 'rules');
    assert.equal(lines.length, 1);
    assert.deepEqual(lines[0].files, [
      { path: 'AGENTS.md', cut: false },
      { path: 'src/AGENTS.md', cut: false },
    ]);
    assert.equal(lines[0].personal, true);
    assert.ok(api.chat.state.items.indexOf(lines[0]) < api.chat.state.items.findIndex((i) => i.kind === 'plan'), 'the line comes before the plan');
  });
});
