/**
 * Which shell runs `run_command` lines and the check command, chosen so the judge's grammar is
 * the grammar that runs: bash by its absolute path where it is installed (never whatever `sh`
 * is — dash on Debian and Ubuntu), cmd.exe on Windows. Without bash, lines run under `/bin/sh`
 * and the judge allows nothing there without asking.
 */
export interface ShellChoice {
  /** The grammar the judge applies (CommandPolicy.shell). */
  grammar: 'bash' | 'cmd' | 'sh';
  /** Node's `spawn` `shell` option: a shell's path, or `true` for the platform default (cmd.exe). */
  spawnShell: string | true;
}

export const BASH_PATHS = ['/bin/bash', '/usr/bin/bash', '/usr/local/bin/bash', '/opt/homebrew/bin/bash'];

export function chooseShell(platform: NodeJS.Platform, exists: (path: string) => boolean): ShellChoice {
  if (platform === 'win32') return { grammar: 'cmd', spawnShell: true };
  const bash = BASH_PATHS.find(exists);
  return bash ? { grammar: 'bash', spawnShell: bash } : { grammar: 'sh', spawnShell: '/bin/sh' };
}
