/**
 * The embedded store: a flat index in TypeScript, persisted as two files in the extension's
 * storage. `meta.json` holds each file's stat, content hash and chunks; `vectors.bin` is an
 * append-only log of vectors keyed by chunk hash, each quantised to int8 with one float scale
 * (768 + 4 bytes a chunk, a quarter of float32), so a batch is saved the moment it arrives and a
 * reload mid-index resumes where it stopped. Search is brute-force: a dot product with every
 * vector. No native module, no server; see the README's "Codebase index" for the figures.
 */
import { TopK } from './topK';
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

interface Searchable {
  key: string;
  chunks: Chunk[];
  matrix: Int8Array;
  prefix: Int8Array;
  scales: Float32Array;
  fileStarts: Int32Array;
  /** Per file run: the record the rows were built from, and whether it is still the file's. */
  records: FileRecord[];
  indexed: Map<string, FileRecord>;
  alive: Uint8Array;
  /** Embedded chunks of files changed since the build, scored apart. */
  pending: Array<{ chunk: Chunk; vector: Quantised }>;
}

interface Quantised {
  q: Int8Array;
  scale: number;
}

export class FlatStore {
  private readonly fileMap = new Map<string, FileRecord>();
  /** The folder tree's hashes as of the last refresh that matched the disk (see folderTree.ts). */
  private folderMap = new Map<string, string>();
  /** `version` when meta.json was last written, and whether the folder hashes changed since. */
  private savedVersion = 0;
  private foldersDirty = false;
  private readonly vectors = new Map<string, Quantised>();
  private logged = 0;
  private version = 0;
  private vectorVersion = 0;
  private matrix: Searchable | undefined;
  /** Scratch of every search: the query's prefix in float64 and the heap of coarse candidates. */
  private readonly coarseQuery = new Float64Array(COARSE_DIMS);
  private readonly top = new TopK(RESCORE);

  private constructor(private readonly storage: BlobStorage, readonly model: string, readonly dims: number) {}

  /** Opens what was saved for this model and size, or an empty store when there is none (or it is for another model). */
  static async open(storage: BlobStorage, model: string, dims: number): Promise<FlatStore> {
    const store = new FlatStore(storage, model, dims);
    try {
      const meta = await storage.read(META);
      if (!meta) return store;
      const parsed = JSON.parse(new TextDecoder().decode(meta)) as { format?: number; model?: string; dims?: number; files?: Record<string, FileRecord>; folders?: Record<string, string> };
      if (parsed.format !== FORMAT || parsed.model !== model || parsed.dims !== dims || !parsed.files) return store;
      for (const [path, rec] of Object.entries(parsed.files)) store.fileMap.set(path, rec);
      // An index saved before the tree existed has none: its first refresh compares every folder.
      store.folderMap = new Map(Object.entries(parsed.folders ?? {}));
      const log = await storage.read(VECTORS);
      if (log) store.readLog(log);
    } catch {
      // A damaged index is rebuilt, not repaired.
      store.fileMap.clear();
      store.vectors.clear();
      store.folderMap.clear();
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

  /** The folder hashes kept with the index. */
  folders(): ReadonlyMap<string, string> {
    return this.folderMap;
  }

  /** Replaces the folder hashes (after a refresh brought the index in line with them). */
  setFolders(hashes: Map<string, string>): void {
    this.folderMap = hashes;
    this.foldersDirty = true;
  }

  /**
   * Drops the hashes of the folders above `path` and of `path` and everything under it (a folder
   * moved away and back with its mtimes must be compared again), so the next refresh compares
   * their files with the index.
   */
  forgetFolders(path: string): void {
    const before = this.folderMap.size;
    for (let dir = path; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '.') {
      this.folderMap.delete(dir);
      if (dir === '.') break;
    }
    const under = path === '.' ? '' : `${path}/`;
    for (const dir of this.folderMap.keys()) if (dir.startsWith(under)) this.folderMap.delete(dir);
    if (this.folderMap.size !== before) this.foldersDirty = true;
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
   * The chunks most similar to `query` (a unit vector), best first (ties: the earlier chunk). Two
   * passes: every vector is scored on its first COARSE_DIMS components (a Gemini embedding's
   * prefix is itself a coarser embedding: the model is trained so truncation keeps meaning) into a
   * bounded heap of the best few hundred, which are then scored on all components. `allow` is asked
   * once per file, not per chunk.
   */
  nearest(query: Float32Array, limit: number, allow?: (path: string) => boolean): Array<{ chunk: Chunk; score: number }> {
    const { chunks, matrix, prefix, scales, fileStarts, alive, pending } = this.searchable();
    const dims = this.dims;
    const coarse = Math.min(COARSE_DIMS, dims);
    const q = this.coarseQuery;
    for (let i = 0; i < coarse; i++) q[i] = query[i];
    const whole = coarse - (coarse % 4);
    const top = this.top;
    top.reset(Math.max(limit, RESCORE));
    // The prefixes lie in a matrix of their own (contiguous, so the pass reads 128 bytes a row, not
    // a 768-byte stride) and the loop is unrolled by four with one accumulator, so the additions
    // keep their order and the scores are the same to the bit as a plain loop's. Rows go up, so a
    // row whose score only equals the heap's worst never enters (the earlier row wins a tie).
    let floor = -Infinity;
    for (let file = 0; file + 1 < fileStarts.length; file++) {
      const first = fileStarts[file];
      const end = fileStarts[file + 1];
      if (!alive[file] || (allow && !allow(chunks[first].path))) continue;
      for (let row = first, at = first * coarse; row < end; row++, at += coarse) {
        let dot = 0;
        let i = 0;
        for (; i < whole; i += 4) {
          dot += prefix[at + i] * q[i];
          dot += prefix[at + i + 1] * q[i + 1];
          dot += prefix[at + i + 2] * q[i + 2];
          dot += prefix[at + i + 3] * q[i + 3];
        }
        for (; i < coarse; i++) dot += prefix[at + i] * q[i];
        const score = dot * scales[row];
        if (score > floor) {
          top.offer(score, row);
          floor = top.floor;
        }
      }
    }
    // Chunks of files changed since the matrix was built, scored the same way from their own vectors.
    const rows = scales.length;
    for (let j = 0; j < pending.length; j++) {
      const { chunk, vector } = pending[j];
      if (allow && !allow(chunk.path)) continue;
      let dot = 0;
      for (let i = 0; i < coarse; i++) dot += vector.q[i] * q[i];
      top.offer(dot * Math.fround(vector.scale), rows + j);
    }
    const rescored = top.drain();
    for (const r of rescored) {
      let dot = 0;
      if (r.id < rows) {
        for (let i = 0, at = r.id * dims; i < dims; i++, at++) dot += matrix[at] * query[i];
        r.score = dot * scales[r.id];
      } else {
        const { q: v, scale } = pending[r.id - rows].vector;
        for (let i = 0; i < dims; i++) dot += v[i] * query[i];
        r.score = dot * Math.fround(scale);
      }
    }
    rescored.sort((a, b) => b.score - a.score || a.id - b.id);
    return rescored.slice(0, limit).map((r) => ({ chunk: r.id < rows ? chunks[r.id] : pending[r.id - rows].chunk, score: r.score }));
  }

  /**
   * Every embedded chunk's vector in one contiguous matrix, rows grouped by file (`fileStarts[f]`
   * is file f's first row, the last entry the row count). When files change, the matrix is kept:
   * their old rows are passed over and their chunks scored apart, until those are many enough
   * (a tenth of the rows) to be worth building the matrix again. So a save in a big index costs
   * its own chunks, not a copy of every vector.
   */
  private searchable(): Searchable {
    const key = `${this.version}:${this.vectorVersion}`;
    const m = this.matrix;
    if (m?.key === key) return m;
    if (m) {
      const pendingFiles = new Set<string>();
      for (let file = 0; file < m.records.length; file++) {
        const record = m.records[file];
        const rowsOf = m.fileStarts[file + 1] - m.fileStarts[file];
        const path = m.chunks[m.fileStarts[file]].path;
        const now = this.fileMap.get(path);
        // Passed over too: a file that had chunks without vectors when the matrix was built and has more now.
        const more = now === record && rowsOf < record.chunks.length && this.embeddedCount(record) > rowsOf;
        m.alive[file] = now === record && !more ? 1 : 0;
        if (now && !m.alive[file]) pendingFiles.add(path);
      }
      for (const [path, record] of this.fileMap) if (m.indexed.get(path) !== record) pendingFiles.add(path);
      const pending: Array<{ chunk: Chunk; vector: Quantised }> = [];
      for (const path of pendingFiles) {
        for (const chunk of this.fileMap.get(path)!.chunks) {
          const vector = this.vectors.get(chunk.hash);
          if (vector) pending.push({ chunk, vector });
        }
      }
      if (pending.length <= Math.max(1000, m.scales.length / 10)) {
        m.pending = pending;
        m.key = key;
        return m;
      }
    }
    this.matrix = undefined; // the old matrices may be collected before the new ones are filled
    const chunks: Chunk[] = [];
    const starts: number[] = [];
    const records: FileRecord[] = [];
    const indexed = new Map<string, FileRecord>();
    for (const [path, file] of this.fileMap) {
      const before = chunks.length;
      for (const c of file.chunks) if (this.vectors.has(c.hash)) chunks.push(c);
      if (chunks.length > before) {
        starts.push(before);
        records.push(file);
        indexed.set(path, file);
      }
    }
    starts.push(chunks.length);
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
    const alive = new Uint8Array(records.length).fill(1);
    this.matrix = { key, chunks, matrix, prefix, scales, fileStarts: Int32Array.from(starts), records, indexed, alive, pending: [] };
    return this.matrix;
  }

  private embeddedCount(record: FileRecord): number {
    let n = 0;
    for (const c of record.chunks) if (this.vectors.has(c.hash)) n++;
    return n;
  }

  /**
   * Writes the file list and folder hashes when they changed since the last save (an unchanged
   * workspace's startup check writes nothing), and rewrites the vector log without vectors no
   * chunk uses any more once they are most of it.
   */
  async save(): Promise<void> {
    if (this.version === this.savedVersion && !this.foldersDirty) return;
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
    const folders = Object.fromEntries(this.folderMap);
    const version = this.version;
    await this.storage.write(META, new TextEncoder().encode(JSON.stringify({ format: FORMAT, model: this.model, dims: this.dims, files, folders })));
    this.savedVersion = version;
    this.foldersDirty = false;
  }

  /** Forgets everything, on disk too. */
  async clear(): Promise<void> {
    this.fileMap.clear();
    this.folderMap.clear();
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
