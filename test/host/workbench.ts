/**
 * What workbench suites (test/integration/workbench) get: the browser page on the real VS Code
 * workbench, the emulator, and helpers to drive the UI. Shared through a global because each
 * suite file is bundled on its own.
 */
import type { FrameLocator, Page } from 'playwright-core';

export interface EmulatorHandle {
  baseUrl: string;
  load(scenario: unknown): void;
  requests: ReadonlyArray<{ path: string; body?: unknown; status?: number; aborted?: boolean }>;
  unconsumedTurns(): number;
}

export interface Workbench {
  page: Page;
  emulator: EmulatorHandle;
  workspace: string;
  /** Reloads the window (the extension host restarts) and waits for the workbench. */
  reload(): Promise<void>;
  screenshot(name: string): Promise<string>;
  /** Switches to the default light or dark theme (a user setting) and waits until it shows. */
  setTheme(theme: 'light' | 'dark'): Promise<void>;
}

const KEY = '__agentWorkbench';

export function setWorkbench(wb: Workbench): void {
  (globalThis as Record<string, unknown>)[KEY] = wb;
}

export function workbench(): Workbench {
  const wb = (globalThis as Record<string, unknown>)[KEY] as Workbench | undefined;
  if (!wb) throw new Error('No workbench: run these suites through out/test/host/run.js.');
  return wb;
}

/** The chat panel's content frame (webviews are nested iframes in the workbench page). */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview[src*="gca-team.gemini-coding-agent"]').frameLocator('iframe#active-frame');
}

/** Runs a palette command by its title, the way a person does. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Answers the input box that a command opened. */
export async function answerInputBox(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.keyboard.press('Enter');
}

/**
 * Starts a new chat from the palette and waits until the panel shows it (the welcome page, no
 * items): typing before the new chat's snapshot arrives would type into the old one.
 */
export async function newChat(page: Page): Promise<void> {
  await runCommand(page, 'Agent: New Chat');
  await chatFrame(page).locator('.welcome').waitFor({ state: 'visible', timeout: 30_000 });
}

/**
 * Types a request into the panel's composer and sends it the way a person does: once the Send
 * button is enabled (no run going, attachments ready), then Enter; it returns when the composer
 * has taken the message (the input empties on send).
 */
export async function sendRequest(page: Page, text: string): Promise<void> {
  const frame = chatFrame(page);
  const input = frame.locator('[data-testid="input"]');
  await input.click();
  await input.fill(text);
  await frame.locator('[data-testid="send"]:not([disabled])').waitFor({ timeout: 30_000 });
  await input.press('Enter');
  await frame.locator('[data-testid="input"]:placeholder-shown').waitFor({ timeout: 30_000 });
}
