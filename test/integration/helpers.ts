/** Helpers for in-host suites: the extension's API and the run's emulator (over its control API). */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { AgentApi } from '../../src/extension';
import type { EmulatorStatus } from '../emulator/state';

export const EXTENSION_ID = 'gca-team.gemini-coding-agent';

export async function agentApi(): Promise<AgentApi> {
  const ext = vscode.extensions.getExtension<AgentApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host.`);
  return ext.activate();
}

function emulatorUrl(): string {
  const url = process.env.AGENT_EMULATOR_URL;
  if (!url) throw new Error('AGENT_EMULATOR_URL is not set: run through the integration host.');
  return url;
}

export async function loadScenario(scenario: unknown): Promise<void> {
  const res = await fetch(`${emulatorUrl()}/__emulator/scenario`, { method: 'POST', body: JSON.stringify(scenario), headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`The emulator refused the scenario: ${await res.text()}`);
}

export async function emulatorStatus(): Promise<EmulatorStatus> {
  return (await fetch(`${emulatorUrl()}/__emulator/status`)).json() as Promise<EmulatorStatus>;
}

export async function emulatorRequests(): Promise<Array<{ path: string; body: unknown; status: number }>> {
  return (await fetch(`${emulatorUrl()}/__emulator/requests`)).json() as Promise<Array<{ path: string; body: unknown; status: number }>>;
}

export async function until<T>(probe: () => T | undefined | false, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Puts the editor back to a clean slate between tests: unsaved changes are reverted (closing a
 * dirty editor would open a "Save changes?" dialog that blocks the window), then editors close.
 */
export async function resetEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && d.uri.scheme === 'file')) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Writes a file behind the editor's back, as another program would, and waits until a document of
 * it that an editor shows has reloaded: VS Code notices such changes asynchronously. A document no
 * tab shows is checked against the disk again when it is next opened, so it need not be waited for
 * (on a loaded machine its reload can lag far behind).
 */
export async function writeOnDisk(path: string, text: string): Promise<void> {
  writeFileSync(path, text);
  const uri = vscode.Uri.file(path).toString();
  const shown = () =>
    vscode.window.tabGroups.all.some((g) =>
      g.tabs.some((t) => {
        const input = t.input as { uri?: vscode.Uri; modified?: vscode.Uri; original?: vscode.Uri } | undefined;
        return [input?.uri, input?.modified, input?.original].some((u) => u?.toString() === uri);
      }),
    );
  await until(() => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    return !doc || doc.isDirty || doc.getText() === text || !shown();
  }, 20_000, `the editor to reload ${path}`);
}
