/**
 * Which rules files apply. Two kinds, because the request has a stable part and a growing one:
 * - the root's (`AGENTS.md`, `GEMINI.md`, `.github/copilot-instructions.md`, and instructions
 *   whose `applyTo` matches every file) are read once when a run starts and go into the system
 *   instruction, which every request of the run carries unchanged;
 * - the ones that depend on the files in play (the nearest `AGENTS.md` above a file, `GEMINI.md`
 *   in each folder up to the root, instructions whose `applyTo` matches the file) are found as
 *   tasks name their files, and go into the conversation with the task.
 */
import type { IgnoreFilter } from '../guards/ignore';
import { AGENTS_MD, COPILOT_INSTRUCTIONS, foldersAbove, GEMINI_MD, inFolder, instructionFiles, readRulesFile, type RulesFs } from './files';
import { parseInstructions } from './frontMatter';
import { appliesEverywhere, matchesApplyTo } from './glob';

/** One rules file's text as read (uncut: the caps apply when it is rendered). */
export interface RulesText {
  path: string;
  text: string;
}

interface Scoped extends RulesText {
  applyTo: string[];
}

export class ProjectRules {
  private constructor(
    private readonly fs: RulesFs | undefined,
    private readonly ignore: IgnoreFilter | undefined,
    /** Always-on rules, in a fixed order. */
    readonly root: RulesText[],
    /** Instructions that apply to some files only. */
    private readonly scoped: Scoped[],
  ) {}

  /** No project rules: Restricted Mode, where an untrusted repository must not steer the agent. */
  static none(): ProjectRules {
    return new ProjectRules(undefined, undefined, [], []);
  }

  static async load(fs: RulesFs, ignore: IgnoreFilter, signal: AbortSignal): Promise<ProjectRules> {
    const root: RulesText[] = [];
    for (const path of [AGENTS_MD, GEMINI_MD, COPILOT_INSTRUCTIONS]) {
      const read = await readRulesFile(fs, ignore, path, signal);
      if (read.kind === 'text') root.push({ path, text: read.text });
    }
    const scoped: Scoped[] = [];
    for (const path of await instructionFiles(fs, ignore, signal)) {
      const read = await readRulesFile(fs, ignore, path, signal);
      if (read.kind !== 'text') continue;
      const { applyTo, body } = parseInstructions(read.text);
      if (body.trim() === '' || applyTo.length === 0) continue;
      if (appliesEverywhere(applyTo)) root.push({ path, text: body.trim() });
      else scoped.push({ path, text: body.trim(), applyTo });
    }
    return new ProjectRules(fs, ignore, root, scoped);
  }

  /**
   * The rules for these workspace-relative files that are not among the root's, nearest folder
   * first, each file once; `skip` holds paths already given (they are left out).
   */
  async forFiles(files: readonly string[], skip: ReadonlySet<string>, signal: AbortSignal): Promise<RulesText[]> {
    const { fs, ignore } = this;
    if (!fs || !ignore) return [];
    const seen = new Set([...skip, ...this.root.map((r) => r.path)]);
    const out: RulesText[] = [];
    const add = (r: RulesText) => {
      if (seen.has(r.path)) return;
      seen.add(r.path);
      out.push(r);
    };
    const cache = new Map<string, string | undefined>();
    const read = async (path: string) => {
      if (!cache.has(path)) {
        const r = await readRulesFile(fs, ignore, path, signal);
        cache.set(path, r.kind === 'text' ? r.text : undefined);
      }
      return cache.get(path);
    };
    for (const file of files) {
      const folders = foldersAbove(file).filter((f) => f !== '');
      // AGENTS.md: only the nearest one counts; the root's is already in the system instruction.
      for (const folder of folders) {
        const path = inFolder(folder, AGENTS_MD);
        const text = await read(path);
        if (text === undefined) continue;
        add({ path, text });
        break;
      }
      // GEMINI.md: every one from the file's folder up to the root.
      for (const folder of folders) {
        const path = inFolder(folder, GEMINI_MD);
        const text = await read(path);
        if (text !== undefined) add({ path, text });
      }
      for (const s of this.scoped) if (matchesApplyTo(s.applyTo, file)) add({ path: s.path, text: s.text });
    }
    return out;
  }
}
