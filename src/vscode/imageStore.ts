/**
 * The bytes of images sent in chats, one file per image named by its SHA-256 in the extension's
 * workspace storage: saved chats keep only the reference, so they stay small, and a reload or a
 * chat reopened from the history still sends its images. Without a storage folder (no folder
 * open) they are kept in memory for the session.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const CACHE_ENTRIES = 16;

export class ImageStore {
  /** Recently used images (base64), so each request of a run does not read them again. */
  private readonly cache = new Map<string, string>();

  constructor(private readonly dir: string | undefined) {}

  /** Stores base64 bytes; returns their reference. */
  async save(base64: string): Promise<string> {
    const bytes = Buffer.from(base64, 'base64');
    const ref = createHash('sha256').update(bytes).digest('hex');
    this.remember(ref, base64);
    if (this.dir) {
      await mkdir(this.dir, { recursive: true });
      const tmp = join(this.dir, `${ref}.${process.pid}.tmp`);
      await writeFile(tmp, bytes);
      await rename(tmp, join(this.dir, ref));
    }
    return ref;
  }

  /** The base64 bytes of `ref`, or undefined when they are gone. */
  async load(ref: string): Promise<string | undefined> {
    if (!/^[a-f0-9]{64}$/.test(ref)) return undefined;
    const cached = this.cache.get(ref);
    if (cached !== undefined) {
      this.remember(ref, cached);
      return cached;
    }
    if (!this.dir) return undefined;
    try {
      const base64 = (await readFile(join(this.dir, ref))).toString('base64');
      this.remember(ref, base64);
      return base64;
    } catch {
      return undefined;
    }
  }

  private remember(ref: string, base64: string): void {
    this.cache.delete(ref);
    this.cache.set(ref, base64);
    while (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
  }
}
