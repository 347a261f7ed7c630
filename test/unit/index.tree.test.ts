// The startup check's folder tree: an unchanged workspace is confirmed without reading a file or
// rewriting the index, a file changed deep down (in place, same size) is found, a deleted folder
// takes its chunks with it, and the hashes survive a reload.
import * as assert from 'node:assert/strict';
import { IgnoreFilter } from '../../src/guards/ignore';
import { CodeIndex } from '../../src/index/codeIndex';
import { ancestorsOf, walkTree } from '../../src/index/folderTree';
import { FlatStore } from '../../src/index/store';
import type { FileStat } from '../../src/tools/types';
import { MemoryFs } from './fakes/memoryFs';
import { MemoryBlobs } from './fakes/indexFakes';

const signal = new AbortController().signal;

/** MemoryFs with mtimes that a test sets, counting the files read. */
class CountingFs extends MemoryFs {
  readonly mtimes = new Map<string, number>();
  reads: string[] = [];
  override async readFile(path: string): Promise<Uint8Array> {
    this.reads.push(path);
    return super.readFile(path);
  }
  override async stat(path: string): Promise<FileStat | undefined> {
    const s = await super.stat(path);
    return s && { ...s, mtime: this.mtimes.get(path) ?? 0 };
  }
}

/** Blobs that count whole-blob writes (meta.json). */
class CountingBlobs extends MemoryBlobs {
  writes = 0;
  override async write(name: string, data: Uint8Array) {
    this.writes++;
    return super.write(name, data);
  }
}

function workspace(): CountingFs {
  const fs = new CountingFs();
  for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) for (let f = 0; f < 4; f++) fs.put(`pkg${a}/src/part${b}/file${f}.ts`, `export const value${a}${b}${f} = ${a + b + f};\n`);
  fs.put('pkg1/src/part2/deep/deeper/target.ts', 'export function oldName() { return 1; }\n');
  fs.put('README.md', '# workspace\n');
  return fs;
}

async function open(fs: CountingFs, blobs: CountingBlobs) {
  const store = await FlatStore.open(blobs, 'gemini-embedding-001', 768);
  const index = new CodeIndex({ fs, ignore: async () => IgnoreFilter.create(), parse: async () => undefined, store, queue: { requestsPerMinute: 1000, sleep: async () => undefined, now: () => 0 } });
  return { store, index };
}

describe('index: the folder tree of the startup check', () => {
  it('confirms an unchanged workspace without reading a file or rewriting the index, also after a reload', async () => {
    const fs = workspace();
    const blobs = new CountingBlobs();
    const { index, store } = await open(fs, blobs);
    await index.refresh(signal);
    assert.equal(fs.reads.length, 38, 'the first refresh reads every file');
    assert.equal(store.paths().length, 38);
    fs.reads = [];
    const writes = blobs.writes;
    await index.refresh(signal);
    assert.deepEqual(fs.reads, []);
    assert.equal(blobs.writes, writes, 'meta.json is not rewritten');
    const reloaded = await open(fs, blobs);
    await reloaded.index.refresh(signal);
    assert.deepEqual(fs.reads, [], 'the hashes were kept with the index');
    assert.equal(reloaded.store.paths().length, 38);
  });

  it('finds a file changed in place deep in the tree (same size, new mtime) and reads only that one', async () => {
    const fs = workspace();
    const { index, store } = await open(fs, new CountingBlobs());
    await index.refresh(signal);
    assert.equal((await index.search('oldName', { limit: 1 }, signal)).hits[0]?.path, 'pkg1/src/part2/deep/deeper/target.ts');
    fs.reads = [];
    const path = 'pkg1/src/part2/deep/deeper/target.ts';
    fs.put(path, 'export function newName() { return 1; }\n');
    fs.mtimes.set(path, 1000);
    await index.refresh(signal);
    assert.deepEqual(fs.reads, [path]);
    assert.match(store.file(path)!.chunks[0].text, /newName/);
    const found = await index.search('newName', { limit: 1 }, signal);
    assert.equal(found.hits[0]?.path, path);
    const old = await index.search('oldName', { limit: 5 }, signal);
    assert.ok(old.hits.every((h) => !h.text.includes('oldName')), 'the lexical index dropped the old chunk');
  });

  it('drops the chunks of a deleted folder, and of files now ignored, without reading the others', async () => {
    const fs = workspace();
    const { index, store } = await open(fs, new CountingBlobs());
    await index.refresh(signal);
    fs.reads = [];
    for (const p of [...fs.files.keys()]) if (p.startsWith('pkg1/')) fs.files.delete(p);
    const { dirs } = fs as unknown as { dirs: Set<string> };
    for (const d of [...dirs]) if (d.startsWith('pkg1')) dirs.delete(d);
    await index.refresh(signal);
    assert.deepEqual(fs.reads, []);
    assert.equal(store.paths().filter((p) => p.startsWith('pkg1/')).length, 0);
    assert.equal(store.paths().length, 25);
    assert.equal((await index.search('oldName', { limit: 5 }, signal)).hits.length, 0);
  });

  it('after a watcher update the next refresh compares that folder again: a file put back as it was is re-read', async () => {
    const fs = workspace();
    const blobs = new CountingBlobs();
    const { index, store } = await open(fs, blobs);
    await index.refresh(signal);
    const path = 'pkg0/src/part0/file0.ts';
    const before = fs.files.get(path)!;
    fs.files.delete(path);
    await index.update([path], signal);
    assert.equal(store.file(path), undefined);
    // Put back as it was (same size and mtime): only a forgotten hash makes the refresh look.
    fs.put(path, before);
    fs.reads = [];
    await index.refresh(signal);
    assert.deepEqual(fs.reads, [path]);
    assert.ok(store.file(path));
  });

  it('hashes a folder by names, sizes, mtimes and child hashes: a change anywhere below changes every folder above', async () => {
    const fs = workspace();
    const first = await walkTree(fs, IgnoreFilter.create(), new Map(), signal);
    assert.equal(first.changed.length, first.hashes.size, 'with no hashes kept, every folder is compared');
    const again = await walkTree(fs, IgnoreFilter.create(), first.hashes, signal);
    assert.deepEqual(again.changed, []);
    fs.mtimes.set('pkg1/src/part2/deep/deeper/target.ts', 5);
    const moved = await walkTree(fs, IgnoreFilter.create(), first.hashes, signal);
    assert.deepEqual(moved.changed.map((c) => c.dir).sort(), ancestorsOf('pkg1/src/part2/deep/deeper/target.ts').sort());
  });
});
