import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chatFrame, runCommand, workbench } from '../../host/workbench';
import { planTurn, textTurn } from '../scenarios';

describe('the Rules line in the workbench (project rules files)', function () {
  this.timeout(120_000);
  const files: string[] = [];

  before(() => {
    const ws = workbench().workspace;
    mkdirSync(join(ws, 'lib'), { recursive: true });
    files.push(join(ws, 'AGENTS.md'), join(ws, 'lib', 'AGENTS.md'));
    writeFileSync(files[0], '# Agent rules\n\nRun the checks before you finish.\n');
    writeFileSync(files[1], 'Helpers in lib/ never throw.\n');
  });

  after(() => {
    for (const f of files) rmSync(f, { force: true });
  });

  it('names the rules files a run used, and a name opens its file', async () => {
    const { page, emulator } = workbench();
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Agent: New Chat');
    emulator.load({ name: 'rules-line', turns: [planTurn([{ id: '1', description: 'Look at lib/util.ts', files: ['lib/util.ts'] }]), textTurn(['Noted the rules.'])] });
    const frame = chatFrame(page);
    const input = frame.locator('[data-testid="input"]');
    await input.click();
    await input.fill('what rules apply to lib/util.ts?');
    await input.press('Enter');
    await frame.locator('[data-testid="run-end"][data-status="completed"]').last().waitFor({ timeout: 30_000 });
    const line = frame.locator('[data-testid="rules"]').last();
    await line.locator('[data-testid="rules-file"]', { hasText: 'lib/AGENTS.md' }).waitFor();
    await line.locator('[data-testid="rules-file"]', { hasText: /^AGENTS\.md$/ }).waitFor();
    await workbench().screenshot('rules-line');
    await line.locator('[data-testid="rules-file"]', { hasText: 'lib/AGENTS.md' }).click();
    await page.locator('.tabs-container .tab.active', { hasText: 'AGENTS.md' }).waitFor({ timeout: 15_000 });
    await page.locator('.view-line', { hasText: 'Helpers in lib/ never throw.' }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Close All Editors');
  });
});
