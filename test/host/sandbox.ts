/**
 * `npm run sandbox`: the product in a real VS Code on 127.0.0.1 with a sample workspace. With
 * GEMINI_API_KEY set it talks to Gemini; without one it answers from the emulator's demo
 * scenario and the panel says it is an offline demo.
 *   --scenario FILE   emulator scenario (implies the offline emulator)
 *   --workspace DIR   open this folder instead of a fresh copy of the sample workspace
 *   --headless        only print the URL (for scripts); otherwise a Chromium window opens when a display is there
 *   --port N          fixed port for VS Code
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startEmulator } from '../emulator';
import { checkChromium, provision } from './provision';
import { openWorkbench, startServer } from './server';
import { hostSettings } from './settings';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const headless = process.argv.includes('--headless');
  const scenarioFile = option('--scenario');
  const key = process.env.GEMINI_API_KEY?.trim();
  const offline = !key || scenarioFile !== undefined;
  const install = provision();
  const state = join(root, '.vscode-test', 'sandbox');
  let workspace = option('--workspace');
  if (workspace) workspace = resolve(workspace);
  else {
    workspace = join(state, 'workspace');
    if (!existsSync(workspace)) cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
  }
  mkdirSync(state, { recursive: true });
  const scenario = JSON.parse(readFileSync(scenarioFile ?? join(root, 'test', 'fixtures', 'scenarios', 'demo.json'), 'utf8'));
  const emulator = offline ? await startEmulator({ scenario, log: (line: string) => console.log(`[emulator] ${line}`) }) : undefined;
  const server = await startServer({
    install,
    root: state,
    workspace,
    vsix: join(root, 'dist', 'gemini-coding-agent.vsix'),
    settings: hostSettings(emulator ? { 'geminiAgent.apiBaseUrl': emulator.baseUrl } : {}),
    env: emulator ? { GEMINI_API_KEY: 'offline-demo', GEMINI_AGENT_OFFLINE_DEMO: '1' } : { GEMINI_API_KEY: key },
    port: option('--port') ? Number(option('--port')) : undefined,
  });
  const stop = async () => {
    await server.close();
    await emulator?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  console.log(`\nGemini Coding Agent sandbox (${offline ? 'offline demo model' : 'talking to Gemini'})`);
  console.log(`Open: ${server.workspaceUrl}`);
  console.log('Press Ctrl+C to stop.\n');
  if (!headless && process.env.DISPLAY) {
    checkChromium();
    await openWorkbench(server.workspaceUrl, { headless: false });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
