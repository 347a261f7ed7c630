/** Fakes for the codebase index: blobs in a Map, and an embedder that counts what it embeds. */
import { embedText as emulatorVector } from '../../emulator';
import type { BlobStorage, Embedder } from '../../../src/index/types';
import { normalise } from '../../../src/index/store';

export class MemoryBlobs implements BlobStorage {
  readonly blobs = new Map<string, Uint8Array>();
  async read(name: string) {
    return this.blobs.get(name);
  }
  async write(name: string, data: Uint8Array) {
    this.blobs.set(name, data.slice());
  }
  async append(name: string, data: Uint8Array) {
    const old = this.blobs.get(name) ?? new Uint8Array();
    const both = new Uint8Array(old.length + data.length);
    both.set(old);
    both.set(data, old.length);
    this.blobs.set(name, both);
  }
  async delete(name: string) {
    this.blobs.delete(name);
  }
}

/** The emulator's bag-of-words vectors, in process; records every text it embeds. */
export class CountingEmbedder implements Embedder {
  readonly maxBatch = 100;
  readonly dimensions = 768;
  readonly embedded: string[] = [];
  calls = 0;
  async embedDocuments(texts: string[]) {
    this.calls++;
    this.embedded.push(...texts);
    return texts.map((t) => normalise(emulatorVector(t).slice(0, this.dimensions)));
  }
  async embedQuery(text: string) {
    return normalise(emulatorVector(text).slice(0, this.dimensions));
  }
}
