/**
 * The workspace folders as the agent names them. With one folder, paths are relative to it, as
 * they always were. With several, every path starts with its folder's name (`api/src/main.ts`),
 * and the top of the workspace is a virtual folder that holds only the folders. Pure: the
 * adapters give it each folder's name (VS Code's `WorkspaceFolder.name`) and absolute path.
 */

/** One workspace folder: its name in VS Code and its absolute path (or URI path), `/` separated. */
export interface FolderInput {
  name: string;
  path: string;
}

/** A folder as the agent names it: `name` is unique in the workspace and a plain path segment. */
export interface Root {
  name: string;
  path: string;
  index: number;
}

/** A workspace path split into its folder and the path inside it (`.` for the folder itself). */
export interface FolderPath {
  root: Root;
  rel: string;
}

export class WorkspaceRoots {
  readonly roots: readonly Root[];

  private constructor(roots: Root[]) {
    this.roots = roots;
  }

  /**
   * Names are made plain path segments (no `/`, `\`, `:`, `~`, control characters, trailing dots
   * or spaces, which the path guard refuses) and unique regardless of case: a later folder whose
   * name is taken gets `-2`, `-3`… in the order VS Code lists the folders, so the same workspace
   * always gives the same names.
   */
  static create(folders: readonly FolderInput[]): WorkspaceRoots {
    const taken = new Set<string>();
    const roots = folders.map((f, index) => {
      const base = plainName(f.name);
      let name = base;
      for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}-${n}`;
      taken.add(name.toLowerCase());
      return { name, path: f.path.replace(/\\/g, '/'), index };
    });
    return new WorkspaceRoots(roots);
  }

  /** More than one folder: paths carry the folder's name. */
  get multi(): boolean {
    return this.roots.length > 1;
  }

  get names(): string[] {
    return this.roots.map((r) => r.name);
  }

  /**
   * The folder a workspace path (already normalised: `/` separators, no `.`/`..`) lies in, and
   * the path inside it. `undefined` for the virtual top (`.`) of a multi-root workspace and for a
   * name that is no folder's (exact case only, so one path never means two things).
   */
  split(path: string): FolderPath | undefined {
    if (this.roots.length === 0) return undefined;
    if (!this.multi) return { root: this.roots[0], rel: path === '' ? '.' : path };
    const [head, ...rest] = path.split('/');
    const root = this.roots.find((r) => r.name === head);
    if (!root) return undefined;
    return { root, rel: rest.length === 0 || rest.join('/') === '' ? '.' : rest.join('/') };
  }

  /** The workspace path of `rel` (a path inside `root`). */
  join(root: Root, rel: string): string {
    const clean = rel.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\.$/, '');
    if (!this.multi) return clean === '' ? '.' : clean;
    return clean === '' ? root.name : `${root.name}/${clean}`;
  }

  /** The absolute path of a workspace path, or `undefined` (see `split`). */
  toAbsolute(path: string): string | undefined {
    const s = this.split(path);
    if (!s) return undefined;
    return s.rel === '.' ? s.root.path : `${s.root.path.replace(/\/+$/, '')}/${s.rel}`;
  }

  /**
   * The workspace path of an absolute path, or `undefined` outside every folder. A folder nested
   * in another claims its own files (the deepest folder wins), as VS Code's own lookup does.
   */
  fromAbsolute(absolute: string): string | undefined {
    const target = absolute.replace(/\\/g, '/');
    let best: Root | undefined;
    for (const r of this.roots) {
      const base = r.path.replace(/\/+$/, '');
      if ((target === base || target.startsWith(`${base}/`)) && (!best || base.length > best.path.replace(/\/+$/, '').length)) best = r;
    }
    if (!best) return undefined;
    return this.join(best, target.slice(best.path.replace(/\/+$/, '').length + 1));
  }

  /** Why a path names no folder, in words for the model. */
  unknownFolder(path: string): string {
    const head = path.split('/')[0];
    return `"${head}" is not a workspace folder; paths start with one of: ${this.names.join(', ')}`;
  }
}

function plainName(name: string): string {
  const plain = name
    .replace(/[\\/:~\u0000-\u001f*?"<>|]/g, '-')
    .trim()
    .replace(/[. ]+$/, '');
  return plain === '' || plain === '.' || plain === '..' ? 'folder' : plain;
}

/** What the model is told before the tree of a multi-root workspace (nothing with one folder). */
export function foldersNote(folders: readonly string[] | undefined): string {
  if (!folders || folders.length < 2) return '';
  return (
    `This workspace has ${folders.length} folders: ${folders.join(', ')}. Every path starts with its folder's name ` +
    `(${folders[0]}/src/index.ts), in every tool; run_command needs cwd, the folder to run in.\n`
  );
}
