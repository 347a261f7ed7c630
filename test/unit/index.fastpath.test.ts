// The index's search fast paths against straightforward reference implementations on random
// data: the flat store's two-pass vector search (bounded heap over one contiguous int8 matrix)
// and BM25 over postings (scratch scores, precomputed norms, bounded heap) must rank exactly as
// scoring everything and sorting it all does.
import * as assert from 'node:assert/strict';
import { B, Bm25, K1, STOPWORDS, tokenize } from '../../src/index/bm25';
import { FlatStore, normalise, quantise } from '../../src/index/store';
import { TopK } from '../../src/index/topK';
import type { Chunk } from '../../src/index/types';
import { MemoryBlobs } from './fakes/indexFakes';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIMS = 768;

function randomUnit(rnd: () => number): Float32Array {
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) v[i] = rnd() * 2 - 1;
  return normalise(v);
}
const COARSE = 128;
const RESCORE = 300;

describe('index: fast search paths rank as the reference does', () => {
  it('TopK keeps the k best by score, ties to the lower id, best first', () => {
    const rnd = random(1);
    const pairs = Array.from({ length: 500 }, (_, id) => ({ id, score: Math.floor(rnd() * 50) }));
    const top = new TopK(20);
    for (const p of pairs) top.offer(p.score, p.id);
    const expected = [...pairs].sort((a, b) => b.score - a.score || a.id - b.id).slice(0, 20);
    assert.deepEqual(top.drain(), expected);
    top.reset(0);
    top.offer(1, 1);
    assert.deepEqual(top.drain(), []);
  });

  it('the flat store returns what scoring every prefix, sorting, and rescoring the best 300 returns', async () => {
    const rnd = random(7);
    const store = await FlatStore.open(new MemoryBlobs(), 'm', DIMS);
    const vectors: Float32Array[] = [];
    const chunks: Chunk[] = [];
    for (let f = 0; f < 160; f++) {
      const path = `dir${f % 7}/file${f}.ts`;
      const own: Chunk[] = [];
      for (let part = 0; part < 1 + (f % 4); part++) {
        const row = chunks.length;
        // Every tenth vector repeats an earlier one, so the coarse pass has ties to break.
        const v = row % 10 === 9 ? vectors[row - 5] : randomUnit(rnd);
        vectors.push(v);
        const chunk = { path, startLine: part + 1, endLine: part + 1, kind: 'lines', text: `${path} ${part}`, hash: `h${row}` };
        own.push(chunk);
        chunks.push(chunk);
      }
      store.setFile(path, { size: 1, mtime: 0, hash: path, chunks: own });
    }
    await store.addVectors(chunks.map((c) => c.hash), vectors);
    const quantised = vectors.map((v) => quantise(v, DIMS));

    const reference = (query: Float32Array, limit: number, allow?: (path: string) => boolean) => {
      const coarse = chunks
        .map((_, row) => {
          let dot = 0;
          for (let i = 0; i < COARSE; i++) dot += quantised[row].q[i] * query[i];
          return { row, score: dot * Math.fround(quantised[row].scale) };
        })
        .filter((r) => !allow || allow(chunks[r.row].path))
        .sort((a, b) => b.score - a.score || a.row - b.row)
        .slice(0, Math.max(limit, RESCORE));
      return coarse
        .map(({ row }) => {
          let dot = 0;
          for (let i = 0; i < DIMS; i++) dot += quantised[row].q[i] * query[i];
          return { row, score: dot * Math.fround(quantised[row].scale) };
        })
        .sort((a, b) => b.score - a.score || a.row - b.row)
        .slice(0, limit)
        .map((r) => ({ chunk: chunks[r.row], score: r.score }));
    };

    for (let trial = 0; trial < 4; trial++) {
      // Half the queries lie near a stored vector (a clear winner), half are random.
      const base = trial % 2 ? vectors[Math.floor(rnd() * vectors.length)] : undefined;
      const query = normalise(Array.from({ length: DIMS }, (_, i) => (base ? base[i] : 0) + (rnd() * 2 - 1) * 0.05));
      assert.deepEqual(store.nearest(query, 10), reference(query, 10));
      const inDir = (path: string) => path.startsWith('dir3/');
      assert.deepEqual(store.nearest(query, 50, inDir), reference(query, 50, inDir));
    }
    // Duplicated vectors under different chunks are returned in chunk order.
    const dup = store.nearest(vectors[4], 2);
    assert.deepEqual(dup.map((d) => d.chunk.hash), ['h4', 'h9']);

    // Files changed after the matrix was built (one rewritten, one deleted) are scored apart from
    // it, with the same result as a search over the current chunks.
    const target = randomUnit(rnd);
    const rewritten = chunks.findIndex((c) => c.path === 'dir3/file10.ts');
    const deleted = vectors[chunks.findIndex((c) => c.path === 'dir4/file11.ts')];
    const changed = { ...chunks[rewritten], text: 'rewritten', hash: 'new-hash' };
    store.setFile(changed.path, { size: 2, mtime: 1, hash: 'x', chunks: [changed] });
    await store.addVectors(['new-hash'], [target]);
    store.removeFile('dir4/file11.ts');
    const next: Array<{ c: Chunk; v: (typeof quantised)[number] }> = [];
    chunks.forEach((c, row) => {
      if (c.path === changed.path) {
        if (row === rewritten) next.push({ c: changed, v: quantise(target, DIMS) });
      } else if (c.path !== 'dir4/file11.ts') next.push({ c, v: quantised[row] });
    });
    chunks.splice(0, chunks.length, ...next.map((n) => n.c));
    quantised.splice(0, quantised.length, ...next.map((n) => n.v));
    const found = store.nearest(target, 10);
    assert.equal(found[0].chunk.hash, 'new-hash');
    assert.deepEqual(found, reference(target, 10));
    assert.deepEqual(store.nearest(deleted, 10), reference(deleted, 10));
    assert.ok(!store.nearest(deleted, 10).some((f) => f.chunk.path === 'dir4/file11.ts'));
  });

  it('BM25 over postings ranks as scoring every document and sorting does', () => {
    const rnd = random(11);
    const vocabulary = Array.from({ length: 120 }, (_, i) => `word${i.toString(36)}`).concat(['readFile', 'MAX_SIZE', 'the', 'parseConfig']);
    const pick = () => vocabulary[Math.floor(rnd() ** 2 * vocabulary.length)];
    const docs = Array.from({ length: 300 }, () => Array.from({ length: 5 + Math.floor(rnd() * 40) }, pick).join(' '));
    const bm = new Bm25();
    for (const d of docs) bm.add(d);
    const tokens = docs.map(tokenize);
    const avg = tokens.reduce((n, t) => n + t.length, 0) / docs.length;

    const reference = (query: string, limit: number, allow?: (doc: number) => boolean) => {
      const terms = [...new Set(tokenize(query))];
      const df = new Map(terms.map((t) => [t, tokens.filter((ts) => ts.includes(t)).length]));
      return tokens
        .map((ts, doc) => {
          let score = 0;
          for (const term of terms) {
            const n = df.get(term)!;
            if (n === 0 || STOPWORDS.has(term) || n > docs.length / 2) continue;
            const tf = ts.filter((t) => t === term).length;
            if (tf === 0) continue;
            const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
            score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * ts.length) / avg));
          }
          return { doc, score };
        })
        .filter((r) => r.score > 0 && (!allow || allow(r.doc)))
        .sort((a, b) => b.score - a.score || a.doc - b.doc)
        .slice(0, limit);
    };

    for (let trial = 0; trial < 12; trial++) {
      const query = Array.from({ length: 1 + Math.floor(rnd() * 5) }, pick).join(' ');
      assert.deepEqual(bm.search(query, 10), reference(query, 10), query);
      const even = (doc: number) => doc % 2 === 0;
      assert.deepEqual(bm.search(query, 30, even), reference(query, 30, even), query);
    }
    assert.deepEqual(bm.search('read file', 3), reference('read file', 3));

    // Documents removed and added again score as in an index built from the live ones alone.
    const live = docs.map((text, doc) => ({ text, doc }));
    const textOf = [...docs];
    for (let doc = 0; doc < docs.length; doc += 3) {
      bm.remove(doc, docs[doc]);
      live.splice(live.findIndex((d) => d.doc === doc), 1);
      if (doc % 2 === 0) {
        const added = bm.add(docs[doc]);
        textOf[added] = docs[doc];
        live.push({ text: docs[doc], doc: added });
      }
    }
    const fresh = new Bm25();
    for (const d of live) fresh.add(d.text);
    for (let trial = 0; trial < 12; trial++) {
      const query = Array.from({ length: 1 + Math.floor(rnd() * 5) }, pick).join(' ');
      const scores = (hits: Array<{ doc: number; score: number }>) => hits.map((h) => h.score);
      const texts = (hits: Array<{ doc: number; score: number }>, byDoc: (doc: number) => string) => hits.map((h) => byDoc(h.doc)).sort();
      const incremental = bm.search(query, 10);
      const rebuilt = fresh.search(query, 10);
      assert.deepEqual(scores(incremental), scores(rebuilt), query);
      assert.deepEqual(texts(incremental, (doc) => textOf[doc]), texts(rebuilt, (i) => live[i].text), query);
    }
  });
});
