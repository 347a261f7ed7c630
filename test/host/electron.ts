/**
 * The same in-host suites in desktop VS Code through @vscode/test-electron. It downloads VS Code,
 * so it needs internet; offline machines use `npm run test:integration` (code-server) instead.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { startEmulator } from '../emulator';
import { hostSettings } from './settings';
import { writeFileSync, mkdirSync } from 'node:fs';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  const tmp = mkdtempSync(join(tmpdir(), 'agent-electron-'));
  const workspace = join(tmp, 'workspace');
  cpSync(join(root, 'test', 'fixtures', 'sample-workspace'), workspace, { recursive: true });
  const emulator = await startEmulator({});
  const userData = join(tmp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(hostSettings({ 'geminiAgent.apiBaseUrl': emulator.baseUrl })));
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: join(root, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`],
      extensionTestsEnv: { AGENT_EMULATOR_URL: emulator.baseUrl, AGENT_TEST_WORKSPACE: workspace, GEMINI_API_KEY: 'test-key' },
    });
    console.log('electron: in-host suites passed');
  } finally {
    await emulator.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
