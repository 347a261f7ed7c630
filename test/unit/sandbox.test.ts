// Smoke test of `npm run sandbox -- --headless` without a key: the real VS Code (code-server) with
// the packaged extension, started by out/test/host/sandbox.js, answers on the printed URL, points
// the extension at the emulator playing the looping demo with the offline-demo flag set, and is
// gone, helpers included, after SIGINT. Needs the provisioned host and dist/*.vsix (both made by
// `npm run sandbox` or `npm run test:integration`); skipped until they exist. Linux only, like the host.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir } from '../host/provision';

const root = join(__dirname, '../../..');
const vsix = join(root, 'dist', 'gemini-coding-agent.vsix');
const hostReady = existsSync(join(cacheDir(), 'installed.json')) && existsSync(vsix);

/** Processes whose command line mentions `text` (the test's own state folder). */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc').filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid).flatMap((n) => {
    try {
      return readFileSync(`/proc/${n}/cmdline`, 'utf8').includes(text) ? [Number(n)] : [];
    } catch {
      return [];
    }
  });
}

function environOf(pid: number): Record<string, string> {
  const pairs = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return Object.fromEntries(pairs.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
}

async function waitForLine(child: ChildProcess, output: () => string, pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(output());
    if (m) return m;
    if (child.exitCode !== null || Date.now() > end) assert.fail(`no line matching ${pattern} (exit code ${child.exitCode}); output:\n${output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

(hostReady ? describe : describe.skip)('npm run sandbox -- --headless (offline demo)', function () {
  this.timeout(90_000);
  let state: string;
  let child: ChildProcess | undefined;

  before(() => {
    state = mkdtempSync(join(tmpdir(), 'agent-sandbox-test-'));
  });
  after(() => {
    // Only if the test failed half-way: stop what this test started, by process id.
    if (child?.exitCode === null) child.kill('SIGKILL');
    for (const pid of processesMentioning(state)) process.kill(pid, 'SIGKILL');
    rmSync(state, { recursive: true, force: true });
  });

  it('prints the URL, serves the workbench with the emulator and the offline flag, and stops everything on SIGINT', async () => {
    const workspace = join(state, 'my-folder');
    cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
    const env: NodeJS.ProcessEnv = { ...process.env, AGENT_SANDBOX_DIR: join(state, 'sandbox') };
    delete env.GEMINI_API_KEY;
    delete env.DISPLAY;
    const proc = spawn(process.execPath, [join(root, 'out', 'test', 'host', 'sandbox.js'), '--headless', '--workspace', workspace], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let output = '';
    proc.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    proc.stderr?.on('data', (b: Buffer) => (output += b.toString()));

    const [, url] = await waitForLine(proc, () => output, /^Open: (http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)$/m, 60_000);
    assert.equal(new URL(url).searchParams.get('folder'), workspace, 'opens the --workspace folder');
    const [, emulatorUrl] = await waitForLine(proc, () => output, /^Gemini emulator: (http:\/\/127\.0\.0\.1:\d+)/m, 1000);
    assert.match(output, /offline demo model/);

    const page = await fetch(url, { redirect: 'manual' });
    assert.ok(page.status === 200 || (page.status >= 300 && page.status < 400), `workbench answered ${page.status}`);
    const status = (await (await fetch(`${emulatorUrl}/__emulator/status`)).json()) as { scenario: string; loop: boolean };
    assert.deepEqual([status.scenario, status.loop], ['demo', true]);
    const settings = JSON.parse(readFileSync(join(state, 'sandbox', 'user-data', 'User', 'settings.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(settings['geminiAgent.apiBaseUrl'], emulatorUrl);
    const servers = processesMentioning(state).filter((pid) => pid !== proc.pid);
    assert.ok(servers.length > 0, 'code-server runs with the test\'s state folder');
    const hostEnv = environOf(servers[0]);
    assert.equal(hostEnv.GEMINI_AGENT_OFFLINE_DEMO, '1');
    assert.equal(hostEnv.GEMINI_API_KEY, 'offline-demo');

    const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
    proc.kill('SIGINT');
    assert.equal(await exited, 0, output);
    assert.deepEqual(processesMentioning(state), [], 'no VS Code process is left behind');
    await assert.rejects(fetch(url), 'VS Code no longer listens');
    await assert.rejects(fetch(`${emulatorUrl}/__emulator/status`), 'the emulator no longer listens');
    assert.equal(readFileSync(join(workspace, 'src', 'math.ts'), 'utf8'), readFileSync(join(root, 'test', 'fixtures', 'sample-workspace', 'src', 'math.ts'), 'utf8'));
  });
});
