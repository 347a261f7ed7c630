/**
 * Which command checks the workspace after a task, when the user has not set one: the project's
 * own type-check or check script, else `tsc` for a TypeScript project, else its lint or tests.
 * Type-checking comes first because it is fast and almost never fails for reasons the agent did
 * not cause.
 */
import { z } from 'zod';
import { decodeText } from '../tools/text';
import type { WorkspaceFs } from '../tools/types';

const PackageJson = z.object({ scripts: z.record(z.string(), z.string()).optional().catch(undefined) }).loose();
const FIRST_SCRIPTS = ['typecheck', 'type-check', 'check', 'tsc'];
const LATER_SCRIPTS = ['lint', 'test'];
/** npm's placeholder for a project without tests. */
const NO_TEST = /no test specified/;

export async function detectCheckCommand(fs: WorkspaceFs): Promise<string | undefined> {
  const scripts = await readScripts(fs);
  const runner = await scriptRunner(fs);
  const first = FIRST_SCRIPTS.find((s) => scripts[s]);
  if (first) return `${runner} ${first}`;
  // --no-install: without a local TypeScript, npx would fetch the unrelated `tsc` package.
  if ((await fs.stat('tsconfig.json'))?.type === 'file') return 'npx --no-install tsc --noEmit';
  const later = LATER_SCRIPTS.find((s) => scripts[s] && !NO_TEST.test(scripts[s]));
  return later ? `${runner} ${later}` : undefined;
}

async function readScripts(fs: WorkspaceFs): Promise<Record<string, string>> {
  if ((await fs.stat('package.json'))?.type !== 'file') return {};
  const decoded = decodeText(await fs.readFile('package.json'));
  if (decoded.kind !== 'text') return {};
  try {
    return PackageJson.parse(JSON.parse(decoded.text)).scripts ?? {};
  } catch {
    return {};
  }
}

/** The package manager the lockfile says the project uses. */
async function scriptRunner(fs: WorkspaceFs): Promise<string> {
  if (await fs.stat('pnpm-lock.yaml')) return 'pnpm run';
  if (await fs.stat('yarn.lock')) return 'yarn run';
  if ((await fs.stat('bun.lockb')) || (await fs.stat('bun.lock'))) return 'bun run';
  return 'npm run';
}

/**
 * The check command a run may use. A value set by the workspace's own settings
 * (`.vscode/settings.json`, which the workspace's files control) runs only once the user has
 * approved that exact value for this workspace (`approved`); until then, and whenever it
 * changes, the run uses the detected command instead (`command: ''`) and the user is asked.
 * Values from user settings are the user's own and run as set.
 */
export function checkCommandToRun(setting: { value: string; fromWorkspace: boolean }, approved: string | undefined): { command: string; askApproval: boolean } {
  const value = setting.value.trim();
  if (!setting.fromWorkspace || value === '' || approved === value) return { command: value, askApproval: false };
  return { command: '', askApproval: true };
}
