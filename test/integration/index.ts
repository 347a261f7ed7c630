/**
 * Runs the in-host suites (test/integration/host/*.test.js) inside a real VS Code extension host.
 * Used by @vscode/test-electron as `extensionTestsPath` and by the offline host's driver
 * extension; with AGENT_TEST_RESULTS set, results are also written there as JSON.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

export interface TestRecord {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs?: number;
  error?: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, grep: process.env.AGENT_TEST_GREP });
  const dir = join(__dirname, 'host');
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(dir, f));
  const records: TestRecord[] = [];
  const out = process.env.AGENT_TEST_RESULTS;
  try {
    await new Promise<void>((resolve) => {
      const runner = mocha.run(() => resolve());
      runner.on('pass', (t) => records.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
      runner.on('pending', (t) => records.push({ title: t.fullTitle(), state: 'pending' }));
      runner.on('fail', (t, err: Error) => records.push({ title: t.fullTitle(), state: 'failed', error: `${err.message}\n${err.stack ?? ''}`.slice(0, 4000) }));
    });
  } catch (err) {
    records.push({ title: 'loading the in-host suites', state: 'failed', error: String(err instanceof Error ? err.stack : err) });
  }
  if (out) writeFileSync(out, JSON.stringify(records, null, 2));
  const failed = records.filter((r) => r.state === 'failed').length;
  if (failed > 0 && !out) throw new Error(`${failed} in-host test(s) failed.`);
}
