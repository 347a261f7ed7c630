/**
 * The real host for the activation and streaming rows: VS Code (code-server) with the packaged
 * .vsix, extra unpacked extensions if asked, a small workspace, and headless Chromium on its
 * workbench. Everything started here is stopped again by process id, whatever happens.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDir, provision } from '../host/provision';
import { openWorkbench, startServer, type OpenBrowser, type RunningServer, type ServerOptions } from '../host/server';
import { hostSettings } from '../host/settings';

export interface Host {
  server: RunningServer;
  browser: OpenBrowser;
  tmp: string;
}

/** Why the host cannot run here, or `undefined` when it can. */
export function hostMissing(root: string): string | undefined {
  if (!existsSync(join(cacheDir(), 'installed.json'))) return 'the offline VS Code is not provisioned (npm run test:integration does it once)';
  if (!existsSync(join(root, 'dist', 'gemini-coding-agent.vsix'))) return 'no .vsix (npm run package failed)';
  return undefined;
}

export async function withHost<T>(
  root: string,
  options: { settings?: Record<string, unknown>; env?: NodeJS.ProcessEnv; extraExtensions?: ServerOptions['extraExtensions']; log: (line: string) => void },
  fn: (host: Host) => Promise<T>,
): Promise<T> {
  const install = provision(options.log);
  const tmp = mkdtempSync(join(tmpdir(), 'agent-bench-host-'));
  const workspace = join(tmp, 'workspace');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'README.md'), '# A small folder to open\n');
  let server: RunningServer | undefined;
  let browser: OpenBrowser | undefined;
  try {
    server = await startServer({
      install,
      root: tmp,
      workspace,
      vsix: join(root, 'dist', 'gemini-coding-agent.vsix'),
      extraExtensions: options.extraExtensions,
      settings: hostSettings(options.settings ?? {}),
      env: options.env ?? {},
    });
    browser = await openWorkbench(server.workspaceUrl);
    return await fn({ server, browser, tmp });
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}
