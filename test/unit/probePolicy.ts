/** The policy the command probe corpus (test/fixtures/command-probes.json) is judged under. */
import type { CommandPolicy } from '../../src/guards/commandLine';
import { DEFAULT_DENIED_COMMANDS } from '../../src/guards/lists';

/** Programs the allow list names; the probe test puts a recording stub for each on PATH. */
export const PROBE_PROGRAMS = ['npm', 'git', 'cat', 'ls', 'grep', 'find', 'node', 'python3', 'make'];

export const PROBE_POLICY: CommandPolicy = {
  allow: ['npm test', 'npm run lint', 'git status', 'git diff', 'git log', 'cat', 'ls', 'grep', 'find', 'node', 'python3', 'make'],
  deny: [...DEFAULT_DENIED_COMMANDS, 'curl', 'wget'],
  shell: 'bash',
};
