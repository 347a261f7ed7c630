import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chatFrame, runCommand, workbench } from '../../host/workbench';
import { callTurn, planTurn, textTurn } from '../scenarios';

async function typeRequest(page: Page, text: string): Promise<void> {
  const input = chatFrame(page).locator('[data-testid="input"]');
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

describe('validation and first view: small things in the workbench', function () {
  this.timeout(180_000);
  after(() => rmSync(join(workbench().workspace, '.vscode', 'agent-extra.json'), { force: true }));

  it('the "always needs your approval" notice of a protected file goes away once its change is rejected', async () => {
    const { page, emulator } = workbench();
    const frame = chatFrame(page);
    await runCommand(page, 'Agent: New Chat');
    emulator.load({
      name: 'protected-reject',
      turns: [
        planTurn([{ id: '1', description: 'Add .vscode/agent-extra.json', files: ['.vscode/agent-extra.json'] }], 'protected'),
        callTurn('write_file', { path: '.vscode/agent-extra.json', content: '{}\n' }, 'sig-w'),
        textTurn(['The change was rejected; leaving it.']),
      ],
    });
    await typeRequest(page, 'protected file change');
    const notice = page.locator('.notification-toast', { hasText: 'which always needs your approval' });
    await notice.waitFor({ timeout: 30_000 });
    const card = frame.locator('[data-testid="change-card"][data-status="proposed"]');
    await card.waitFor({ timeout: 30_000 });
    await card.locator('[data-testid="change-reject"]').click();
    await frame.locator('[data-testid="change-card"][data-status="rejected"]').waitFor({ timeout: 30_000 });
    await notice.waitFor({ state: 'detached', timeout: 15_000 });
    await frame.locator('[data-testid="run-end"]').waitFor({ timeout: 30_000 });
  });
});
