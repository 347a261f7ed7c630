/**
 * The embedded store: a flat index in TypeScript, persisted as two files in the extension's
 * storage. `meta.json` holds each file's stat, content hash and chunks; `vectors.bin` is an
 * append-only log of vectors keyed by chunk hash, each quantised to int8 with one float scale
 * (768 + 4 bytes a chunk, a quarter of float32), so a batch is saved the moment it arrives and a
 * reload mid-index resumes where it stopped. Search is brute-force: a dot product with every
 * vector. No native module, no server; see the README's "Codebase index" for the figures.
 */
import type { BlobStorage, Chunk } from './types';

const META = 'meta.json';
const VECTORS = 'vectors.bin';
const HASH_BYTES = 32;
const FORMAT = 1;
/** Components scored in the first pass of a search, and how many rows the second pass rescores. */
const COARSE_DIMS = 128;
const RESCORE = 300;

/** What is known about one indexed file. */
export interface FileRecord {
  size: number;
  mtime: number;
  /** Content hash of the file's bytes. */
  hash: string;
  chunks: Chunk[];
}

interface Quantised {
  q: Int8Array;
  scale: number;
}

export class FlatStore {
  private readonly fileMap = new Map<string, FileRecord>();
  private readonly vectors = new Map<string, Quantised>();
  private logged = 0;
  private version = 0;
  private vectorVersion = 0;
  private matrix: { key: string; chunks: Chunk[]; matrix: Int8Array; prefix: Int8Array; scales: Float32Array } | undefined;

  private constructor(private readonly storage: BlobStorage, readonly model: string, readonly dims: number) {}

  /** Opens what was saved for this model and size, or an empty store when there is none (or it is for another model). */
  static async open(storage: BlobStorage, model: string, dims: number): Promise<FlatStore> {
    const store = new FlatStore(storage, model, dims);
    try {
      const meta = await storage.read(META);
      if (!meta) return store;
      const parsed = JSON.parse(new TextDecoder().decode(meta)) as { format?: number; model?: string; dims?: number; files?: Record<string, FileRecord> };
      if (parsed.format !== FORMAT || parsed.model !== model || parsed.dims !== dims || !parsed.files) return store;
      for (const [path, rec] of Object.entries(parsed.files)) store.fileMap.set(path, rec);
      const log = await storage.read(VECTORS);
      if (log) store.readLog(log);
    } catch {
      // A damaged index is rebuilt, not repaired.
      store.fileMap.clear();
      store.vectors.clear();
    }
    return store;
  }

  /** Changes whenever the chunk set changes (the lexical index is rebuilt on the next query). */
  get generation(): number {
    return this.version;
  }

  file(path: string): FileRecord | undefined {
    return this.fileMap.get(path);
  }

  paths(): string[] {
    return [...this.fileMap.keys()];
  }

  setFile(path: string, record: FileRecord): void {
    this.fileMap.set(path, record);
    this.version++;
  }

  removeFile(path: string): void {
    if (this.fileMap.delete(path)) this.version++;
  }

  chunks(): Chunk[] {
    return [...this.fileMap.values()].flatMap((f) => f.chunks);
  }

  hasVector(hash: string): boolean {
    return this.vectors.has(hash);
  }

  get vectorCount(): number {
    return this.vectors.size;
  }

  /** Keeps the vectors and appends them to the log at once. */
  async addVectors(hashes: string[], vectors: Float32Array[]): Promise<void> {
    const record = HASH_BYTES + 4 + this.dims;
    const out = new Uint8Array(record * hashes.length);
    const view = new DataView(out.buffer);
    hashes.forEach((hash, i) => {
      const quantised = quantise(vectors[i], this.dims);
      this.vectors.set(hash, quantised);
      const at = i * record;
      out.set(new TextEncoder().encode(hash.padEnd(HASH_BYTES).slice(0, HASH_BYTES)), at);
      view.setFloat32(at + HASH_BYTES, quantised.scale, true);
      out.set(new Uint8Array(quantised.q.buffer, quantised.q.byteOffset, this.dims), at + HASH_BYTES + 4);
    });
    this.vectorVersion++;
    await this.storage.append(VECTORS, out);
    this.logged += hashes.length;
  }

  /**
   * The chunks most similar to `query` (a unit vector), best first. Two passes: every vector is
   * scored on its first COARSE_DIMS components (a Gemini embedding's prefix is itself a coarser
   * embedding: the model is trained so truncation keeps meaning), then the best few hundred on all.
   */
  nearest(query: Float32Array, limit: number, allow?: (chunk: Chunk) => boolean): Array<{ chunk: Chunk; score: number }> {
    const { chunks, matrix, prefix, scales } = this.searchable();
    const dims = this.dims;
    const coarse = Math.min(COARSE_DIMS, dims);
    const keep = Math.max(limit, RESCORE);
    const coarseScores = new Float32Array(chunks.length);
    // The prefixes lie in a matrix of their own (contiguous, so the pass reads 128 bytes a row, not
    // a 768-byte stride) and the loop is unrolled by four; the additions keep their order, so the
    // scores are the same to the bit as a plain loop's.
    const q = Float64Array.from(query.subarray(0, coarse));
    const whole = coarse - (coarse % 4);
    for (let row = 0, at = 0; row < chunks.length; row++, at += coarse) {
      if (allow && !allow(chunks[row])) {
        coarseScores[row] = -Infinity;
        continue;
      }
      let dot = 0;
      let i = 0;
      for (; i < whole; i += 4) {
        dot += prefix[at + i] * q[i];
        dot += prefix[at + i + 1] * q[i + 1];
        dot += prefix[at + i + 2] * q[i + 2];
        dot += prefix[at + i + 3] * q[i + 3];
      }
      for (; i < coarse; i++) dot += prefix[at + i] * q[i];
      coarseScores[row] = dot * scales[row];
    }
    const rows = topRows(coarseScores, keep);
    const scored = rows.map((row) => {
      let dot = 0;
      for (let i = 0, at = row * dims; i < dims; i++, at++) dot += matrix[at] * query[i];
      return { chunk: chunks[row], score: dot * scales[row] };
    });
    return scored.sort((a, b) => b.score - a.score).slice(0, limit);
  }

  /** Every embedded chunk's vector in one contiguous matrix (rebuilt when chunks or vectors changed). */
  private searchable(): { chunks: Chunk[]; matrix: Int8Array; prefix: Int8Array; scales: Float32Array } {
    const key = `${this.version}:${this.vectorVersion}`;
    if (this.matrix?.key !== key) {
      const chunks = this.chunks().filter((c) => this.vectors.has(c.hash));
      const matrix = new Int8Array(chunks.length * this.dims);
      const coarse = Math.min(COARSE_DIMS, this.dims);
      const prefix = new Int8Array(chunks.length * coarse);
      const scales = new Float32Array(chunks.length);
      chunks.forEach((c, row) => {
        const v = this.vectors.get(c.hash)!;
        matrix.set(v.q, row * this.dims);
        prefix.set(v.q.subarray(0, coarse), row * coarse);
        scales[row] = v.scale;
      });
      this.matrix = { key, chunks, matrix, prefix, scales };
    }
    return this.matrix;
  }

  /** Writes the file list, and rewrites the vector log without vectors no chunk uses any more once they are most of it. */
  async save(): Promise<void> {
    const used = new Set(this.chunks().map((c) => c.hash));
    for (const hash of this.vectors.keys()) if (!used.has(hash)) this.vectors.delete(hash);
    this.vectorVersion++;
    if (this.logged > 2 * this.vectors.size + 100) {
      await this.storage.delete(VECTORS);
      this.logged = 0;
      const entries = [...this.vectors];
      for (let i = 0; i < entries.length; i += 1000) {
        const part = entries.slice(i, i + 1000);
        await this.addVectors(part.map(([h]) => h), part.map(([, v]) => dequantise(v)));
      }
    }
    const files = Object.fromEntries(this.fileMap);
    await this.storage.write(META, new TextEncoder().encode(JSON.stringify({ format: FORMAT, model: this.model, dims: this.dims, files })));
  }

  /** Forgets everything, on disk too. */
  async clear(): Promise<void> {
    this.fileMap.clear();
    this.vectors.clear();
    this.logged = 0;
    this.version++;
    this.vectorVersion++;
    await this.storage.delete(VECTORS);
    await this.storage.delete(META);
  }

  private readLog(log: Uint8Array): void {
    const record = HASH_BYTES + 4 + this.dims;
    const view = new DataView(log.buffer, log.byteOffset, log.byteLength);
    const decoder = new TextDecoder();
    // A record cut short by a crash mid-write is left out.
    for (let at = 0; at + record <= log.length; at += record) {
      const hash = decoder.decode(log.subarray(at, at + HASH_BYTES)).trim();
      const scale = view.getFloat32(at + HASH_BYTES, true);
      const q = new Int8Array(log.slice(at + HASH_BYTES + 4, at + record).buffer);
      this.vectors.set(hash, { q, scale });
      this.logged++;
    }
  }
}

/** int8 with a per-vector scale: the largest component maps to ±127. */
export function quantise(v: Float32Array, dims: number): Quantised {
  let max = 0;
  for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(v[i] ?? 0));
  const scale = max / 127 || 1;
  const q = new Int8Array(dims);
  for (let i = 0; i < dims; i++) q[i] = Math.round((v[i] ?? 0) / scale);
  return { q, scale };
}

function dequantise(v: Quantised): Float32Array {
  return Float32Array.from(v.q, (x) => x * v.scale);
}

/** Scales a vector to length 1 (truncated Gemini embeddings are not). */
export function normalise(v: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  const norm = Math.sqrt(sum) || 1;
  return Float32Array.from(v, (x) => x / norm);
}

/** The rows of the `keep` highest finite scores (ties at the cut may add a few), in row order. */
function topRows(scores: Float32Array, keep: number): number[] {
  // A plain loop: TypedArray.filter with a callback costs more than the copy itself.
  let count = 0;
  for (let row = 0; row < scores.length; row++) if (scores[row] !== -Infinity) count++;
  if (count === 0) return [];
  const finite = new Float32Array(count);
  for (let row = 0, at = 0; row < scores.length; row++) if (scores[row] !== -Infinity) finite[at++] = scores[row];
  const cut = finite.length <= keep ? -Infinity : kthLargest(finite, keep);
  const rows: number[] = [];
  for (let row = 0; row < scores.length; row++) if (scores[row] !== -Infinity && scores[row] >= cut) rows.push(row);
  return rows;
}

/** The k-th largest value (1-based), by quickselect on `values` (reordered in place). */
function kthLargest(values: Float32Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i] = values[j];
        values[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target];
}
