/**
 * The offline integration run: a real VS Code (code-server) with the packaged .vsix installed,
 * the Gemini emulator, and headless Chromium. First the in-host suites run inside the extension
 * host (through the driver extension), then the workbench suites drive the UI from here.
 * Prints every result and a closing `N passed, N failed` line.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Mocha from 'mocha';
import { startEmulator, type Emulator } from '../emulator';
import { driverExtension } from './driver';
import { provision } from './provision';
import { openWorkbench, startServer, waitFor } from './server';
import { runCommand, setWorkbench, workbench } from './workbench';
import { hostSettings } from './settings';
import type { TestRecord } from '../integration/index';

const root = resolve(__dirname, '..', '..', '..');
const vsix = join(root, 'dist', 'gemini-coding-agent.vsix');
const artifacts = join(root, 'test-results');

async function main(): Promise<number> {
  const install = provision();
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm run package" first.`);
  mkdirSync(artifacts, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'agent-it-'));
  const workspace = join(tmp, 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
  const resultsFile = join(tmp, 'in-host-results.json');
  const emulator = await startEmulator({});
  const server = await startServer({
    install,
    root: tmp,
    workspace,
    vsix,
    extraExtensions: [driverExtension],
    settings: hostSettings({ 'geminiAgent.apiBaseUrl': emulator.baseUrl, 'workbench.colorTheme': 'Default Dark Modern' }),
    env: {
      AGENT_TEST_ENTRY: join(root, 'out', 'test', 'integration', 'index.js'),
      AGENT_TEST_RESULTS: resultsFile,
      AGENT_EMULATOR_URL: emulator.baseUrl,
      AGENT_TEST_WORKSPACE: workspace,
      GEMINI_API_KEY: 'test-key',
    },
    log: console.log,
  });
  const records: TestRecord[] = [];
  let browser: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  try {
    browser = await openWorkbench(server.workspaceUrl);
    const page = browser.page;
    console.log('In-host suites running inside the extension host…');
    await waitFor(() => existsSync(resultsFile), 20 * 60_000, () => `The in-host suites did not report. Server output:\n${server.output().slice(-5000)}`);
    records.push(...(JSON.parse(readFileSync(resultsFile, 'utf8')) as TestRecord[]).map((r) => ({ ...r, title: `[host] ${r.title}` })));
    setWorkbench({
      page,
      emulator,
      workspace,
      reload: async () => {
        await page.reload({ timeout: 120_000 });
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      },
      setTheme: async (theme) => {
        await runCommand(page, theme === 'light' ? 'Agent Test: Light Theme' : 'Agent Test: Dark Theme');
        const wanted = theme === 'light' ? 'vs' : 'vs-dark';
        await page.waitForFunction((cls) => document.querySelector('.monaco-workbench')?.classList.contains(cls) === true, wanted, { timeout: 20_000 });
      },
      screenshot: async (name) => {
        const file = join(artifacts, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
    });
    records.push(...(await runWorkbenchSuites()));
  } catch (err) {
    records.push({ title: 'integration host', state: 'failed', error: String(err instanceof Error ? err.stack : err) });
    await browser?.page.screenshot({ path: join(artifacts, 'host-failure.png') }).catch(() => undefined);
  } finally {
    await browser?.close().catch(() => undefined);
    await server.close();
    await emulator.close();
    if (!process.env.AGENT_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  }
  records.push(...rejectionRecords(emulator, 'integration host'));
  const grep = process.env.AGENT_TEST_GREP;
  if (!grep || new RegExp(grep).test(RESTRICTED_SUITE)) records.push(...(await restrictedPass(install)));
  if (!grep || new RegExp(grep).test(MULTI_ROOT_SUITE)) records.push(...(await multiRootPass(install)));
  return report(records);
}

/** The in-host suite that runs only in the Restricted Mode pass (`test/integration/host/restricted.test.ts`). */
const RESTRICTED_SUITE = 'Restricted Mode';

/** The in-host suite that runs only in the multi-root pass (`test/integration/host/multiRoot.test.ts`). */
const MULTI_ROOT_SUITE = 'Multi-root workspace';

/**
 * A second VS Code with Workspace Trust on and a folder nobody trusted, so it opens in Restricted
 * Mode as it would for a user; only the Restricted Mode suite runs in it.
 */
async function restrictedPass(install: ReturnType<typeof provision>): Promise<TestRecord[]> {
  return separatePass(install, {
    label: 'Restricted Mode',
    tag: 'restricted',
    suite: RESTRICTED_SUITE,
    prepare: (tmp) => {
      const workspace = join(tmp, 'workspace');
      cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
      return workspace;
    },
    workspaceTrust: true,
    settings: {
      'security.workspace.trust.enabled': true,
      'security.workspace.trust.startupPrompt': 'never',
      'security.workspace.trust.banner': 'never',
    },
    env: { AGENT_TEST_RESTRICTED: '1' },
  });
}

/**
 * A VS Code on a `.code-workspace` file with two folders, `web` (the sample workspace) and `api`
 * (test/fixtures/second-folder); only the multi-root suite runs in it.
 */
async function multiRootPass(install: ReturnType<typeof provision>): Promise<TestRecord[]> {
  return separatePass(install, {
    label: 'Multi-root',
    tag: 'multi-root',
    suite: MULTI_ROOT_SUITE,
    prepare: (tmp) => {
      cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), join(tmp, 'web'), { recursive: true });
      cpSync(join(root, 'test', 'fixtures', 'second-folder'), join(tmp, 'api'), { recursive: true });
      const file = join(tmp, 'two.code-workspace');
      writeFileSync(file, JSON.stringify({ folders: [{ path: 'web' }, { path: 'api' }], settings: {} }, null, 2));
      return file;
    },
    env: { AGENT_TEST_MULTIROOT: '1' },
  });
}

interface PassOptions {
  /** For messages and the failure record ("<label> host"). */
  label: string;
  /** Prefix of the pass's test titles: `[tag] …`. */
  tag: string;
  /** The only in-host suite that runs (AGENT_TEST_GREP inside the host). */
  suite: string;
  /** Lays out the workspace under `tmp`; returns the folder or `.code-workspace` file to open. */
  prepare(tmp: string): string;
  workspaceTrust?: boolean;
  settings?: Record<string, unknown>;
  env: Record<string, string>;
}

/** One more VS Code, with its own emulator, running one in-host suite on a workspace of its own. */
async function separatePass(install: ReturnType<typeof provision>, o: PassOptions): Promise<TestRecord[]> {
  const tmp = mkdtempSync(join(tmpdir(), `agent-it-${o.tag}-`));
  const workspace = o.prepare(tmp);
  const resultsFile = join(tmp, 'in-host-results.json');
  const emulator = await startEmulator({});
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Awaited<ReturnType<typeof openWorkbench>> | undefined;
  const records: TestRecord[] = [];
  try {
    server = await startServer({
      install,
      root: tmp,
      workspace,
      vsix,
      extraExtensions: [driverExtension],
      workspaceTrust: o.workspaceTrust,
      settings: hostSettings({ 'geminiAgent.apiBaseUrl': emulator.baseUrl, ...o.settings }),
      env: {
        AGENT_TEST_ENTRY: join(root, 'out', 'test', 'integration', 'index.js'),
        AGENT_TEST_RESULTS: resultsFile,
        AGENT_EMULATOR_URL: emulator.baseUrl,
        AGENT_TEST_WORKSPACE: workspace,
        AGENT_TEST_GREP: o.suite,
        GEMINI_API_KEY: 'test-key',
        ...o.env,
      },
      log: console.log,
    });
    browser = await openWorkbench(server.workspaceUrl);
    console.log(`${o.label} suite running inside the extension host…`);
    const output = server.output;
    await waitFor(() => existsSync(resultsFile), 5 * 60_000, () => `The ${o.label} suite did not report. Server output:\n${output().slice(-5000)}`);
    records.push(...(JSON.parse(readFileSync(resultsFile, 'utf8')) as TestRecord[]).map((r) => ({ ...r, title: `[${o.tag}] ${r.title}` })));
  } catch (err) {
    records.push({ title: `${o.label} host`, state: 'failed', error: String(err instanceof Error ? err.stack : err) });
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close();
    await emulator.close();
    if (!process.env.AGENT_KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  }
  return [...records, ...rejectionRecords(emulator, `${o.label} host`)];
}

/**
 * Requests the strict emulator refused as the real API would, that no scenario turn expected
 * (`expectRejection`): one failed record listing them, since a suite may pass while the product
 * quietly retries or shows an error.
 */
function rejectionRecords(emulator: Emulator, pass: string): TestRecord[] {
  const unexpected = emulator.unexpectedRejections();
  if (unexpected.length === 0) return [];
  const lines = unexpected.map((r) => `scenario "${r.scenario}" turn ${r.turn ?? '-'}: ${r.method} ${r.path} → ${r.httpStatus} [${r.rule}] ${r.message.trim()}`);
  return [{ title: `[${pass}] strict emulator: no request the real API would refuse`, state: 'failed', error: `${unexpected.length} unexpected refusal(s):\n${lines.join('\n')}` }];
}

async function runWorkbenchSuites(): Promise<TestRecord[]> {
  const dir = join(__dirname, '..', 'integration', 'workbench');
  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false, grep: process.env.AGENT_TEST_GREP });
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(dir, f));
  const records: TestRecord[] = [];
  await new Promise<void>((done) => {
    const runner = mocha.run(() => done());
    runner.on('pass', (t) => records.push({ title: `[workbench] ${t.fullTitle()}`, state: 'passed', durationMs: t.duration }));
    runner.on('pending', (t) => records.push({ title: `[workbench] ${t.fullTitle()}`, state: 'pending' }));
    runner.on('fail', (t, err: Error) => {
      records.push({ title: `[workbench] ${t.fullTitle()}`, state: 'failed', error: err.stack ?? err.message });
      void workbench().screenshot(`failed-${t.title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
    });
  });
  return records;
}

function report(records: TestRecord[]): number {
  for (const r of records) {
    const mark = r.state === 'passed' ? '✔' : r.state === 'pending' ? '-' : '✘';
    console.log(`  ${mark} ${r.title}${r.durationMs !== undefined ? ` (${r.durationMs} ms)` : ''}`);
    if (r.error) console.log(r.error.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  const passed = records.filter((r) => r.state === 'passed').length;
  const failed = records.filter((r) => r.state === 'failed').length;
  console.log(`integration: ${passed} passed, ${failed} failed`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  },
);
