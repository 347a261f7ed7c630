/**
 * BM25 over chunks: the lexical ranking of the hybrid search, and all of it while the vectors are
 * not there yet. Identifiers are split (`readFile` → read, file; `MAX_SIZE` → max, size) and the
 * whole identifier is kept too, so both `readFile` and "read file" find it.
 */

import { TopK } from './topK';

export const K1 = 1.2;
export const B = 0.75;
/** Words too common to rank by: skipped in queries (their postings are the longest to walk). */
export const STOPWORDS = new Set(['the', 'and', 'for', 'with', 'from', 'this', 'that', 'into', 'are', 'is', 'of', 'to', 'in', 'on', 'an', 'be', 'by', 'it', 'as', 'at', 'or', 'if', 'where', 'what', 'which', 'how', 'does', 'do']);

/** Lower-cased words of a text, identifiers split into their parts as well as kept whole. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(/[A-Za-z_][A-Za-z0-9_]*|\d+/g) ?? []) {
    const lower = word.toLowerCase();
    if (lower.length > 1) out.push(lower);
    // Only a word with a capital or an underscore has parts (most words have neither: no regex).
    if (lower === word && !word.includes('_')) continue;
    const parts = word.split(/_+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
    if (parts.length > 1) for (const p of parts) if (p.length > 1) out.push(p.toLowerCase());
  }
  return out;
}

/**
 * One term's postings: the documents holding it (ascending) and how often, as flat arrays of
 * small integers, and how many of those documents are not removed.
 */
interface Postings {
  docs: number[];
  tfs: number[];
  live: number;
}

/**
 * A postings index: a query walks only the lists of its own words. Scores add up in a scratch
 * array reused by every query, the best are kept in a bounded heap, and each document's length
 * normalisation is computed once per index size, not once per posting. A removed document stays
 * in the lists, marked, and counts nowhere (document frequencies, count and average length are
 * those of the live documents), so a file saved in a big index costs its own chunks, not a rebuild.
 */
export class Bm25 {
  private readonly postings = new Map<string, Postings>();
  private readonly lengths: number[] = [];
  private removed = new Uint8Array(64);
  private live = 0;
  private total = 0;
  private scores = new Float64Array(0);
  private norms = new Float64Array(0);
  private normsFor = '';
  private readonly touched: number[] = [];
  private readonly top = new TopK(0);

  /** Adds a document; returns its number (the order of adding). */
  add(text: string): number {
    const doc = this.lengths.length;
    const tokens = tokenize(text);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = { docs: [], tfs: [], live: 0 }));
      list.docs.push(doc);
      list.tfs.push(n);
      list.live++;
    }
    this.lengths.push(tokens.length);
    this.total += tokens.length;
    this.live++;
    if (doc >= this.removed.length) {
      const grown = new Uint8Array(2 * this.removed.length);
      grown.set(this.removed);
      this.removed = grown;
    }
    return doc;
  }

  /** Removes document `doc`, whose text was `text` (its words are looked up again). */
  remove(doc: number, text: string): void {
    if (doc >= this.lengths.length || this.removed[doc]) return;
    this.removed[doc] = 1;
    this.live--;
    this.total -= this.lengths[doc];
    for (const t of new Set(tokenize(text))) {
      const list = this.postings.get(t);
      if (list) list.live--;
    }
  }

  /** Documents not removed. */
  get size(): number {
    return this.live;
  }

  /** Documents removed but still in the lists. */
  get dead(): number {
    return this.lengths.length - this.live;
  }

  /** The best `limit` documents for `query`, best first (ties: the lower number), among those `allow` accepts. */
  search(query: string, limit: number, allow?: (doc: number) => boolean): Array<{ doc: number; score: number }> {
    const n = this.live;
    if (n === 0) return [];
    const norms = this.normsNow();
    const removed = this.removed;
    if (this.scores.length < this.lengths.length) this.scores = new Float64Array(Math.max(this.lengths.length, 2 * this.scores.length));
    const scores = this.scores;
    const touched = this.touched;
    for (const term of new Set(tokenize(query))) {
      const list = this.postings.get(term);
      // A word in most chunks says little (its idf is near 0) and costs a walk over all of them.
      if (!list || list.live === 0 || STOPWORDS.has(term) || list.live > n / 2) continue;
      const idf = Math.log(1 + (n - list.live + 0.5) / (list.live + 0.5));
      const { docs, tfs } = list;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i];
        if (removed[doc] || (allow && !allow(doc))) continue;
        const tf = tfs[i];
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += (idf * tf * (K1 + 1)) / (tf + norms[doc]);
      }
    }
    const top = this.top;
    top.reset(limit);
    for (const doc of touched) {
      top.offer(scores[doc], doc);
      scores[doc] = 0;
    }
    touched.length = 0;
    return top.drain().map((r) => ({ doc: r.id, score: r.score }));
  }

  /** `K1 · (1 − B + B · length / average length)` of every document, for the live documents' average. */
  private normsNow(): Float64Array {
    const n = this.lengths.length;
    const key = `${n}:${this.live}:${this.total}`;
    if (this.normsFor !== key) {
      const avg = this.total / this.live || 1;
      if (this.norms.length < n) this.norms = new Float64Array(Math.max(n, 2 * this.norms.length));
      for (let doc = 0; doc < n; doc++) this.norms[doc] = K1 * (1 - B + (B * this.lengths[doc]) / avg);
      this.normsFor = key;
    }
    return this.norms;
  }
}
