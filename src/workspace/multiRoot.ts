/**
 * One workspace made of several folders, for the tools: each seam (files, search, commands,
 * problems) is the folders' own adapters behind a path of the form `folder/…`, so every check an
 * adapter makes (symbolic links out of its folder, its own ignore files) is made against the
 * folder the path names. Used only when the workspace has more than one folder; with one, the
 * folder's adapters are used directly and paths stay as they were.
 */
import type { CodeSearch, CommandResult, CommandRunner, Diagnostic, DiagnosticsSource, EntryType, FileStat, SearchMatch, WorkspaceFs } from '../tools/types';
import type { Root, WorkspaceRoots } from './roots';

/** A folder's own adapter, working in paths relative to that folder. */
type Each<T> = (root: Root) => T;

/** Splits a workspace path, or throws saying which folders there are. */
function locate(roots: WorkspaceRoots, path: string): { root: Root; rel: string } {
  const s = roots.split(path.replace(/^(\.\/)+/, ''));
  if (!s) throw new Error(path === '.' || path === '' ? 'The top of a multi-root workspace holds only its folders; name one.' : `${roots.unknownFolder(path)}.`);
  return s;
}

/** The workspace top (`.`) is a folder listing the workspace folders; nothing can be written there. */
export class MultiRootFs implements WorkspaceFs {
  constructor(private readonly roots: WorkspaceRoots, private readonly each: Each<WorkspaceFs>) {}

  async readFile(path: string): Promise<Uint8Array> {
    const { root, rel } = locate(this.roots, path);
    return this.each(root).readFile(rel);
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    const { root, rel } = locate(this.roots, path);
    if (rel === '.') throw new Error(`${path} is a workspace folder, not a file.`);
    return this.each(root).writeFile(rel, data);
  }

  async delete(path: string): Promise<void> {
    const { root, rel } = locate(this.roots, path);
    if (rel === '.') throw new Error(`${path} is a workspace folder; the agent does not delete it.`);
    return this.each(root).delete(rel);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    if (isTop(path)) return { type: 'directory', size: 0, mtime: 0 };
    const s = this.roots.split(path);
    return s ? this.each(s.root).stat(s.rel) : undefined;
  }

  async readDirectory(path: string): Promise<Array<[string, EntryType]>> {
    if (isTop(path)) return this.roots.roots.map((r) => [r.name, 'directory']);
    const { root, rel } = locate(this.roots, path);
    return this.each(root).readDirectory(rel);
  }

  async realPath(path: string): Promise<string> {
    if (isTop(path)) return '.';
    const { root, rel } = locate(this.roots, path);
    const fs = this.each(root);
    return this.roots.join(root, fs.realPath ? await fs.realPath(rel) : rel);
  }
}

/**
 * Searches every folder, or only the one an `include` glob starts with (`api/src/**`); matches
 * come back with their folder's name in front, folder by folder in workspace order.
 */
export class MultiRootSearch implements CodeSearch {
  constructor(private readonly roots: WorkspaceRoots, private readonly each: Each<CodeSearch>) {}

  async search(query: Parameters<CodeSearch['search']>[0], signal: AbortSignal): ReturnType<CodeSearch['search']> {
    const head = query.include?.replace(/\\/g, '/').replace(/^(\.\/)+/, '').split('/');
    const named = head && head.length > 1 ? this.roots.roots.find((r) => r.name === head[0]) : undefined;
    const targets = named ? [{ root: named, include: head!.slice(1).join('/') }] : this.roots.roots.map((root) => ({ root, include: query.include }));
    const matches: SearchMatch[] = [];
    let omitted = 0;
    for (const { root, include } of targets) {
      signal.throwIfAborted();
      const skip = query.skip;
      const found = await this.each(root).search(
        { ...query, include, maxResults: Math.max(0, query.maxResults - matches.length), skip: skip && ((p) => skip(this.roots.join(root, p))) },
        signal,
      );
      matches.push(...found.matches.map((m) => ({ ...m, path: this.roots.join(root, m.path) })));
      omitted += found.omitted;
    }
    return { matches, omitted };
  }
}

/** `cwd` names the folder (and a folder inside it); without one, commands run in the first folder. */
export class MultiRootCommands implements CommandRunner {
  constructor(private readonly roots: WorkspaceRoots, private readonly each: Each<CommandRunner>) {}

  async run(command: { command: string; cwd?: string; timeoutMs: number }, signal: AbortSignal): Promise<CommandResult> {
    const { root, rel } = command.cwd === undefined || isTop(command.cwd) ? { root: this.roots.roots[0], rel: '.' } : locate(this.roots, command.cwd);
    return this.each(root).run({ ...command, cwd: rel === '.' ? undefined : rel }, signal);
  }
}

/** Problems of every folder, named by workspace path. */
export class MultiRootDiagnostics implements DiagnosticsSource {
  constructor(private readonly roots: WorkspaceRoots, private readonly each: Each<DiagnosticsSource>) {}

  get(paths?: string[]): Diagnostic[] {
    const out: Diagnostic[] = [];
    for (const [root, rels] of this.byFolder(paths)) {
      const found = this.each(root).get(rels);
      out.push(...found.map((d) => ({ ...d, path: this.roots.join(root, d.path) })));
    }
    return out;
  }

  async settle(paths: string[], timeoutMs: number, signal: AbortSignal): Promise<void> {
    await Promise.all([...this.byFolder(paths)].map(([root, rels]) => this.each(root).settle(rels ?? [], timeoutMs, signal)));
  }

  /** Paths grouped by folder (paths naming no folder dropped); without paths, every folder. */
  private byFolder(paths: string[] | undefined): Map<Root, string[] | undefined> {
    const out = new Map<Root, string[] | undefined>();
    if (!paths) {
      for (const r of this.roots.roots) out.set(r, undefined);
      return out;
    }
    for (const p of paths) {
      const s = this.roots.split(p);
      if (s) out.set(s.root, [...(out.get(s.root) ?? []), s.rel]);
    }
    return out;
  }
}

function isTop(path: string): boolean {
  return path === '' || path === '.' || /^(\.\/)+\.?$/.test(path);
}
