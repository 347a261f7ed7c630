/**
 * WorkspaceFs over `vscode.workspace.fs`, rooted at one workspace folder. Paths reaching here were
 * already normalised by the tools; this layer adds what needs I/O: a symlink whose real target
 * lies outside the folder is refused, at read and at write, and writes go to a temporary file
 * renamed into place, so a crash never leaves a truncated file.
 */
import { readlink, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isInside } from '../guards/paths';
import type { EntryType, FileStat, WorkspaceFs } from '../tools/types';

export class VscodeWorkspaceFs implements WorkspaceFs {
  /** The folder's own real path, looked up once: every file operation checks against it. */
  private rootReal: Promise<string> | undefined;

  constructor(private readonly root: vscode.Uri) {}

  uri(relative: string): vscode.Uri {
    const clean = relative.replace(/\\/g, '/').replace(/^\.?\/+/, '');
    if (clean.split('/').includes('..') || path.isAbsolute(relative)) throw new Error(`"${relative}" is outside the workspace.`);
    return clean ? vscode.Uri.joinPath(this.root, clean) : this.root;
  }

  /** An open editor with unsaved changes is what the user sees: proposals are based on it. */
  async readFile(p: string): Promise<Uint8Array> {
    const uri = await this.contained(p);
    const open = vscode.workspace.textDocuments.find((d) => d.isDirty && d.uri.toString() === uri.toString());
    return open ? new TextEncoder().encode(open.getText()) : vscode.workspace.fs.readFile(uri);
  }

  async writeFile(p: string, data: Uint8Array): Promise<void> {
    const uri = await this.contained(p);
    if (uri.scheme !== 'file') return void (await vscode.workspace.fs.writeFile(uri, data));
    const tmp = vscode.Uri.joinPath(uri, '..', `.${path.basename(uri.fsPath)}.agent-${process.pid}-${Date.now()}.tmp`);
    await vscode.workspace.fs.writeFile(tmp, data);
    try {
      await vscode.workspace.fs.rename(tmp, uri, { overwrite: true });
    } catch (err) {
      await vscode.workspace.fs.delete(tmp).then(undefined, () => undefined);
      throw err;
    }
  }

  async delete(p: string): Promise<void> {
    await vscode.workspace.fs.delete(await this.contained(p), { recursive: false, useTrash: false });
  }

  async stat(p: string): Promise<FileStat | undefined> {
    try {
      const s = await vscode.workspace.fs.stat(await this.contained(p));
      return { type: s.type & vscode.FileType.Directory ? 'directory' : 'file', size: s.size, mtime: s.mtime };
    } catch (err) {
      if (err instanceof vscode.FileSystemError && err.code === 'FileNotFound') return undefined;
      throw err;
    }
  }

  async readDirectory(p: string): Promise<Array<[string, EntryType]>> {
    const entries = await vscode.workspace.fs.readDirectory(await this.contained(p));
    return entries
      .filter(([, t]) => (t & vscode.FileType.File) !== 0 || (t & vscode.FileType.Directory) !== 0)
      .map(([name, t]) => [name, t & vscode.FileType.Directory ? 'directory' : 'file']);
  }

  async realPath(p: string): Promise<string> {
    const uri = this.uri(p);
    if (uri.scheme !== 'file') return p;
    return this.resolve(uri, p);
  }

  private async contained(p: string): Promise<vscode.Uri> {
    const uri = this.uri(p);
    if (uri.scheme === 'file') await this.resolve(uri, p);
    return uri;
  }

  /**
   * Resolves symlinks on the way (the target itself may not exist yet) and checks that the real
   * path is inside the folder; returns it relative to the folder, with forward slashes.
   */
  private async resolve(uri: vscode.Uri, p: string): Promise<string> {
    this.rootReal ??= realpath(this.root.fsPath);
    const rootReal = await this.rootReal;
    let probe = uri.fsPath;
    let tail = '';
    // Bounded like the OS's own link resolution (ELOOP), for a chain of links to missing targets.
    for (let hops = 0; hops < 40; hops++) {
      let real: string;
      try {
        real = path.join(await realpath(probe), tail);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
        // A link to something missing still decides where a write lands: follow it by hand.
        const target = await readlink(probe).catch(() => undefined);
        if (target !== undefined) {
          probe = path.resolve(path.dirname(probe), target);
          continue;
        }
        const parent = path.dirname(probe);
        if (parent === probe) return p;
        tail = path.join(path.basename(probe), tail);
        probe = parent;
        continue;
      }
      if (!isInside(rootReal, real)) {
        throw new Error(`"${p}" leads outside the workspace through a symbolic link; the agent only touches files inside the workspace.`);
      }
      return path.relative(rootReal, real).split(path.sep).join('/') || '.';
    }
    throw new Error(`"${p}" goes through too many symbolic links.`);
  }
}
