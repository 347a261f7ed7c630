import * as assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { chatFrame, runCommand, workbench } from '../../host/workbench';
import { onePlan, textTurn } from '../scenarios';

/** Points the agent at another base URL and waits until the setting is in place. */
async function setBaseUrl(page: Page, command: string, url: string): Promise<void> {
  await runCommand(page, command);
  await page.locator('.notification-toast', { hasText: `Agent Test: base URL is ${url}` }).waitFor({ timeout: 15_000 });
}

async function ask(page: Page, text: string): Promise<void> {
  await runCommand(page, 'Agent: New Chat');
  const input = chatFrame(page).locator('[data-testid="input"]');
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

/** The error notice of the run, once the run has ended as failed. */
async function failure(page: Page): Promise<string> {
  const frame = chatFrame(page);
  await frame.locator('[data-testid="run-end"][data-status="failed"]').waitFor({ timeout: 60_000 });
  return frame.locator('[data-testid="notice"][data-level="error"]').last().innerText();
}

/** The panel still works: a normal request gets its answer. */
async function answersNext(page: Page): Promise<void> {
  const { emulator } = workbench();
  emulator.load({ name: 'next', turns: [onePlan('Answer'), textTurn(['Back to normal.'])] });
  await ask(page, 'still there?');
  await chatFrame(page).locator('[data-testid="assistant-text"]', { hasText: 'Back to normal.' }).waitFor({ timeout: 30_000 });
}

describe('errors in the chat panel', function () {
  this.timeout(120_000);

  it('says plainly that no API key is set, and offers to set one', async () => {
    const { page } = workbench();
    await runCommand(page, 'Agent Test: Hide Environment Key');
    try {
      await ask(page, 'hello');
      assert.match(await failure(page), /No Gemini API key is set/);
      const frame = chatFrame(page);
      await frame.locator('.banner [data-testid="set-key"]').waitFor({ timeout: 10_000 });
      // A new chat shows the onboarding page, whose button runs the set-key command.
      await frame.locator('[data-testid="new-chat"]').click();
      await frame.locator('.welcome', { hasText: 'Connect to Gemini' }).waitFor({ timeout: 10_000 });
      await frame.locator('.welcome [data-testid="set-key"]').click();
      const keyBox = page.locator('.quick-input-widget', { hasText: 'Gemini API Key' });
      await keyBox.waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Escape');
      await keyBox.waitFor({ state: 'hidden', timeout: 10_000 });
    } finally {
      await runCommand(page, 'Agent Test: Restore Environment Key');
    }
    await answersNext(page);
  });

  it('names the base URL it could not reach', async () => {
    const { page } = workbench();
    await setBaseUrl(page, 'Agent Test: Unreachable Base URL', 'http://127.0.0.1:9');
    try {
      await ask(page, 'hello');
      const frame = chatFrame(page);
      const retry = frame.locator('[data-testid="notice"][data-level="retry"]').last();
      await retry.waitFor({ timeout: 30_000 });
      assert.match(await retry.innerText(), /Could not reach the Gemini API at http:\/\/127\.0\.0\.1:9/);
      await frame.locator('[data-testid="stop"]').click();
      await frame.locator('[data-testid="run-end"][data-status="cancelled"]').waitFor({ timeout: 15_000 });
    } finally {
      await setBaseUrl(page, 'Agent Test: Emulator Base URL', workbench().emulator.baseUrl);
    }
    await answersNext(page);
  });

  it('shows the server\'s words for an HTTP 400', async () => {
    const { page, emulator } = workbench();
    emulator.load({ name: '400', turns: [{ error: { httpStatus: 400, status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' } }] });
    await ask(page, 'hello');
    assert.match(await failure(page), /invalid argument/i);
    await answersNext(page);
  });

  it('gives up on repeated HTTP 500s with a clear message, and Retry sends the request again', async () => {
    const { page, emulator } = workbench();
    const outage = { error: { httpStatus: 500, status: 'INTERNAL', message: 'An internal error has occurred.', retryDelay: '0.2s' } };
    emulator.load({ name: '500', turns: [outage, outage, outage, outage, outage] });
    await ask(page, 'hello after an outage');
    assert.match(await failure(page), /server error \(HTTP 500\)/i);
    const frame = chatFrame(page);
    assert.equal(await frame.locator('[data-testid="notice"][data-level="retry"]').count(), 4);
    const retry = frame.locator('[data-testid="retry"]:visible');
    assert.equal(await retry.count(), 1);
    // The plan turn expects the failed request's text: the emulator answers 400 to anything else.
    emulator.load({ name: 'retried', turns: [onePlan('Answer', 'hello after an outage'), textTurn(['Second time lucky.'])] });
    await retry.click();
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Second time lucky.' }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="run-end"][data-status="completed"]').waitFor({ timeout: 30_000 });
    // The failed run's Retry is gone: it would now resend the newer request, not the one that failed.
    assert.equal(await frame.locator('[data-testid="retry"]:visible').count(), 0);
    await answersNext(page);
  });

  it('retries a stream cut mid-way and shows the whole answer once', async () => {
    const { page, emulator } = workbench();
    emulator.load({ name: 'cut', turns: [onePlan('Answer'), { chunks: [{ text: 'Half of it' }, { text: ' and more' }], dropConnectionAfterChunks: 1 }, textTurn(['The whole answer.'])] });
    await ask(page, 'hello');
    const frame = chatFrame(page);
    const retry = frame.locator('[data-testid="notice"][data-level="retry"]');
    await retry.waitFor({ timeout: 30_000 });
    assert.match(await retry.innerText(), /broke off.*retrying in/i);
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'The whole answer.' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('[data-testid="assistant-text"]', { hasText: 'Half of it' }).count(), 0);
  });
});
