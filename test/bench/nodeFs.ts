/** A read-mostly WorkspaceFs over a real folder with Node's fs, for the benchmarks. */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { EntryType, FileStat, WorkspaceFs } from '../../src/tools/types';

export class NodeFs implements WorkspaceFs {
  constructor(private readonly root: string) {}

  private full(path: string): string {
    return join(this.root, path);
  }

  async readFile(path: string): Promise<Uint8Array> {
    return fsp.readFile(this.full(path));
  }

  async writeFile(path: string, data: Uint8Array): Promise<void> {
    await fsp.mkdir(join(this.full(path), '..'), { recursive: true });
    await fsp.writeFile(this.full(path), data);
  }

  async delete(path: string): Promise<void> {
    await fsp.rm(this.full(path));
  }

  async stat(path: string): Promise<FileStat | undefined> {
    try {
      const s = await fsp.stat(this.full(path));
      return { type: s.isDirectory() ? 'directory' : 'file', size: s.size, mtime: s.mtimeMs };
    } catch {
      return undefined;
    }
  }

  async readDirectory(path: string): Promise<Array<[string, EntryType]>> {
    const entries = await fsp.readdir(this.full(path), { withFileTypes: true });
    return entries.map((e) => [e.name, e.isDirectory() ? 'directory' : 'file']);
  }
}
