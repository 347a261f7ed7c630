// The index end to end over an in-memory workspace: incremental refresh by content hash (only
// changed chunks are embedded again), deletions, guards' lists, persistence and resuming, the
// fusion of rankings, and the lexical fallback while no vector is there.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { IgnoreFilter } from '../../src/guards/ignore';
import { Bm25, tokenize } from '../../src/index/bm25';
import { CodeIndex, type BuildEstimate } from '../../src/index/codeIndex';
import { Grammars } from '../../src/index/grammars';
import { indexOffReason } from '../../src/index/policy';
import { fuse, RRF_K, WEIGHTS } from '../../src/index/ranker';
import { FlatStore } from '../../src/index/store';
import type { Embedder } from '../../src/index/types';
import { MemoryFs } from './fakes/memoryFs';
import { CountingEmbedder, MemoryBlobs } from './fakes/indexFakes';

const grammars = new Grammars(join(__dirname, '../../../node_modules/@vscode/tree-sitter-wasm/wasm'));
const signal = new AbortController().signal;

const FILES: Record<string, string> = {
  'src/auth.ts': `/** Checks a password against the stored hash. */\nexport function verifyPassword(password: string, hash: string): boolean {\n  return hashOf(password) === hash;\n}\n\nexport function hashOf(text: string): string {\n  return text.split('').reverse().join('');\n}\n`,
  'src/cart.ts': `export class ShoppingCart {\n  private items: string[] = [];\n  addItem(item: string) {\n    this.items.push(item);\n  }\n}\n`,
  'src/http.py': `def fetch_page(url):\n    return open(url).read()\n`,
  '.env': 'API_TOKEN=secret-value\n',
  'secrets/prod.pem': '-----BEGIN PRIVATE KEY-----\n',
  'logo.png': 'not really a png',
  'package-lock.json': '{}',
};

async function build(fs: MemoryFs, options: { embedder?: Embedder; blobs?: MemoryBlobs; agentignore?: string } = {}) {
  const blobs = options.blobs ?? new MemoryBlobs();
  const store = await FlatStore.open(blobs, 'gemini-embedding-001', 768);
  const index = new CodeIndex({
    fs,
    ignore: async () => IgnoreFilter.create({ agentignore: options.agentignore }),
    parse: (p, t) => grammars.parse(p, t),
    embedder: options.embedder,
    store,
    queue: { requestsPerMinute: 1000, sleep: async () => undefined, now: () => 0 },
  });
  await index.refresh(signal);
  return { index, store, blobs };
}

describe('index: refresh, store and search', () => {
  it('indexes source files but never sensitive, .agentignored, binary-by-name or generated ones', async () => {
    const fs = new MemoryFs({ ...FILES, 'private/notes.md': 'internal plans' });
    const embedder = new CountingEmbedder();
    const { store, index } = await build(fs, { embedder, agentignore: 'private/\n' });
    assert.deepEqual(store.paths().sort(), ['src/auth.ts', 'src/cart.ts', 'src/http.py']);
    assert.ok(!embedder.embedded.some((t) => /secret-value|PRIVATE KEY|internal plans/.test(t)));
    assert.equal(index.state.kind, 'ready');
  });

  it('embeds again only the chunks whose text changed, and drops deleted files', async () => {
    const fs = new MemoryFs(FILES);
    const embedder = new CountingEmbedder();
    const { index, store } = await build(fs, { embedder });
    const first = embedder.embedded.length;
    assert.ok(first >= 4);
    fs.put('src/auth.ts', FILES['src/auth.ts'].replace("reverse().join('')", "reverse().join('-')"));
    fs.delete('src/http.py');
    await index.update(['src/auth.ts', 'src/http.py'], signal);
    assert.equal(embedder.embedded.length, first + 1, 'only hashOf changed');
    assert.match(embedder.embedded[first], /hashOf/);
    assert.ok(!store.paths().includes('src/http.py'));
    fs.delete('src/cart.ts');
    await index.update(['src'], signal);
    assert.ok(store.paths().includes('src/cart.ts'), 'a folder that still exists is left to its files\' own events');
    for (const p of [...fs.files.keys()].filter((p) => p.startsWith('src/'))) fs.delete(p);
    const stat = fs.stat.bind(fs);
    fs.stat = async (p) => (p === 'src' ? undefined : stat(p)); // the folder itself is gone too
    await index.update(['src'], signal);
    assert.deepEqual(store.paths(), [], 'a deleted folder takes its files with it');
    const again = embedder.embedded.length;
    await index.refresh(signal);
    assert.equal(embedder.embedded.length, again, 'a refresh with nothing changed embeds nothing');
  });

  it('keeps the vectors of a build stopped half-way and resumes from there after a reload', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 250; i++) many[`src/f${i}.ts`] = `export function handler${i}(x: number) {\n  return x + ${i};\n}\n`;
    const fs = new MemoryFs(many);
    const blobs = new MemoryBlobs();
    const controller = new AbortController();
    let batches = 0;
    const stopping = new CountingEmbedder();
    const original = stopping.embedDocuments.bind(stopping);
    stopping.embedDocuments = async (texts: string[]) => {
      if (++batches === 2) controller.abort();
      return original(texts);
    };
    const store = await FlatStore.open(blobs, 'gemini-embedding-001', 768);
    const index = new CodeIndex({ fs, ignore: async () => IgnoreFilter.create(), parse: (p, t) => grammars.parse(p, t), embedder: stopping, store, queue: { requestsPerMinute: 1000, sleep: async () => undefined, now: () => 0 } });
    await index.refresh(controller.signal).catch(() => undefined);
    assert.equal(store.vectorCount, 200, 'two batches of 100 were kept');
    const resumed = new CountingEmbedder();
    const reopened = await build(fs, { embedder: resumed, blobs });
    assert.equal(resumed.embedded.length, 50, 'only the rest is embedded after the reload');
    assert.equal(reopened.store.vectorCount, 250);
  });

  it('finds a function by a question in other words, with path, lines, symbol and code', async () => {
    const { index } = await build(new MemoryFs(FILES), { embedder: new CountingEmbedder() });
    const result = await index.search('where is the password checked against the hash', { limit: 3 }, signal);
    assert.equal(result.mode, 'hybrid');
    assert.equal(result.note, undefined);
    const top = result.hits[0];
    assert.deepEqual([top.path, top.symbol, top.startLine, top.endLine], ['src/auth.ts', 'verifyPassword', 1, 4]);
    assert.match(top.text, /return hashOf\(password\) === hash/);
  });

  it('limits results to a path, and never returns a file that became sensitive after indexing', async () => {
    const fs = new MemoryFs(FILES);
    const blobs = new MemoryBlobs();
    const { index } = await build(fs, { embedder: new CountingEmbedder(), blobs });
    const inCart = await index.search('item', { limit: 5, path: 'src/cart.ts' }, signal);
    assert.ok(inCart.hits.length > 0 && inCart.hits.every((h) => h.path === 'src/cart.ts'));
    const store = await FlatStore.open(blobs, 'gemini-embedding-001', 768);
    const later = new CodeIndex({ fs, ignore: async () => IgnoreFilter.create({ agentignore: 'src/auth.ts\n' }), parse: async () => undefined, embedder: new CountingEmbedder(), store, queue: { requestsPerMinute: 1000, sleep: async () => undefined, now: () => 0 } });
    const found = await later.search('password hash', { limit: 5 }, signal);
    assert.ok(found.hits.length > 0 && found.hits.every((h) => h.path !== 'src/auth.ts'));
  });

  it('answers lexically, and says so, when there are no vectors', async () => {
    const { index } = await build(new MemoryFs(FILES));
    const result = await index.search('ShoppingCart addItem', { limit: 3 }, signal);
    assert.equal(result.mode, 'lexical');
    assert.match(result.note ?? '', /lexical \(BM25\) only/);
    assert.equal(result.hits[0].symbol, 'ShoppingCart');
  });

  it('asks once before the first embedding, with files, chunks, tokens and cost; a no keeps it lexical', async () => {
    const fs = new MemoryFs(FILES);
    const blobs = new MemoryBlobs();
    const embedder = new CountingEmbedder();
    const asked: BuildEstimate[] = [];
    const make = async (answer: boolean) => {
      const store = await FlatStore.open(blobs, 'gemini-embedding-001', 768);
      return new CodeIndex({ fs, ignore: async () => IgnoreFilter.create(), parse: async () => undefined, embedder, store, queue: { requestsPerMinute: 1000, sleep: async () => undefined, now: () => 0 }, confirmFirstBuild: async (e) => (asked.push(e), answer) });
    };
    const declined = await make(false);
    await declined.refresh(signal);
    assert.equal(embedder.calls, 0);
    assert.equal(declined.state.kind, 'off');
    assert.equal((await declined.search('ShoppingCart', { limit: 1 }, signal)).mode, 'lexical');
    assert.deepEqual([asked[0].files, asked[0].chunks], [3, 3]);
    assert.ok(asked[0].tokens > 50 && asked[0].costUsd > 0 && asked[0].costUsd < 0.001);
    const agreed = await make(true);
    await agreed.refresh(signal);
    assert.ok(embedder.calls > 0);
    fs.put('src/more.ts', 'export const more = () => 1;\n');
    await agreed.update(['src/more.ts'], signal);
    assert.equal(asked.length, 2, 'not asked again once vectors exist');
  });

  it('opens an empty store when the saved one is for another model', async () => {
    const { blobs } = await build(new MemoryFs(FILES), { embedder: new CountingEmbedder() });
    assert.ok((await FlatStore.open(blobs, 'gemini-embedding-001', 768)).vectorCount > 0);
    assert.equal((await FlatStore.open(blobs, 'text-embedding-004', 768)).vectorCount, 0);
  });
});

describe('index: flat store search', () => {
  it('finds the nearest vectors among thousands through the coarse first pass, best first', async () => {
    const store = await FlatStore.open(new MemoryBlobs(), 'm', 768);
    const embedder = new CountingEmbedder();
    const texts = Array.from({ length: 3000 }, (_, i) => `function item${i}(value${i % 97}) { return compute${i % 89}(value${i % 97}); }`);
    const chunks = texts.map((text, i) => ({ path: `f${i}.ts`, startLine: 1, endLine: 1, kind: 'lines', text, hash: `h${i}` }));
    chunks.forEach((c) => store.setFile(c.path, { size: 1, mtime: 0, hash: c.hash, chunks: [c] }));
    for (let i = 0; i < texts.length; i += 100) await store.addVectors(chunks.slice(i, i + 100).map((c) => c.hash), await embedder.embedDocuments(texts.slice(i, i + 100)));
    const query = (await embedder.embedDocuments([texts[1234]]))[0];
    const found = store.nearest(query, 5);
    assert.equal(found[0].chunk.path, 'f1234.ts');
    assert.ok(found[0].score > 0.98, String(found[0].score));
    assert.ok(found.every((f, i) => i === 0 || found[i - 1].score >= f.score));
    assert.deepEqual(store.nearest(query, 5, (path) => path !== 'f1234.ts').map((f) => f.chunk.path).includes('f1234.ts'), false);
  });
});

describe('index: rankings', () => {
  it('fuses by reciprocal rank: a chunk both rankings like beats one only a single ranking puts first', () => {
    const fused = fuse([{ items: ['a', 'b', 'c'], weight: 1 }, { items: ['d', 'b', 'e'], weight: 1 }], 5);
    assert.deepEqual(fused.map((f) => f.item), ['b', 'a', 'd', 'c', 'e']);
    assert.equal(fused[0].score, 2 / (RRF_K + 2));
  });

  it('lets the recent-edit list break a near tie but not overturn a clear lead', () => {
    const tie = fuse([{ items: ['a', 'b'], weight: 1 }, { items: ['b', 'a'], weight: 1 }, { items: ['b'], weight: WEIGHTS.recent }], 2);
    assert.equal(tie[0].item, 'b');
    const lead = fuse([{ items: ['a', 'w', 'x', 'y', 'b'], weight: 1 }, { items: ['a', 'w', 'x', 'z', 'b'], weight: 1 }, { items: ['b'], weight: WEIGHTS.recent }], 2);
    assert.equal(lead[0].item, 'a');
  });

  it('splits identifiers for BM25, so "read file" finds readFile and MAX_FILE_SIZE matches "file size"', () => {
    assert.deepEqual(tokenize('readFile MAX_FILE_SIZE'), ['readfile', 'read', 'file', 'max_file_size', 'max', 'file', 'size']);
    const bm = new Bm25();
    bm.add('function readFile(path) {}');
    bm.add('function writeLog(line) {}');
    assert.deepEqual(bm.search('read file', 5).map((r) => r.doc), [0]);
  });
});

describe('index: when it may be built', () => {
  it('never in Restricted Mode, even when turned on; only when turned on and there is storage', () => {
    assert.match(indexOffReason({ enabled: true, trusted: false, storage: '/s' }) ?? '', /Restricted Mode/);
    assert.match(indexOffReason({ enabled: false, trusted: true, storage: '/s' }) ?? '', /turned off/);
    assert.match(indexOffReason({ enabled: true, trusted: true, storage: undefined }) ?? '', /no workspace storage/);
    assert.equal(indexOffReason({ enabled: true, trusted: true, storage: '/s' }), undefined);
  });
});
