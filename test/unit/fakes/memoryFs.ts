/** An in-memory workspace folder: files as bytes, folders implied by paths or made explicitly. */
import type { EntryType, FileStat, WorkspaceFs } from '../../../src/tools/types';

export class MemoryFs implements WorkspaceFs {
  readonly files = new Map<string, Uint8Array>();
  private readonly dirs = new Set<string>(['.']);
  writes = 0;

  constructor(initial: Record<string, string | Uint8Array> = {}) {
    for (const [path, content] of Object.entries(initial)) this.put(path, content);
  }

  put(path: string, content: string | Uint8Array): void {
    this.files.set(path, typeof content === 'string' ? new TextEncoder().encode(content) : content);
    this.addParents(path);
  }

  /** Symbolic links: a folder or file path standing for `target` (relative, or `null` for somewhere outside). */
  readonly links = new Map<string, string | null>();

  link(path: string, target: string | null): void {
    this.links.set(path, target);
    this.addParents(path);
  }

  async realPath(path: string): Promise<string> {
    const segments = path === '.' ? [] : path.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      if (!this.links.has(prefix)) continue;
      const target = this.links.get(prefix);
      if (target === null) throw new Error(`"${path}" leads outside the workspace through a symbolic link.`);
      return this.realPath([target, ...segments.slice(i)].join('/'));
    }
    return path;
  }

  mkdir(path: string): void {
    this.dirs.add(path);
    this.addParents(path);
  }

  text(path: string): string | undefined {
    const bytes = this.files.get(path);
    return bytes && new TextDecoder().decode(bytes);
  }

  /** Every file as text, for "nothing else changed" assertions. */
  snapshot(): Record<string, string> {
    return Object.fromEntries([...this.files.keys()].sort().map((p) => [p, this.text(p) as string]));
  }

  async readFile(path: string): Promise<Uint8Array> {
    const bytes = this.files.get(path);
    if (!bytes) throw new Error(`ENOENT: ${path}`);
    return bytes;
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    this.writes++;
    this.put(path, data);
  }

  async delete(path: string): Promise<void> {
    if (!this.files.delete(path)) throw new Error(`ENOENT: ${path}`);
  }

  async stat(path: string): Promise<FileStat | undefined> {
    const bytes = this.files.get(path);
    if (bytes) return { type: 'file', size: bytes.length, mtime: 0 };
    return this.isDir(path) ? { type: 'directory', size: 0, mtime: 0 } : undefined;
  }

  async readDirectory(path: string): Promise<Array<[string, EntryType]>> {
    if (!this.isDir(path)) throw new Error(`ENOTDIR: ${path}`);
    const prefix = path === '.' ? '' : `${path}/`;
    const out = new Map<string, EntryType>();
    for (const file of this.files.keys()) {
      if (!file.startsWith(prefix)) continue;
      const rest = file.slice(prefix.length).split('/');
      out.set(rest[0], rest.length > 1 ? 'directory' : 'file');
    }
    for (const dir of this.dirs) {
      if (dir !== path && dir.startsWith(prefix)) out.set(dir.slice(prefix.length).split('/')[0], 'directory');
    }
    return [...out];
  }

  private isDir(path: string): boolean {
    if (this.dirs.has(path)) return true;
    const prefix = `${path}/`;
    return [...this.files.keys()].some((f) => f.startsWith(prefix));
  }

  private addParents(path: string): void {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) this.dirs.add(segments.slice(0, i).join('/'));
  }
}
