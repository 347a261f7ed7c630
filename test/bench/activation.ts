/**
 * Activation and sizes. `npm run bench` packages first (production bundles and the .vsix, so every
 * row measures what users install); the sizes are read from dist/. Activation is timed in the real host: VS Code (code-server) with the .vsix
 * installed and a tiny bench extension beside it that activates ours and records what our
 * `activate()` reports (its own wall time, `AgentApi.activationMs`) and how long `activate()` on
 * the extension took from outside (including loading the bundle). Each window reload starts a new
 * extension host, so a few reloads give a few samples.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../host/server';
import { hostMissing, withHost } from './host';
import { bytes, median, ms, notMeasured, type Row } from './table';

const SAMPLES = 3;
const EXTENSION_ID = 'gca-team.gemini-coding-agent';

interface Sample {
  wasActive: boolean;
  wallMs?: number;
  activationMs?: number;
  error?: string;
}

const benchDriver = {
  id: 'gca-bench.agent-bench-driver-0.0.1',
  files: {
    'package.json': JSON.stringify({
      name: 'agent-bench-driver',
      publisher: 'gca-bench',
      version: '0.0.1',
      engines: { vscode: '^1.90.0' },
      activationEvents: ['onStartupFinished'],
      main: './extension.js',
    }),
    'extension.js': `
exports.activate = async function () {
  const out = process.env.BENCH_ACTIVATION_RESULTS;
  if (!out) return;
  const ext = require('vscode').extensions.getExtension(${JSON.stringify(EXTENSION_ID)});
  const record = { wasActive: Boolean(ext && ext.isActive) };
  try {
    const t0 = performance.now();
    const api = await ext.activate();
    record.wallMs = performance.now() - t0;
    record.activationMs = api && api.activationMs;
  } catch (err) {
    record.error = String(err && err.stack || err);
  }
  require('fs').appendFileSync(out, JSON.stringify(record) + '\\n');
};
exports.deactivate = function () {};
`,
  },
};

export function packageSizes(root: string): Row {
  if (!existsSync(join(root, 'dist', 'gemini-coding-agent.vsix'))) return notMeasured('package sizes', '.vsix < 2 MB', 'no .vsix: run it as npm run bench, which packages first');
  const size = (p: string) => statSync(join(root, p)).size;
  const vsix = size('dist/gemini-coding-agent.vsix');
  return {
    figure: 'package sizes (production build)',
    measured: `.vsix ${bytes(vsix)}`,
    baseline: `extension.js ${bytes(size('dist/extension.js'))}, webview.js ${bytes(size('dist/webview.js'))}`,
    ratio: '—',
    aim: '.vsix < 2 MB',
    ok: vsix < 2 * 1024 * 1024,
  };
}

export async function activation(root: string, log: (line: string) => void): Promise<Row> {
  const figure = 'activation (real host, activate())';
  const aim = '< 20 ms';
  const missing = hostMissing(root);
  if (missing) return notMeasured(figure, aim, missing);
  const results = join(mkdtempSync(join(tmpdir(), 'agent-bench-activation-')), 'activation.jsonl');
  const samples = () => (existsSync(results) ? readFileSync(results, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Sample) : []);
  try {
    const list = await withHost(root, { extraExtensions: [benchDriver], env: { BENCH_ACTIVATION_RESULTS: results }, log }, async ({ server, browser }) => {
      for (let i = 1; i <= SAMPLES; i++) {
        if (i > 1) {
          await browser.page.reload();
          await browser.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        }
        await waitFor(() => samples().length >= i, 90_000, () => `the bench extension did not report activation ${i}; server output:\n${server.output().slice(-2000)}`);
      }
      return samples();
    });
    return summarise(figure, aim, list);
  } finally {
    rmSync(join(results, '..'), { recursive: true, force: true });
  }
}

function summarise(figure: string, aim: string, list: Sample[]): Row {
  const failed = list.find((s) => s.error);
  if (failed) return notMeasured(figure, aim, `activation failed: ${failed.error?.split('\n')[0]}`);
  const inside = list.map((s) => s.activationMs).filter((x): x is number => typeof x === 'number');
  if (inside.length === 0) return notMeasured(figure, aim, 'the extension does not report activationMs');
  const fresh = list.filter((s) => !s.wasActive && typeof s.wallMs === 'number').map((s) => s.wallMs as number);
  const measured = median(inside);
  return {
    figure,
    measured: `${ms(measured)} in activate() (median of ${inside.length} host starts)`,
    baseline: fresh.length > 0 ? `${ms(median(fresh))} incl. loading the bundle` : '—',
    ratio: '—',
    aim,
    ok: measured < 20,
  };
}
