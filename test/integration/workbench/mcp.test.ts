/**
 * The MCP approval prompt as a person sees it in the real workbench: a run calls a tool of a
 * workspace server (the echo fixture), the launch question and then the call question appear as
 * notifications, and their buttons answer them. The call question is captured for the README
 * (test-results/mcp-approval.png, copied to docs/).
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { chatFrame, runCommand, workbench } from '../../host/workbench';
import { callTurn, onePlan, textTurn } from '../scenarios';

/** The notification that holds `text`, once it shows. */
async function toast(page: Page, text: string) {
  const t = page.locator('.notification-toast', { hasText: text }).last();
  await t.waitFor({ timeout: 30_000 });
  return t;
}

describe('MCP approval in the workbench', function () {
  this.timeout(180_000);
  const config = () => join(workbench().workspace, '.vscode', 'mcp.json');

  before(() => {
    mkdirSync(join(workbench().workspace, '.vscode'), { recursive: true });
    const server = join(__dirname, '..', '..', 'fixtures', 'mcp', 'echoServer.js');
    writeFileSync(config(), JSON.stringify({ servers: { notes: { type: 'stdio', command: process.execPath, args: [server] } } }, null, 2));
  });

  after(() => rmSync(config(), { force: true }));

  it('asks with notifications whose buttons start the server and allow the call', async () => {
    const { page, emulator } = workbench();
    await runCommand(page, 'Agent: New Chat');
    emulator.load({ name: 'mcp-approval', turns: [onePlan('Echo a note'), callTurn('mcp_notes_echo', { text: 'release notes draft' }, 's-wb-mcp'), textTurn(['The server echoed the note.'])] });
    const input = chatFrame(page).locator('[data-testid="input"]');
    await input.click();
    await input.fill('Echo "release notes draft" with the notes server');
    await input.press('Enter');

    const launch = await toast(page, 'Start the MCP server "notes"');
    await launch.locator('.monaco-button', { hasText: /^Start$/ }).click();
    const call = await toast(page, 'MCP server "notes" tool "echo"');
    assert.match(await call.innerText(), /Allow Once/);
    await workbench().screenshot('mcp-approval');
    await call.locator('.monaco-button', { hasText: 'Allow Once' }).click();
    await chatFrame(page).locator('[data-testid="run-end"][data-status="completed"]').waitFor({ timeout: 60_000 });
    assert.equal(emulator.unconsumedTurns(), 0);
  });
});
