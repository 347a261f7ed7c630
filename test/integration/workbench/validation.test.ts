import * as assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chatFrame, newChat, runCommand, sendRequest, workbench } from '../../host/workbench';
import { callTurn, planTurn, textTurn } from '../scenarios';

describe('validation and first view: small things in the workbench', function () {
  this.timeout(180_000);
  const target = () => join(workbench().workspace, '.vscode', 'tasks.json');
  let existed = true;
  before(() => (existed = existsSync(target())));
  after(() => {
    if (!existed) rmSync(target(), { force: true });
  });

  it('the "always needs your approval" notice of a protected file goes away once its change is rejected', async () => {
    const { page, emulator } = workbench();
    const frame = chatFrame(page);
    await newChat(page);
    emulator.load({
      name: 'protected-reject',
      turns: [
        planTurn([{ id: '1', description: 'Add .vscode/tasks.json', files: ['.vscode/tasks.json'] }], 'protected'),
        callTurn('write_file', { path: '.vscode/tasks.json', content: '{}\n' }, 'sig-w'),
        textTurn(['The change was rejected; leaving it.']),
      ],
    });
    await sendRequest(page, 'protected file change');
    const notice = page.locator('.notification-toast', { hasText: 'which always needs your approval' });
    await notice.waitFor({ timeout: 30_000 });
    const card = frame.locator('[data-testid="change-card"][data-status="proposed"]');
    await card.waitFor({ timeout: 30_000 });
    await card.locator('[data-testid="change-reject"]').click();
    await frame.locator('[data-testid="change-card"][data-status="rejected"]').waitFor({ timeout: 30_000 });
    // A plain warning would fade from view only after 18 s and stay in the notification center.
    await notice.waitFor({ state: 'detached', timeout: 8_000 });
    await runCommand(page, 'Notifications: Show Notifications');
    const center = page.locator('.notifications-center');
    await center.waitFor({ timeout: 10_000 });
    const left = await center.locator('.notification-list-item', { hasText: 'which always needs your approval' }).count();
    await page.keyboard.press('Escape');
    assert.equal(left, 0, 'the notice is not left in the notification center');
    await frame.locator('[data-testid="run-end"]').waitFor({ timeout: 30_000 });
  });
});
