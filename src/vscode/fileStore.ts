/**
 * Chats saved as a JSON file in the extension's workspace storage folder. `workspaceState` is
 * flushed by the workbench when it gets round to it, so a window reload right after a run could
 * bring back an older chat; a file written (and renamed into place) by the extension host is on
 * disk when the write resolves.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StateStore } from '../chat/types';

export class FileStateStore implements StateStore {
  private data: Record<string, unknown>;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {
    this.data = FileStateStore.load(file);
  }

  get<T>(key: string): T | undefined {
    return this.data[key] as T | undefined;
  }

  /** Writes are queued so an older snapshot never lands after a newer one. */
  update(key: string, value: unknown): Promise<void> {
    this.data = { ...this.data, [key]: value };
    const text = JSON.stringify(this.data);
    const job = this.writing.then(async () => {
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.file);
    });
    this.writing = job.catch(() => undefined);
    return job;
  }

  private static load(file: string): Record<string, unknown> {
    try {
      mkdirSync(dirname(file), { recursive: true });
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
    } catch {
      // Missing (first run) or unreadable: start empty rather than fail activation.
      return {};
    }
  }
}
