/**
 * The index of one workspace: keeps the store in step with the files (a full refresh at start,
 * then the paths a watcher reports), embeds the chunks that have no vector yet, and answers
 * searches. Files are re-read only when their size or mtime changed, re-chunked only when their
 * content hash changed, and a chunk is embedded only when no vector for its hash exists: an
 * unchanged function in an edited file keeps its vector. One refresh runs at a time.
 */
import { createHash } from 'node:crypto';
import type * as TS from '@vscode/tree-sitter-wasm';
import type { IgnoreFilter } from '../guards/ignore';
import { ModelError } from '../model/types';
import type { WorkspaceFs } from '../tools/types';
import { Bm25 } from './bm25';
import { chunkFile } from './chunker';
import { EmbedQueue, type QueueOptions, type QueueProgress } from './embedQueue';
import { fuse, WEIGHTS } from './ranker';
import { ancestorsOf, parentOf, walkTree } from './folderTree';
import { indexable, looksBinary, MAX_FILE_BYTES } from './scanner';
import type { FileRecord, FlatStore } from './store';
import type { Chunk, Embedder, IndexState, SearchHit } from './types';

export interface CodeIndexDeps {
  fs: WorkspaceFs;
  /** The guards' filter as it is now (`.agentignore` may change). */
  ignore: () => Promise<IgnoreFilter>;
  parse: (path: string, text: string) => Promise<TS.Tree | undefined>;
  /** Absent (no key yet): chunks are indexed for lexical search only. */
  embedder?: Embedder;
  store: FlatStore;
  queue: Omit<QueueOptions, 'onProgress'>;
  onState?(state: IndexState): void;
  /**
   * Asked once before the first embedding of a workspace (no vector stored yet), with what it
   * will cost; `false` keeps the index lexical until the next start. Absent: no question.
   */
  confirmFirstBuild?(estimate: BuildEstimate, signal: AbortSignal): Promise<boolean>;
  /** How long after a watcher update the index is written (default 5 s). */
  saveDelayMs?: number;
}

/** What embedding the workspace will take, shown before the first build. */
export interface BuildEstimate {
  files: number;
  chunks: number;
  /** About four characters a token. */
  tokens: number;
  /** At gemini-embedding-001's paid-tier price (US$0.15 per million input tokens); the free tier costs quota instead. */
  costUsd: number;
}

const USD_PER_MILLION_TOKENS = 0.15;

export function estimateBuild(files: number, texts: readonly string[]): BuildEstimate {
  const tokens = texts.reduce((n, t) => n + Math.ceil(t.length / 4), 0);
  return { files, chunks: texts.length, tokens, costUsd: (tokens / 1_000_000) * USD_PER_MILLION_TOKENS };
}

export interface SearchOptions {
  /** A file or folder the results must lie in. */
  path?: string;
  limit: number;
  /** Recently edited files, newest first: a small boost. */
  recent?: readonly string[];
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** `hybrid`: vectors, BM25 and recent edits fused; `lexical`: BM25 (and recent edits) only. */
  mode: 'hybrid' | 'lexical';
  /** Why the results are lexical only, or partial. */
  note?: string;
}

/** How many candidates each ranking hands to the fusion. */
const CANDIDATES = 50;
/**
 * How long after a watcher update the index is written. Safe to lose: the vectors are already on
 * disk, and the file list and folder hashes on disk still agree with each other, so the next
 * start's tree check finds the changed files again (and re-embeds nothing).
 */
const SAVE_DELAY_MS = 5000;

export class CodeIndex {
  private current: IndexState = { kind: 'scanning', files: 0 };
  private work: Promise<void> = Promise.resolve();
  private lexical: LexicalIndex | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Chunks still waiting for a vector after the last refresh (0 when all are embedded). */
  private missing = 0;

  constructor(private readonly deps: CodeIndexDeps) {}

  get state(): IndexState {
    return this.current;
  }

  /**
   * Brings the index up to date with the workspace. The folder tree (folderTree.ts) is walked and
   * only folders whose hash changed are compared with the index; an unchanged workspace is
   * confirmed without reading a file or writing the index.
   */
  refresh(signal: AbortSignal): Promise<void> {
    return this.serial(async () => {
      const ignore = await this.deps.ignore();
      const store = this.deps.store;
      this.set({ kind: 'scanning', files: 0 });
      const known = store.folders();
      const tree = await walkTree(this.deps.fs, ignore, known, signal);
      if (signal.aborted) return;
      if (tree.changed.length > 0) {
        // A file whose folder is no longer walked (deleted, now ignored) goes; so does one its
        // changed folder no longer lists.
        const listed = new Map(tree.changed.map((c) => [c.dir, new Set(c.files.map((f) => f.path))]));
        for (const path of store.paths()) {
          const dir = parentOf(path);
          if (!tree.hashes.has(dir) || listed.get(dir)?.has(path) === false) store.removeFile(path);
        }
        const files = tree.changed.flatMap((c) => c.files);
        let done = 0;
        for (const file of files) {
          if (signal.aborted) return;
          const stored = store.file(file.path);
          if (!stored || stored.size !== file.size || stored.mtime !== file.mtime) {
            // A file that could not be read is tried again next time: its folders keep no hash.
            if (!(await this.reindexFile(file.path, file))) for (const dir of ancestorsOf(file.path)) tree.hashes.delete(dir);
          }
          if (++done % 200 === 0) this.set({ kind: 'indexing', doneFiles: done, totalFiles: files.length, doneChunks: 0, totalChunks: 0 });
        }
        store.setFolders(tree.hashes);
      }
      await store.save();
      await this.embedMissing(signal, store.paths().length);
    });
  }

  /** Brings the given paths up to date (saved, created or deleted files). */
  update(paths: readonly string[], signal: AbortSignal): Promise<void> {
    return this.serial(async () => {
      const ignore = await this.deps.ignore();
      for (const path of paths) {
        if (signal.aborted) return;
        // The tree's hashes above this path no longer say what the index holds.
        this.deps.store.forgetFolders(path);
        const stat = indexable(path, ignore) ? await this.deps.fs.stat(path).catch(() => undefined) : undefined;
        if (stat?.type === 'file' && stat.size <= MAX_FILE_BYTES) await this.reindexFile(path, { size: stat.size, mtime: stat.mtime });
        else if (stat?.type === 'directory') continue;
        else {
          this.deps.store.removeFile(path);
          // A deleted folder is reported once, not file by file.
          if (!stat) for (const p of this.deps.store.paths()) if (p.startsWith(`${path}/`)) this.deps.store.removeFile(p);
        }
      }
      try {
        await this.embedMissing(signal, this.deps.store.paths().length);
      } finally {
        this.saveSoon();
      }
    });
  }

  /** The best chunks for `query`: fused when vectors are there, lexical otherwise. Never throws for a missing index. */
  async search(query: string, options: SearchOptions, signal: AbortSignal): Promise<SearchOutcome> {
    const ignore = await this.deps.ignore();
    const prefix = options.path?.replace(/\/+$/, '');
    const scoped = prefix && prefix !== '.' ? (path: string) => path === prefix || path.startsWith(`${prefix}/`) : undefined;
    // Sensitive files are never indexed; one that became sensitive since (a new .agentignore rule)
    // is dropped from the candidates here, which costs a few checks instead of one per chunk.
    const sensitive = new Map<string, boolean>();
    const allowed = (c: Chunk) => {
      let s = sensitive.get(c.path);
      if (s === undefined) sensitive.set(c.path, (s = ignore.isSensitive(c.path)));
      return !s;
    };
    const lex = this.lexicalIndex();
    const lexical = lex.bm25.search(query, CANDIDATES, scoped ? (doc) => scoped(lex.chunks[doc].path) : undefined).map((r) => lex.chunks[r.doc]).filter(allowed);
    let vector: Chunk[] = [];
    let note: string | undefined;
    const embedder = this.deps.embedder;
    if (!embedder) note = 'The semantic index has no embeddings (no API key), so these results are lexical (BM25) only.';
    else if (this.deps.store.vectorCount === 0) note = `The semantic index is not ready yet (${describe(this.current)}), so these results are lexical (BM25) only.`;
    else {
      try {
        const q = await embedder.embedQuery(query, signal);
        vector = this.deps.store.nearest(q, CANDIDATES, scoped).map((r) => r.chunk).filter(allowed);
        if (this.missing > 0) note = `The semantic index is still being built (${describe(this.current)}); files not embedded yet are found by words only.`;
      } catch (err) {
        if (signal.aborted) throw err;
        note = `The query could not be embedded (${err instanceof ModelError ? err.message : String(err)}), so these results are lexical (BM25) only.`;
      }
    }
    const recentRank = new Map((options.recent ?? []).map((p, i) => [p, i]));
    const candidates = [...new Set([...vector, ...lexical])];
    const recent = candidates.filter((c) => recentRank.has(c.path)).sort((a, b) => (recentRank.get(a.path) ?? 0) - (recentRank.get(b.path) ?? 0));
    const fused = fuse([{ items: vector, weight: WEIGHTS.vector }, { items: lexical, weight: WEIGHTS.lexical }, { items: recent, weight: WEIGHTS.recent }], options.limit);
    const hits = fused.map(({ item, score }) => ({ path: item.path, startLine: item.startLine, endLine: item.endLine, ...(item.symbol ? { symbol: item.symbol } : {}), score: Math.round(score * 10_000) / 10_000, text: item.text }));
    return { hits, mode: vector.length ? 'hybrid' : 'lexical', ...(note ? { note } : {}) };
  }

  /** Runs after whatever refresh is under way; a failed refresh does not block the next. */
  private serial(task: () => Promise<void>): Promise<void> {
    const next = this.work.then(task, task);
    this.work = next.catch(() => undefined);
    return next;
  }

  /** Re-reads one file into the index; `false` when it could not be read. */
  private async reindexFile(path: string, stat: { size: number; mtime: number }): Promise<boolean> {
    const data = await this.deps.fs.readFile(path).catch(() => undefined);
    if (!data || looksBinary(data)) {
      this.deps.store.removeFile(path);
      return data !== undefined;
    }
    const hash = createHash('sha256').update(data).digest('hex').slice(0, 32);
    const known = this.deps.store.file(path);
    if (known && known.hash === hash) {
      this.deps.store.setFile(path, { ...known, size: stat.size, mtime: stat.mtime });
      return true;
    }
    const text = new TextDecoder().decode(data);
    const tree = await this.deps.parse(path, text).catch(() => undefined);
    const chunks = chunkFile(path, text, tree);
    tree?.delete();
    this.deps.store.setFile(path, { size: stat.size, mtime: stat.mtime, hash, chunks });
    return true;
  }

  private async embedMissing(signal: AbortSignal, files: number): Promise<void> {
    const store = this.deps.store;
    const byHash = new Map<string, Chunk>();
    for (const c of store.chunks()) if (!store.hasVector(c.hash)) byHash.set(c.hash, c);
    const total = store.chunks().length;
    const already = total - byHash.size;
    this.missing = byHash.size;
    const embedder = this.deps.embedder;
    if (!embedder || byHash.size === 0) {
      this.set(embedder ? { kind: 'ready', files, chunks: total } : { kind: 'error', reason: 'no Gemini API key: search is lexical only', doneChunks: already, totalChunks: total });
      return;
    }
    const onProgress = (p: QueueProgress) => {
      const doneChunks = already + p.done;
      if (p.pausedUntil) this.set({ kind: 'paused', until: p.pausedUntil, reason: p.lastError ?? 'rate limited', doneChunks, totalChunks: total });
      else this.set({ kind: 'indexing', doneFiles: files, totalFiles: files, doneChunks, totalChunks: total });
    };
    const items = [...byHash.values()].map((c) => ({ key: c.hash, text: embedText(c) }));
    if (already === 0 && this.deps.confirmFirstBuild) {
      const agreed = await this.deps.confirmFirstBuild(estimateBuild(files, items.map((i) => i.text)), signal);
      if (!agreed) {
        this.set({ kind: 'off', reason: 'not agreed to yet: search is lexical only until you rebuild the index' });
        return;
      }
    }
    const queue = new EmbedQueue(embedder, { ...this.deps.queue, onProgress });
    try {
      await queue.run(items, async (keys, vectors) => {
        await store.addVectors(keys, vectors);
        this.missing -= keys.length;
      }, signal);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.set({ kind: 'error', reason, doneChunks: total - this.missing, totalChunks: total });
      throw err;
    }
    this.set({ kind: 'ready', files, chunks: total });
  }

  /**
   * BM25 over the store's chunks, kept in step file by file: a file whose record changed since
   * has its documents removed and its chunks added again, so a save in a big index costs that
   * file's chunks. Rebuilt whole when removed documents outnumber the live ones.
   */
  private lexicalIndex(): LexicalIndex {
    const store = this.deps.store;
    const generation = store.generation;
    let lex = this.lexical;
    if (lex?.generation === generation) return lex;
    if (!lex || lex.bm25.dead > lex.bm25.size) lex = this.lexical = { generation, bm25: new Bm25(), chunks: [], files: new Map() };
    for (const [path, seen] of lex.files) {
      if (store.file(path) === seen.record) continue;
      seen.record.chunks.forEach((c, i) => lex!.bm25.remove(seen.first + i, lexicalText(c)));
      lex.files.delete(path);
    }
    for (const path of store.paths()) {
      if (lex.files.has(path)) continue;
      const record = store.file(path)!;
      lex.files.set(path, { record, first: lex.chunks.length });
      for (const c of record.chunks) {
        lex.chunks.push(c);
        lex.bm25.add(lexicalText(c));
      }
    }
    lex.generation = generation;
    return lex;
  }

  /** Writes the index a little later: a burst of saves costs one write, and a search need not wait for it. */
  private saveSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.serial(() => this.deps.store.save()).catch(() => undefined);
    }, this.deps.saveDelayMs ?? SAVE_DELAY_MS);
    this.saveTimer.unref?.();
  }

  /** Writes what a watcher update left unsaved now (before the index is dropped). */
  flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    return this.serial(() => this.deps.store.save());
  }

  private set(state: IndexState): void {
    this.current = state;
    this.deps.onState?.(state);
  }
}

/** What BM25 indexes for a chunk: its path and symbol count as words of it. */
function lexicalText(c: Chunk): string {
  return `${c.path} ${c.symbol ?? ''}\n${c.text}`;
}

interface LexicalIndex {
  generation: number;
  bm25: Bm25;
  /** By document number; a removed file's chunks stay until the next rebuild. */
  chunks: Chunk[];
  /** Each indexed file's record as it was added and its first document number. */
  files: Map<string, { record: FileRecord; first: number }>;
}

/** What is embedded for a chunk: where it is and what it is called help a question find it. */
export function embedText(c: Chunk): string {
  return `${c.path}${c.symbol ? ` ${c.symbol}` : ''}\n${c.text}`;
}

/** The state in a few words, for notes to the model and the status bar's tooltip. */
export function describe(s: IndexState): string {
  switch (s.kind) {
    case 'off':
      return `off: ${s.reason}`;
    case 'scanning':
      return 'scanning files';
    case 'indexing':
      return s.totalChunks ? `${s.doneChunks} of ${s.totalChunks} chunks embedded` : `${s.doneFiles} of ${s.totalFiles} files read`;
    case 'paused':
      return `paused by quota until ${new Date(s.until).toISOString().slice(11, 16)} UTC, ${s.doneChunks} of ${s.totalChunks} chunks embedded`;
    case 'ready':
      return `ready: ${s.files} files, ${s.chunks} chunks`;
    case 'error':
      return `stopped: ${s.reason} (${s.doneChunks} of ${s.totalChunks} chunks embedded)`;
  }
}
