/**
 * The codebase index's shared shapes. Everything under `src/index/` is pure: it reads files through
 * `WorkspaceFs`, embeds through the `Embedder` seam (Gemini in the product, `src/model/embeddings.ts`)
 * and persists through `BlobStorage` (a folder under the extension's storage in the product).
 */

/** One piece of a file, cut along syntax where a grammar is known. Lines are 1-based and inclusive. */
export interface Chunk {
  path: string;
  startLine: number;
  endLine: number;
  /** `Class.method`, `function`, ...; absent for top-level blocks and line windows. */
  symbol?: string;
  /** The syntax node type, `block` for grouped top-level statements, `lines` for a line window. */
  kind: string;
  text: string;
  /** Content hash of what is embedded (path, symbol and text): same hash, same vector. */
  hash: string;
}

/** Turns texts into unit vectors. Implementations throw `ModelError` (rate limits carry `retryAfterMs`). */
export interface Embedder {
  /** The most texts one call may carry (100 for Gemini's batchEmbedContents). */
  readonly maxBatch: number;
  readonly dimensions: number;
  embedDocuments(texts: string[], signal: AbortSignal): Promise<Float32Array[]>;
  embedQuery(text: string, signal: AbortSignal): Promise<Float32Array>;
}

/** Named byte blobs that outlive the process (files in a folder in the product, a Map in tests). */
export interface BlobStorage {
  read(name: string): Promise<Uint8Array | undefined>;
  write(name: string, data: Uint8Array): Promise<void>;
  /** Adds to the end of the blob, creating it when missing. */
  append(name: string, data: Uint8Array): Promise<void>;
  delete(name: string): Promise<void>;
}

/** What the status bar shows. */
export type IndexState =
  | { kind: 'off'; reason: string }
  | { kind: 'scanning'; files: number }
  | { kind: 'indexing'; doneFiles: number; totalFiles: number; doneChunks: number; totalChunks: number }
  | { kind: 'paused'; until: number; reason: string; doneChunks: number; totalChunks: number }
  | { kind: 'ready'; files: number; chunks: number }
  | { kind: 'error'; reason: string; doneChunks: number; totalChunks: number };

/** One search hit as the tool returns it: the tools' own shape. */
export type { SemanticHit as SearchHit } from '../tools/types';
