/**
 * `npm run sandbox`: the product in a real VS Code on 127.0.0.1 with a sample workspace. With
 * GEMINI_API_KEY set it talks to Gemini; without one it answers from the emulator's looping demo
 * scenario and the panel says it is an offline demo. Serves until Ctrl+C (SIGINT), SIGTERM or
 * SIGHUP, or until its parent process is gone, then stops everything it started.
 *   --scenario FILE   emulator scenario (the emulator is used even when a key is set)
 *   --workspace DIR   open this folder instead of a fresh copy of the sample workspace
 *   --headless        only print the URL (for scripts); otherwise a Chromium window opens when a display is there
 *   --port N          fixed port for VS Code
 * AGENT_SANDBOX_DIR moves its state (user data, extensions, the sample copy) from .vscode-test/sandbox.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadScenarioFile, startEmulator, type Emulator } from '../emulator';
import { provision } from './provision';
import { openWorkbench, startServer, type OpenBrowser, type RunningServer } from './server';
import { hostSettings } from './settings';

const usage = 'usage: npm run sandbox -- [--scenario FILE] [--workspace DIR] [--headless] [--port N]';

interface Args {
  scenario?: string;
  workspace?: string;
  headless: boolean;
  port?: number;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { headless: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--help' || flag === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (flag === '--headless') out.headless = true;
    else if (flag === '--scenario' && value) out.scenario = resolve(argv[++i]);
    else if (flag === '--workspace' && value) out.workspace = resolve(argv[++i]);
    else if (flag === '--port' && value && /^\d+$/.test(value)) out.port = Number(argv[++i]);
    else if (['--scenario', '--workspace', '--port'].includes(flag)) throw new Error(`${flag} needs a ${flag === '--port' ? 'port number' : 'path'}\n${usage}`);
    else throw new Error(`unexpected argument ${JSON.stringify(flag)}\n${usage}`);
  }
  return out;
}

/** What is running, or starting; closed in reverse order of starting. */
const running: { emulator?: Emulator; server?: Promise<RunningServer>; browser?: OpenBrowser } = {};
let stopping: Promise<void> | undefined;

function stop(exitCode: number): Promise<void> {
  stopping ??= (async () => {
    if (running.server || running.emulator) console.log('\nStopping the sandbox…');
    await running.browser?.close().catch(() => undefined);
    // A server still starting is waited for, so that it is stopped too, not left behind.
    const server = await running.server?.catch(() => undefined);
    const below = server?.process.pid ? descendants(server.process.pid) : [];
    await server?.close();
    await reap(below);
    await running.emulator?.close();
    process.exit(exitCode);
  })();
  return stopping;
}

/** Every process below `pid`, read from /proc (the host runs on Linux only). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // Exited while being listed.
    }
  }
  const out: number[] = [];
  for (let queue = [pid]; queue.length > 0; ) {
    const next = children.get(queue.shift() as number) ?? [];
    out.push(...next);
    queue.push(...next);
  }
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * VS Code's own helpers (the terminal's pty host, the extension host) notice their server is gone
 * and exit a few seconds later; wait for them so the sandbox never exits leaving them behind.
 */
async function reap(pids: number[]): Promise<void> {
  const end = Date.now() + 8000;
  while (pids.some(alive) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
  for (const pid of pids.filter(alive)) {
    console.log(`Process ${pid} of VS Code did not exit; killing it.`);
    process.kill(pid, 'SIGKILL');
  }
}

async function main(): Promise<void> {
  // Registered first: a signal during start-up must still stop whatever has started by then.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));
  // Stopping `npm run sandbox` by its own pid kills the script's shell without passing the signal
  // on; a sandbox whose parent is gone stops too, instead of serving on unseen.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(0), 1000).unref();
  const args = parseArgs(process.argv.slice(2));
  const root = resolve(__dirname, '..', '..', '..');
  const key = process.env.GEMINI_API_KEY?.trim();
  const offline = !key || args.scenario !== undefined;
  const scenario = offline ? loadScenarioFile(args.scenario ?? join(root, 'test', 'fixtures', 'scenarios', 'demo.json')) : undefined;
  const install = provision(console.log, { browser: !args.headless && Boolean(process.env.DISPLAY) });
  const state = resolve(process.env.AGENT_SANDBOX_DIR ?? join(root, '.vscode-test', 'sandbox'));
  mkdirSync(state, { recursive: true });
  let workspace = args.workspace;
  if (!workspace) {
    // A fresh copy each start: the demo's scripted edit is written for the untouched sample.
    workspace = join(state, 'workspace');
    rmSync(workspace, { recursive: true, force: true });
    cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
  }
  if (scenario) {
    running.emulator = await startEmulator({ scenario, log: (line: string) => console.log(`[emulator] ${line}`) });
    console.log(`Gemini emulator: ${running.emulator.baseUrl} (scenario "${scenario.name}", ${scenario.turns.length} turns${scenario.loop ? ', looping' : ''})`);
  }
  const emulator = running.emulator;
  if (stopping) return;
  running.server = startServer({
    install,
    root: state,
    workspace,
    vsix: join(root, 'dist', 'gemini-coding-agent.vsix'),
    // With a real key the product's default holds; the offline demo's script has no next-step turns.
    // The reviewer is on as in the product; the offline demo scripts its one review.
    settings: hostSettings({ 'geminiAgent.agents.reviewer.enabled': true, ...(emulator ? { 'geminiAgent.apiBaseUrl': emulator.baseUrl } : { 'geminiAgent.nextSteps.enabled': true }) }),
    // Offline, a placeholder key: a real one set in the environment never goes to the emulator.
    env: emulator ? { GEMINI_API_KEY: 'offline-demo', GEMINI_AGENT_OFFLINE_DEMO: '1' } : { GEMINI_API_KEY: key, GEMINI_AGENT_OFFLINE_DEMO: '' },
    port: args.port,
  });
  const server = await running.server;
  if (stopping) return;
  server.process.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`VS Code (code-server) exited on its own (${signal ?? `exit code ${code}`}). Its last output:\n${server.output().slice(-3000)}`);
    void stop(1);
  });
  console.log(`\nGemini Coding Agent sandbox (${emulator ? 'offline demo model' : 'talking to Gemini'}), workspace ${workspace}`);
  console.log(`Open: ${server.workspaceUrl}`);
  console.log('Press Ctrl+C to stop.\n');
  if (!args.headless && process.env.DISPLAY) {
    running.browser = await openWorkbench(server.workspaceUrl, { headless: false });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  void stop(1);
});
