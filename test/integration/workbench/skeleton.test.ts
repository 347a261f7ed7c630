import * as assert from 'node:assert/strict';
import { answerInputBox, chatFrame, runCommand, workbench } from '../../host/workbench';
import { onePlan, rateLimited, textTurn } from '../scenarios';

describe('walking skeleton in the workbench', () => {
  it('lists "Agent: Execute Request" in the command palette', async () => {
    const { page } = workbench();
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>Agent: Execute');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Agent: Execute Request' });
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    await page.keyboard.press('Escape');
  });

  it('streams the scenario text into the chat panel', async () => {
    const { page, emulator } = workbench();
    emulator.load({
      name: 'wb-stream',
      turns: [onePlan('Explain the plan', 'explain'), textTurn(['## Plan\n\n', '- first **step**\n', '- second step\n'], { chunkDelayMs: 30 })],
    });
    await runCommand(page, 'Agent: Execute Request');
    await answerInputBox(page, 'explain the plan');
    const answer = chatFrame(page).locator('[data-testid="assistant-text"]').last();
    await answer.locator('li', { hasText: 'second step' }).waitFor({ timeout: 30_000 });
    assert.match(await answer.innerText(), /first step/);
    assert.equal(await answer.locator('strong').first().innerText(), 'step');
    assert.equal(emulator.unconsumedTurns(), 0);
    await workbench().screenshot('skeleton-streamed');
  });

  it('retries a 429 and then shows the answer', async () => {
    const { page, emulator } = workbench();
    emulator.load({
      name: 'wb-429',
      turns: [
        rateLimited('1s'),
        onePlan('Try again'),
        textTurn(['Recovered after the rate limit.']),
      ],
    });
    await runCommand(page, 'Agent: Execute Request');
    await answerInputBox(page, 'try again please');
    const frame = chatFrame(page);
    await frame.locator('[data-testid="notice"][data-level="retry"]').last().waitFor({ timeout: 20_000 });
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Recovered after the rate limit.' }).waitFor({ timeout: 30_000 });
    assert.equal(emulator.unconsumedTurns(), 0);
  });
});
