/**
 * Helper agents in the real workbench panel: three explorers at once and a reviewer that requests
 * a change, shown as nested cards (collapsed, opened from the keyboard, with their own tool cards)
 * and review cards whose comments open the file at their line; a dismissed review stays gone, and
 * everything comes back after a window reload. The test host turns the reviewer off; this suite
 * turns it on in the folder's settings (and names the helpers' models, so their cost is shown).
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chatFrame, newChat, runCommand, sendRequest, workbench } from '../../host/workbench';
import { callTurn, planTurn, textTurn, type Turn } from '../scenarios';

/**
 * A turn for one agent's queue (the emulator's roles). Spelled out here, as on the agents branch's
 * `Turn`, so this file does not depend on which of the two lands first.
 */
type RoleTurn = Omit<Turn, 'expect'> & {
  agent?: 'coder' | 'planner' | 'explorer' | 'reviewer';
  expect?: { textIncludes?: string; functionResponseNames?: string[]; firstUserTextIncludes?: string };
};

const QUESTIONS = ['Where is add defined?', 'Which files import math?', 'What does the README say?'];
const GREET = "export function greet(name: string): string {\n  return 'Hello ' + name;\n}\n";
const COMMENT = 'End the greeting with "!".';

/** An explorer that reads a file, then reports with the references it relied on. */
function explorer(question: string, path: string, report: string, signature: string): RoleTurn[] {
  return [
    { ...callTurn('read_file', { path }, signature), agent: 'explorer', expect: { firstUserTextIncludes: question } },
    { ...textTurn([report]), agent: 'explorer', expect: { firstUserTextIncludes: question, functionResponseNames: ['read_file'] } },
  ];
}

const review = (args: Record<string, unknown>, signature: string, expect: RoleTurn['expect']): RoleTurn => ({
  agent: 'reviewer',
  expect,
  chunks: [{ functionCall: { name: 'submit_review', args }, thoughtSignature: signature }],
});

const scenario: { name: string; turns: RoleTurn[] } = {
  name: 'agents-panel',
  turns: [
    planTurn([{ id: '1', description: 'Add greet() in agents/greet.ts', files: ['agents/greet.ts'] }], 'add greet'),
    {
      chunks: [
        { text: 'Three questions first, side by side.\n\n' },
        ...QUESTIONS.map((question, i) => ({ functionCall: { name: 'explore', args: { question } }, ...(i === 0 ? { thoughtSignature: 'sig-explore' } : {}) })),
      ],
    },
    ...explorer(QUESTIONS[0], 'src/math.ts', 'add is defined in src/math.ts.\n\nReferences:\n- src/math.ts:1-3', 'sig-x1'),
    ...explorer(QUESTIONS[1], 'src/math.ts', 'Nothing imports math yet.', 'sig-x2'),
    ...explorer(QUESTIONS[2], 'README.md', 'The README describes the sample project.\n\nReferences:\n- README.md', 'sig-x3'),
    { ...callTurn('write_file', { path: 'agents/greet.ts', content: GREET }, 'sig-write'), expect: { functionResponseNames: ['explore'] } },
    textTurn(['Created greet().'], { expect: { functionResponseNames: ['write_file'] } }),
    review({ verdict: 'changes', summary: 'The greeting lacks its exclamation mark.', comments: [{ path: 'agents/greet.ts', line: 2, body: COMMENT }] }, 'sig-r1', { firstUserTextIncludes: 'Review task 1' }),
    { ...callTurn('edit_file', { path: 'agents/greet.ts', edits: [{ search: "'Hello ' + name;", replace: "'Hello ' + name + '!';" }] }, 'sig-fix'), expect: { textIncludes: COMMENT } },
    textTurn(['Added the exclamation mark.'], { expect: { functionResponseNames: ['edit_file'] } }),
    review({ verdict: 'approve', summary: 'Looks right now.' }, 'sig-r2', { textIncludes: 'Your earlier review (round 1)' }),
  ],
};

/** Hides the bottom panel (a terminal the in-host suites left open), so the screenshot shows the chat and the diff. */
async function hideBottomPanel(page: Page): Promise<void> {
  if (await page.locator('.part.panel.basepanel').isVisible()) await runCommand(page, 'View: Toggle Panel Visibility');
  await page.locator('.part.panel.basepanel').waitFor({ state: 'hidden', timeout: 10_000 });
}

describe('helper agents in the chat panel', function () {
  this.timeout(180_000);
  const ws = () => workbench().workspace;
  const settingsFile = () => join(ws(), '.vscode', 'settings.json');
  let savedSettings: string | undefined;

  before(() => {
    mkdirSync(join(ws(), '.vscode'), { recursive: true });
    savedSettings = existsSync(settingsFile()) ? readFileSync(settingsFile(), 'utf8') : undefined;
    const settings = {
      ...(savedSettings ? (JSON.parse(savedSettings) as Record<string, unknown>) : {}),
      'geminiAgent.agents.reviewer.enabled': true,
      'geminiAgent.agents.explorer.model': 'gemini-2.5-flash-lite',
      'geminiAgent.agents.reviewer.model': 'gemini-2.5-pro',
    };
    writeFileSync(settingsFile(), JSON.stringify(settings, null, 2));
  });

  after(() => {
    if (savedSettings === undefined) rmSync(settingsFile(), { force: true });
    else writeFileSync(settingsFile(), savedSettings);
    rmSync(join(ws(), 'agents'), { recursive: true, force: true });
  });

  it('shows three explorers and a reviewer as nested cards, and a review card whose comment opens the file and that can be dismissed', async () => {
    const { page, emulator } = workbench();
    const frame = chatFrame(page);
    await hideBottomPanel(page);
    await newChat(page);
    emulator.load(scenario);
    await sendRequest(page, 'add greet');

    // Three explorer cards, each in place of its explore call, collapsed.
    const explorers = frame.locator('[data-testid="subagent"][data-role="explorer"]');
    await frame.locator('[data-testid="subagent"][data-role="explorer"][data-status="done"]').nth(2).waitFor({ timeout: 60_000 });
    assert.deepEqual(await explorers.locator('[data-testid="subagent-title"]').allInnerTexts(), QUESTIONS);
    assert.deepEqual(await explorers.evaluateAll((els) => els.map((el) => (el as HTMLDetailsElement).open)), [false, false, false]);
    assert.equal(await frame.locator('[data-testid="tool-card"][data-tool="explore"]:visible').count(), 0, 'the explore calls are shown by their agents\' cards');

    // The coder's file, then the reviewer's verdict with its comment on file and line.
    await acceptChange(page, 0);
    const changes = frame.locator('[data-testid="review"][data-verdict="changes"]');
    await changes.waitFor({ timeout: 60_000 });
    assert.match(await changes.innerText(), /Changes requested/);
    assert.deepEqual(await changes.locator('[data-testid="review-comment"]').allInnerTexts(), [`agents/greet.ts:2\n${COMMENT}`]);
    await frame.locator('[data-testid="subagent"][data-role="reviewer"][data-status="done"]').first().waitFor();

    // The fix waits for approval beside its diff: open the first explorer from the keyboard, and picture it all.
    await frame.locator('[data-testid="change-card"][data-status="proposed"]').waitFor({ timeout: 60_000 });
    await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: "'Hello ' + name + '!';" }).first().waitFor({ timeout: 30_000 });
    const first = explorers.first();
    const summary = first.locator(':scope > summary');
    assert.equal(await summary.getAttribute('aria-expanded'), 'false');
    // The summary itself takes the key (not whatever had focus in the workbench); aria-expanded
    // follows on the card's toggle event, which comes a task later.
    await summary.press('Enter');
    await first.locator(':scope > summary[aria-expanded="true"]').waitFor({ timeout: 10_000 });
    assert.equal(await first.evaluate((el) => (el as HTMLDetailsElement).open), true);
    const innerTool = first.locator('[data-testid="tool-card"][data-tool="read_file"]');
    await innerTool.waitFor();
    assert.match(await innerTool.innerText(), /src\/math\.ts/);
    assert.deepEqual(await first.locator('[data-testid="subagent-ref"]').allInnerTexts(), ['src/math.ts:1–3']);
    await hideBottomPanel(page);
    // A wider side bar and a taller window, so the picture holds the cards from the first explorer to the fix.
    const size = page.viewportSize();
    await dragSidebarEdge(page, WIDER);
    try {
      if (size) await page.setViewportSize({ width: size.width, height: size.height + TALLER });
      await summary.blur();
      await page.mouse.move(900, 400);
      await first.scrollIntoViewIfNeeded();
      await workbench().screenshot('agents');
    } finally {
      if (size) await page.setViewportSize(size);
      await dragSidebarEdge(page, -WIDER);
    }
    await acceptChange(page, 1);

    await frame.locator('[data-testid="run-end"][data-status="completed"]').waitFor({ timeout: 60_000 });
    await frame.locator('[data-testid="review"][data-verdict="approve"]').waitFor();
    assert.equal(await frame.locator('[data-testid="subagent"][data-role="reviewer"]').count(), 2);
    assert.match(await frame.locator('[data-testid="usage-roles"]').innerText(), /Coder .*Explorers .*Reviewer /);
    assert.equal(emulator.unconsumedTurns(), 0);

    // A comment's location opens the file at its line.
    await changes.locator('[data-testid="review-ref"]').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'greet.ts' }).waitFor({ timeout: 15_000 });
    await page.locator('.statusbar-item', { hasText: 'Ln 2, Col 1' }).first().waitFor({ timeout: 15_000 });
    await runCommand(page, 'View: Close All Editors');

    await changes.locator('[data-testid="review-dismiss"]').click();
    await changes.waitFor({ state: 'hidden', timeout: 15_000 });
    assert.equal(await frame.locator('[data-testid="review"]').filter({ visible: true }).count(), 1);
  });

  it('restores the agents\' cards, and keeps the dismissed review dismissed, after a window reload', async () => {
    const wb = workbench();
    await wb.reload();
    const frame = chatFrame(wb.page);
    await frame.locator('[data-testid="run-end"][data-status="completed"]').waitFor({ timeout: 60_000 });
    const explorers = frame.locator('[data-testid="subagent"][data-role="explorer"]');
    assert.deepEqual(await explorers.locator('[data-testid="subagent-title"]').allInnerTexts(), QUESTIONS);
    assert.deepEqual(await explorers.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-status')}:${(el as HTMLDetailsElement).open}`)), ['done:false', 'done:false', 'done:false']);
    assert.deepEqual(await explorers.evaluateAll((els) => els.map((el) => el.querySelectorAll('[data-testid="tool-card"][data-tool="read_file"]').length)), [1, 1, 1]);
    assert.equal(await frame.locator('[data-testid="tool-card"][data-tool="explore"]:visible').count(), 0);
    assert.equal(await frame.locator('[data-testid="subagent"][data-role="reviewer"]').count(), 2);
    assert.equal(await frame.locator('[data-testid="review"][data-verdict="changes"]').isHidden(), true, 'the dismissed review stays dismissed');
    assert.equal(await frame.locator('[data-testid="review"][data-verdict="approve"]').isVisible(), true);
  });
});

/** How much wider the side bar (and taller the window) is for the screenshot, so the cards show whole. */
const WIDER = 170;
const TALLER = 150;

/** Drags the side bar's edge (the sash between it and the editor) by `dx` pixels. */
async function dragSidebarEdge(page: Page, dx: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  assert.ok(box, 'the side bar is shown');
  const x = box.x + box.width;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y, { steps: 8 });
  await page.mouse.up();
}

/** Accepts the `index`-th change card of the run once it is proposed. */
async function acceptChange(page: Page, index: number): Promise<void> {
  const card = chatFrame(page).locator('[data-testid="change-card"]').nth(index);
  await card.locator('[data-testid="change-accept"]:visible').waitFor({ timeout: 60_000 });
  await card.locator('[data-testid="change-accept"]').click();
  await chatFrame(page).locator('[data-testid="change-card"][data-status="applied"]').nth(index).waitFor({ timeout: 30_000 });
}
