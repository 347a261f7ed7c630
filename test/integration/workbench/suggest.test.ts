/**
 * Suggestions in the real workbench, typed with real keys: next-step chips after a run (a click
 * fills the input), and ghost text from the emulator in an editor (Tab accepts it, a keystroke that
 * does not extend the typing aborts the waiting request, Esc dismisses, a model slower than VS
 * Code's wait for inline completions still shows it). Both features are off in the test host's
 * settings; these tests turn them on and off again.
 */
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chatFrame, runCommand, workbench } from '../../host/workbench';
import { onePlan, textTurn } from '../scenarios';

const FILE = 'ghost-math.ts';
/** Three functions whose `return ` lines (2, 6 and 10) are completed. */
const TEXT = ['add', 'mul', 'sub'].map((name) => `export function ${name}(a: number, b: number): number {\n  return \n}\n`).join('\n');

/** Runs a driver command that changes a setting and waits for its notice saying it is in place. */
async function setting(page: Page, command: string, notice: string): Promise<void> {
  await runCommand(page, command);
  const toast = page.locator('.notification-toast', { hasText: notice });
  await toast.first().waitFor({ timeout: 15_000 });
  await runCommand(page, 'Notifications: Clear All Notifications');
}

async function ask(page: Page, text: string): Promise<void> {
  const input = chatFrame(page).locator('[data-testid="input"]');
  await input.click();
  await input.fill(text);
  await input.press('Enter');
}

const generateRequests = () => workbench().emulator.requests.filter((r) => /:(stream)?generateContent/i.test(r.path));

async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('suggestions in the workbench: next-step chips and ghost text', function () {
  this.timeout(150_000);

  it('offers next steps as chips after a run; a click fills the input; the next run hides them; a failed call shows none', async () => {
    const { page, emulator } = workbench();
    await setting(page, 'Agent Test: Next Steps On', 'nextSteps.enabled is true');
    try {
      await runCommand(page, 'Agent: New Chat');
      emulator.load({
        name: 'next-steps',
        turns: [
          onePlan('Add subtract()'),
          textTurn(['Added `subtract(a, b)` to `src/math.ts`.']),
          { expect: { textIncludes: 'Request: Add a subtract function' }, chunks: [{ text: '{"steps": ["Add tests for subtract()", "Export subtract from index.ts"]}' }] },
        ],
      });
      await ask(page, 'Add a subtract function');
      const frame = chatFrame(page);
      const chips = frame.locator('[data-testid="next-step"]');
      await chips.first().waitFor({ timeout: 60_000 });
      assert.deepEqual(await chips.allInnerTexts(), ['Add tests for subtract()', 'Export subtract from index.ts']);
      const body = generateRequests()[2]?.body as { generationConfig?: { responseMimeType?: string }; tools?: unknown };
      assert.equal(body.generationConfig?.responseMimeType, 'application/json');
      assert.equal(body.tools, undefined);
      await workbench().screenshot('next-steps');

      await chips.first().click();
      const input = frame.locator('[data-testid="input"]');
      assert.equal(await input.inputValue(), 'Add tests for subtract()');

      // The next run has no turn for its next-step call: the emulator refuses it, the run stays done.
      emulator.load({ name: 'next-steps-none', turns: [onePlan('Add tests'), textTurn(['Tests added.'])] });
      await input.press('Enter');
      await frame.locator('[data-testid="run-end"][data-status="completed"]').nth(1).waitFor({ timeout: 60_000 });
      await until(() => generateRequests().length >= 3, 'the next-step call of the second run');
      assert.equal(await frame.locator('[data-testid="next-step"]:visible').count(), 0);
    } finally {
      await setting(page, 'Agent Test: Next Steps Off', 'nextSteps.enabled is false');
    }
  });

  describe('ghost text in an editor', () => {
    let path = '';
    before(() => {
      path = join(workbench().workspace, FILE);
      writeFileSync(path, TEXT);
    });
    after(() => rmSync(path, { force: true }));

    /** Opens the file through Quick Open and puts the caret at the end of `line` (1-based). */
    async function caretAtEndOf(page: Page, line: number): Promise<void> {
      await runCommand(page, 'Go to Line/Column...');
      const input = page.locator('.quick-input-widget input');
      await input.fill(`:${line}`);
      await page.keyboard.press('Enter');
      await page.keyboard.press('End');
    }

    /** The ghost text as drawn (it may come in several parts), spaces normalised, trimmed. */
    const shown = async (page: Page) => (await ghost(page).allInnerTexts()).join('').replace(/\u00a0/g, ' ').trim();
    const wire = () => JSON.stringify(generateRequests().map((r) => ({ status: r.status, aborted: r.aborted })));
    /** Ghost text; the part that extends the suggest widget's selected item is drawn as a "preview". */
    const ghost = (page: Page) => page.locator('.monaco-editor .ghost-text-decoration, .monaco-editor .ghost-text-decoration-preview, .monaco-editor .ghost-text');
    const suggestWidget = (page: Page) => page.locator('.monaco-editor .suggest-widget.visible');
    /** The drawn lines (spaces drawn as no-break spaces) of the only editor open; Monaco keeps no DOM order. */
    const lines = async (page: Page) => (await page.locator('.monaco-editor .view-lines .view-line').allInnerTexts()).map((l) => l.replace(/\u00a0/g, ' ').trimEnd());

    it('aborts a waiting request on a keystroke that does not extend it; a slow model still shows ghost text, beside the suggest widget; ghost text as you type, Esc dismisses, typing through shows it again, Tab accepts', async () => {
      const { page, emulator } = workbench();
      await setting(page, 'Agent Test: Autocomplete On', 'complete.enabled is true');
      try {
        await runCommand(page, 'View: Close All Editors');
        await runCommand(page, 'Go to File...');
        await page.locator('.quick-input-widget input').fill(FILE);
        await page.locator('.quick-input-list .monaco-list-row', { hasText: FILE }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.tabs-container .tab', { hasText: FILE }).waitFor();

        // 1. "a" asks and the model takes a minute; Backspace and "b" no longer extend "return a":
        //    that request is aborted (VS Code cancels its call, the engine hangs up the HTTP request).
        emulator.load({
          name: 'ghost-abort',
          turns: [{ chunks: [{ text: ' never shown' }], latencyMs: 60_000 }, { chunks: [{ text: ' + a;' }] }, { chunks: [{ text: ' + a;' }] }],
        });
        await caretAtEndOf(page, 2);
        await page.keyboard.type('a');
        await until(() => generateRequests().length >= 1, 'the first completion request');
        await page.keyboard.press('Backspace');
        await page.keyboard.type('b');
        await until(() => generateRequests()[0]?.aborted === true, `the emulator to see the first request aborted (requests: ${wire()})`);
        // The answer for "b" is on screen: no request of this step is left to take the next step's turn.
        await ghost(page).first().waitFor({ timeout: 30_000 });
        assert.equal(await shown(page), '+ a;', `requests: ${wire()}`);

        // 2. A model slower than VS Code waits: after 750 ms without ghost text VS Code (by default)
        //    cancels the call, opens the suggest widget and asks again with the widget's selected
        //    item; the ghost text still shows, beside the widget, continuing that item ("a").
        emulator.load({ name: 'ghost-slow', turns: [{ chunks: [{ text: ' - b;' }], latencyMs: 2000 }] });
        await caretAtEndOf(page, 10);
        await page.keyboard.type('a');
        await suggestWidget(page).waitFor({ timeout: 30_000 });
        await ghost(page).first().waitFor({ timeout: 30_000 });
        assert.equal(await shown(page), '- b;', `requests: ${wire()}`);
        assert.equal(await suggestWidget(page).count(), 1, 'the suggest widget is still open beside the ghost text');
        assert.equal(generateRequests().length, 1, `one request for the slow answer (requests: ${wire()})`);

        // 3. In the middle function: "a" shows the suggestion (the screenshot); Esc dismisses it;
        //    typing on through it shows the rest from the cache; Tab accepts. Last, because VS Code
        //    asks again after an acceptance, and that request must not take another step's turn.
        emulator.load({ name: 'ghost-accept', turns: [{ chunks: [{ text: ' * b;' }], latencyMs: 150 }] });
        await caretAtEndOf(page, 6);
        await page.keyboard.type('a');
        await ghost(page).first().waitFor({ timeout: 30_000 });
        assert.equal(await shown(page), '* b;', `lines: ${JSON.stringify(await lines(page))}`);
        await workbench().screenshot('autocomplete');
        await page.keyboard.press('Escape');
        await ghost(page).first().waitFor({ state: 'detached', timeout: 10_000 });
        assert.ok((await lines(page)).includes('  return a'), 'Esc leaves the typed text without the suggestion');
        await page.keyboard.type(' ');
        await ghost(page).first().waitFor({ timeout: 30_000 });
        assert.equal(await shown(page), '* b;');
        assert.equal(generateRequests().length, 1, `typing through the dismissed suggestion asked nothing (requests: ${wire()})`);
        await page.keyboard.press('Tab');
        await ghost(page).first().waitFor({ state: 'detached', timeout: 10_000 });
        assert.ok((await lines(page)).includes('  return a * b;'), `the suggestion is in the text: ${JSON.stringify(await lines(page))}`);
      } finally {
        await setting(page, 'Agent Test: Autocomplete Off', 'complete.enabled is false');
        await runCommand(page, 'File: Revert File').catch(() => undefined);
        await runCommand(page, 'View: Close All Editors');
      }
    });
  });
});
