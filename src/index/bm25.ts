/**
 * BM25 over chunks: the lexical ranking of the hybrid search, and all of it while the vectors are
 * not there yet. Identifiers are split (`readFile` → read, file; `MAX_SIZE` → max, size) and the
 * whole identifier is kept too, so both `readFile` and "read file" find it.
 */

const K1 = 1.2;
const B = 0.75;
/** Words too common to rank by: skipped in queries (their postings are the longest to walk). */
const STOPWORDS = new Set(['the', 'and', 'for', 'with', 'from', 'this', 'that', 'into', 'are', 'is', 'of', 'to', 'in', 'on', 'an', 'be', 'by', 'it', 'as', 'at', 'or', 'if', 'where', 'what', 'which', 'how', 'does', 'do']);

/** Lower-cased words of a text, identifiers split into their parts as well as kept whole. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.match(/[A-Za-z_][A-Za-z0-9_]*|\d+/g) ?? []) {
    const lower = word.toLowerCase();
    if (lower.length > 1) out.push(lower);
    const parts = word.split(/_+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/).filter(Boolean);
    if (parts.length > 1) for (const p of parts) if (p.length > 1) out.push(p.toLowerCase());
  }
  return out;
}

export class Bm25 {
  private readonly postings = new Map<string, Array<[doc: number, tf: number]>>();
  private readonly lengths: number[] = [];
  private total = 0;

  /** Adds a document; returns its number (the order of adding). */
  add(text: string): number {
    const doc = this.lengths.length;
    const tokens = tokenize(text);
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [t, n] of tf) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = []));
      list.push([doc, n]);
    }
    this.lengths.push(tokens.length);
    this.total += tokens.length;
    return doc;
  }

  get size(): number {
    return this.lengths.length;
  }

  /** The best `limit` documents for `query`, best first, among those `allow` accepts. */
  search(query: string, limit: number, allow?: (doc: number) => boolean): Array<{ doc: number; score: number }> {
    const n = this.lengths.length;
    if (n === 0) return [];
    const avg = this.total / n || 1;
    // Scores in an array by document and the documents touched in a list: no Map, no boxed entries.
    const scores = new Float64Array(n);
    const touched: number[] = [];
    for (const term of new Set(tokenize(query))) {
      const list = this.postings.get(term);
      // A word in most chunks says little (its idf is near 0) and costs a walk over all of them.
      if (!list || STOPWORDS.has(term) || list.length > n / 2) continue;
      const idf = Math.log(1 + (n - list.length + 0.5) / (list.length + 0.5));
      for (const [doc, tf] of list) {
        if (allow && !allow(doc)) continue;
        const s = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * this.lengths[doc]) / avg));
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] += s;
      }
    }
    return best(touched, scores, limit);
  }
}

/**
 * The `limit` best of `docs` by score, ties by document number: only those at or above the
 * `limit`-th best score are sorted (the same answer as sorting them all).
 */
function best(docs: number[], scores: Float64Array, limit: number): Array<{ doc: number; score: number }> {
  let chosen = docs;
  if (docs.length > 4 * limit && limit > 0) {
    const values = Float64Array.from(docs, (d) => scores[d]).sort();
    const cut = values[values.length - limit];
    chosen = docs.filter((d) => scores[d] >= cut);
  }
  return chosen.map((doc) => ({ doc, score: scores[doc] })).sort((a, b) => b.score - a.score || a.doc - b.doc).slice(0, limit);
}
