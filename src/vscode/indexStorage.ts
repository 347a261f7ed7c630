/** Blobs of the codebase index as files in a folder under the extension's workspace storage. */
import { appendFile, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobStorage } from '../index/types';

export class FolderBlobs implements BlobStorage {
  constructor(private readonly dir: string) {}

  async read(name: string): Promise<Uint8Array | undefined> {
    return readFile(join(this.dir, name)).catch(() => undefined);
  }

  /** Written beside and renamed over, so a crash never leaves half a file. */
  async write(name: string, data: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `${name}.tmp`);
    await writeFile(tmp, data);
    await rename(tmp, join(this.dir, name));
  }

  async append(name: string, data: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(join(this.dir, name), data);
  }

  async delete(name: string): Promise<void> {
    await rm(join(this.dir, name), { force: true });
  }
}
