/**
 * The rules files a project can hold, and reading one of them within the guards: a file the
 * sensitive list or an ignore file covers is never read, nor one that is not text.
 */
import type { IgnoreFilter } from '../guards/ignore';
import { decodeText } from '../tools/text';
import type { WorkspaceFs } from '../tools/types';

/** What discovery needs of the workspace. */
export type RulesFs = Pick<WorkspaceFs, 'stat' | 'readFile' | 'readDirectory'>;

export const AGENTS_MD = 'AGENTS.md';
export const GEMINI_MD = 'GEMINI.md';
export const COPILOT_INSTRUCTIONS = '.github/copilot-instructions.md';
export const INSTRUCTIONS_DIR = '.github/instructions';
export const INSTRUCTIONS_SUFFIX = '.instructions.md';

/** Larger files are not read at all: rules that long are not rules. */
const MAX_FILE_BYTES = 512 * 1024;

export type ReadResult = { kind: 'text'; text: string } | { kind: 'none' };

/**
 * The text of a rules file, or `none` when it is missing, not a file, not text, too large, or one
 * the guards keep the agent from (sensitive, or left out by `.gitignore`/`.agentignore`).
 */
export async function readRulesFile(fs: RulesFs, ignore: IgnoreFilter, path: string, signal: AbortSignal): Promise<ReadResult> {
  if (!mayRead(ignore, path)) return { kind: 'none' };
  try {
    const stat = await fs.stat(path);
    if (stat?.type !== 'file' || stat.size > MAX_FILE_BYTES) return { kind: 'none' };
    const decoded = decodeText(await fs.readFile(path));
    return decoded.kind === 'text' && decoded.text.trim() !== '' ? { kind: 'text', text: decoded.text.replace(/\r\n/g, '\n') } : { kind: 'none' };
  } catch {
    signal.throwIfAborted();
    // Unreadable (a link out of the workspace, no permission): the run goes on without it.
    return { kind: 'none' };
  }
}

/** The guards' say on a rules file: neither sensitive nor ignored, and no ignored folder on the way. */
export function mayRead(ignore: IgnoreFilter, path: string): boolean {
  if (ignore.isSensitive(path)) return false;
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) if (ignore.isHidden(segments.slice(0, i).join('/'), true)) return false;
  return !ignore.isHidden(path, false);
}

/** The `.instructions.md` files directly in `.github/instructions`, sorted; none when the folder is missing. */
export async function instructionFiles(fs: RulesFs, ignore: IgnoreFilter, signal: AbortSignal): Promise<string[]> {
  try {
    const stat = await fs.stat(INSTRUCTIONS_DIR);
    if (stat?.type !== 'directory') return [];
    const entries = await fs.readDirectory(INSTRUCTIONS_DIR);
    return entries
      .filter(([name, type]) => type === 'file' && name.endsWith(INSTRUCTIONS_SUFFIX))
      .map(([name]) => `${INSTRUCTIONS_DIR}/${name}`)
      .filter((p) => mayRead(ignore, p))
      .sort();
  } catch {
    signal.throwIfAborted();
    return [];
  }
}

/** The folders above a workspace-relative file, nearest first, the root (`''`) last. */
export function foldersAbove(path: string): string[] {
  const segments = path.split('/').slice(0, -1);
  const out: string[] = [];
  for (let i = segments.length; i >= 1; i--) out.push(segments.slice(0, i).join('/'));
  out.push('');
  return out;
}

export function inFolder(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}
