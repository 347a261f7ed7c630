/**
 * Starts VS Code (code-server) on 127.0.0.1 and a headless Chromium page on its workbench. Every
 * process started here is stopped by `close()`, by its own process id.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, type HostInstall } from './provision';

export interface ServerOptions {
  install: HostInstall;
  /** Folder holding user-data and extensions dirs. */
  root: string;
  /** The folder to open, or a `.code-workspace` file (a multi-root workspace). */
  workspace: string;
  vsix: string;
  /** Unpacked extension folders to place in the extensions dir (test driver). */
  extraExtensions?: Array<{ id: string; files: Record<string, string> }>;
  settings: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
  port?: number;
  log?: (line: string) => void;
  /** Keep Workspace Trust on (the folder then opens in Restricted Mode); off by default. */
  workspaceTrust?: boolean;
}

export interface RunningServer {
  url: string;
  workspaceUrl: string;
  process: ChildProcess;
  output: () => string;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const userData = join(o.root, 'user-data');
  const extensions = join(o.root, 'extensions');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(o.settings, null, 2));
  const base = [o.install.codeServerEntry, '--extensions-dir', extensions, '--user-data-dir', userData];
  const env = { ...process.env, ...o.env, PATH: `${join(o.install.nodeDir, 'bin')}:${process.env.PATH}` };
  const inst = spawnSync(o.install.node, [...base, '--install-extension', o.vsix, '--force'], { env, encoding: 'utf8' });
  if (inst.status !== 0) throw new Error(`Installing ${o.vsix} failed:\n${inst.stdout}\n${inst.stderr}`);
  // Unpacked extensions must also be listed in extensions.json, or VS Code marks them removed.
  const manifest = join(extensions, 'extensions.json');
  const listed = JSON.parse(readFileSync(manifest, 'utf8')) as Array<{ identifier: { id: string } }>;
  for (const ext of o.extraExtensions ?? []) {
    const dir = join(extensions, ext.id);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(ext.files)) writeFileSync(join(dir, name), text);
    const pkg = JSON.parse(ext.files['package.json']) as { publisher: string; name: string; version: string };
    const id = `${pkg.publisher}.${pkg.name}`;
    if (listed.some((e) => e.identifier.id === id)) continue;
    listed.push({
      identifier: { id },
      version: pkg.version,
      location: { $mid: 1, fsPath: dir, external: `file://${dir}`, path: dir, scheme: 'file' },
      relativeLocation: ext.id,
      metadata: { installedTimestamp: Date.now(), source: 'vsix' },
    } as never);
  }
  writeFileSync(manifest, JSON.stringify(listed));
  rmSync(join(extensions, '.obsolete'), { force: true });
  const port = o.port ?? (await freePort());
  const trust = o.workspaceTrust ? [] : ['--disable-workspace-trust'];
  const args = [...base, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', ...trust, '--disable-getting-started-override', o.workspace];
  const child = spawn(o.install.node, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const take = (b: Buffer) => {
    output += b.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => undefined))?.ok === true, 60_000, () => `code-server did not start:\n${output}`);
  o.log?.(`VS Code ${url} (pid ${child.pid})`);
  return {
    url,
    workspaceUrl: `${url}/?${o.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder'}=${encodeURIComponent(o.workspace)}`,
    process: child,
    output: () => output,
    close: () => stop(child),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, message: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(message());
}

export interface OpenBrowser {
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openWorkbench(url: string, opts: { headless?: boolean; colorScheme?: 'dark' | 'light' } = {}): Promise<OpenBrowser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: opts.headless ?? true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, colorScheme: opts.colorScheme ?? 'dark' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  const page = await context.newPage();
  // The first load fetches the whole workbench; on a busy 2-core machine that can take well over 30 s.
  await page.goto(url, { timeout: 120_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  return { browser, page, close: () => browser.close() };
}
