/**
 * The Debian packages the offline host needs besides Node and npm: Chromium (the browser that
 * drives the workbench) and, to build code-server's native module once, `libkrb5-dev` and
 * `pkg-config`. Like Playwright's `install --with-deps`, provisioning installs what is missing
 * itself when it can (as root, or through passwordless sudo) and says what it installs; when it
 * cannot, it stops with the one command to run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface SystemPackage {
  /** Debian package name. */
  name: string;
  /** Whether the package is needed on this run (libkrb5-dev only while code-server still has to be built). */
  needed: boolean;
}

/** What this machine offers for installing packages. */
export interface InstallAbility {
  /** `dpkg`/`apt-get` exist (Debian or Ubuntu). */
  apt: boolean;
  root: boolean;
  /** `sudo -n true` succeeds. */
  passwordlessSudo: boolean;
}

export type InstallPlan =
  | { kind: 'nothing' }
  | { kind: 'install'; packages: string[]; steps: string[][] }
  | { kind: 'manual'; packages: string[]; command: string; why: string };

/** Decides how to get the missing packages: pure, so every branch has a unit test. */
export function planInstall(missing: readonly string[], ability: InstallAbility): InstallPlan {
  if (missing.length === 0) return { kind: 'nothing' };
  const packages = [...missing];
  const command = `sudo apt-get update && sudo apt-get install -y ${packages.join(' ')}`;
  if (!ability.apt) {
    return { kind: 'manual', packages, command, why: 'this is not a Debian-based system (no apt-get): install the equivalent packages with your package manager' };
  }
  if (!ability.root && !ability.passwordlessSudo) {
    return { kind: 'manual', packages, command, why: 'installing them needs root, and sudo asks for a password' };
  }
  const prefix = ability.root ? [] : ['sudo', '-n'];
  return {
    kind: 'install',
    packages,
    steps: [
      [...prefix, 'apt-get', 'update', '-qq'],
      [...prefix, 'apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages],
    ],
  };
}

function succeeds(cmd: string, args: string[]): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

/** Whether a Debian package is installed (`dpkg -s` reports "install ok installed"). */
function dpkgInstalled(name: string): boolean {
  const res = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return res.status === 0 && res.stdout.includes('install ok installed');
}

export function installAbility(): InstallAbility {
  return {
    apt: existsSync('/usr/bin/apt-get') && existsSync('/usr/bin/dpkg-query'),
    root: typeof process.getuid === 'function' && process.getuid() === 0,
    passwordlessSudo: succeeds('sudo', ['-n', 'true']),
  };
}

/**
 * Installs the missing packages when this machine allows it, or throws with the one command to
 * run. `chromiumPath` is where the browser is expected (a custom AGENT_CHROMIUM counts as present).
 */
export function ensureSystemPackages(wanted: readonly SystemPackage[], chromiumPath: string, log: (line: string) => void): void {
  const ability = installAbility();
  const present = (name: string): boolean => {
    if (name === 'chromium' && existsSync(chromiumPath)) return true;
    return ability.apt ? dpkgInstalled(name) : false;
  };
  const missing = wanted.filter((p) => p.needed && !present(p.name)).map((p) => p.name);
  const plan = planInstall(missing, ability);
  if (plan.kind === 'nothing') return;
  if (plan.kind === 'manual') {
    throw new Error(`The offline VS Code host needs ${plan.packages.join(', ')}, which ${plan.packages.length === 1 ? 'is' : 'are'} not installed, and ${plan.why}. Run:\n  ${plan.command}`);
  }
  log(`Installing Debian packages the offline VS Code host needs: ${plan.packages.join(', ')} (apt-get, once)…`);
  for (const step of plan.steps) {
    const res = spawnSync(step[0], step.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (res.status !== 0) {
      throw new Error(`"${step.join(' ')}" failed (exit ${res.status ?? res.signal}); see the output above. To install by hand:\n  sudo apt-get update && sudo apt-get install -y ${plan.packages.join(' ')}`);
    }
  }
  const still = plan.packages.filter((p) => !present(p));
  if (still.length > 0) throw new Error(`apt-get finished but ${still.join(', ')} still ${still.length === 1 ? 'is' : 'are'} missing.`);
}
