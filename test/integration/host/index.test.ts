/**
 * The codebase index in a real host: turning the setting on builds the index in the background
 * (embeddings from the emulator), the agent's semantic_search call returns the expected chunk to
 * the model, and a new file is picked up by the watcher.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { emulatorStatus, loadScenario, until } from '../helpers';
import { callTurn, onePlan, textTurn } from '../scenarios';
import { assertScenarioDone, config, freshChat, inRoot, runScenario, toldModel } from '../faults/harness';
import type { AgentApi } from '../../../src/extension';

const LEDGER = `/** Adds a year's compound interest to an account balance. */\nexport function applyCompoundInterest(balance: number, ratePercent: number): number {\n  return balance * (1 + ratePercent / 100);\n}\n`;
const LATER = `export function normaliseShippingAddress(street: string, postcode: string): string {\n  return \`\${street.trim()}, \${postcode.toUpperCase()}\`;\n}\n`;

async function searchUntil(api: AgentApi, query: string, found: (paths: string[]) => boolean, timeoutMs = 30_000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const index = api.index.semantic();
    const hits = index ? (await index.search(query, { limit: 5 }, new AbortController().signal)).hits.map((h) => h.path) : [];
    if (found(hits)) return hits;
    if (Date.now() > end) throw new Error(`semantic search for ${JSON.stringify(query)} still finds ${JSON.stringify(hits)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('codebase index in a real VS Code host', function () {
  this.timeout(120_000);

  before(async () => {
    mkdirSync(inRoot('src', 'billing'), { recursive: true });
    writeFileSync(inRoot('src', 'billing', 'ledger.ts'), LEDGER);
    await loadScenario({ name: 'index build', turns: [] });
    await config().update('index.confirmFirstBuild', false, vscode.ConfigurationTarget.Global);
    await config().update('index.enabled', true, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await config().update('index.enabled', undefined, vscode.ConfigurationTarget.Global);
    await config().update('index.confirmFirstBuild', undefined, vscode.ConfigurationTarget.Global);
    rmSync(inRoot('src', 'billing'), { recursive: true, force: true });
  });

  it('builds the index in the background, and the agent\'s semantic_search returns the chunk to the model', async () => {
    const api = await freshChat();
    await until(() => api.index.state.kind === 'ready', 60_000, `the index to be ready (now ${JSON.stringify(api.index.state)})`);
    const view = await runScenario(api, 'semantic search', [
      onePlan('Find where interest is added'),
      callTurn('semantic_search', { query: 'add compound interest to the balance of an account' }, 'sig-sem'),
      textTurn(['It is applyCompoundInterest in src/billing/ledger.ts.']),
    ], 'where is interest added');
    assert.equal(view.end?.status, 'completed', view.end?.text);
    await assertScenarioDone();
    const response = (await toldModel()).find((r) => r.name === 'semantic_search')?.response as { mode: string; results: Array<{ path: string; lines: string; symbol?: string; code: string }> } | undefined;
    assert.ok(response, 'the model got a semantic_search response');
    assert.equal(response.mode, 'hybrid');
    assert.deepEqual([response.results[0].path, response.results[0].symbol, response.results[0].lines], ['src/billing/ledger.ts', 'applyCompoundInterest', '1-4']);
    assert.match(response.results[0].code, /balance \* \(1 \+ ratePercent \/ 100\)/);
  });

  it('pauses on a 429 for the server\'s delay, shows it, and completes the rebuild', async () => {
    const api = await freshChat();
    await loadScenario({ name: 'index 429', turns: [], embedErrors: ['embed-quota-per-minute'] });
    const states: string[] = [];
    const listening = api.index.onState((s) => states.push(s.kind));
    try {
      await vscode.commands.executeCommand('geminiAgent.index.rebuild');
      await until(() => states.includes('ready'), 60_000, `the rebuilt index to be ready (states ${states.join(', ')})`);
    } finally {
      listening.dispose();
    }
    assert.ok(states.indexOf('paused') >= 0 && states.indexOf('paused') < states.indexOf('ready'), states.join(', '));
    const counts = ((await emulatorStatus()) as unknown as { embedCounts: { batchEmbedContents: number } }).embedCounts;
    assert.ok(counts.batchEmbedContents >= 2, 'the refused batch was sent again');
    const hits = await searchUntil(api, 'compound interest on a balance', (paths) => paths[0] === 'src/billing/ledger.ts');
    assert.equal(hits[0], 'src/billing/ledger.ts');
  });

  it('picks up a new file through the watcher', async () => {
    const api = await freshChat();
    writeFileSync(inRoot('src', 'billing', 'address.ts'), LATER);
    const hits = await searchUntil(api, 'normalise a shipping address', (paths) => paths[0] === 'src/billing/address.ts');
    assert.equal(hits[0], 'src/billing/address.ts');
  });
});
