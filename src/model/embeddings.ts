/**
 * Gemini embeddings for the codebase index, through the SDK (this folder is its only importer).
 * Chunks go through `batchEmbedContents` (at most 100 requests a call, the API's limit) with
 * `taskType: RETRIEVAL_DOCUMENT`; queries through `embedContent` with `CODE_RETRIEVAL_QUERY`.
 * Vectors are truncated by the server to `outputDimensionality` and normalised here (a truncated
 * Gemini vector is not unit length). The 0.24 SDK's types lack `outputDimensionality` and
 * `CODE_RETRIEVAL_QUERY`; it spreads the request into the body, so both reach the server.
 */
import { GoogleGenerativeAI, type EmbedContentRequest } from '@google/generative-ai';
import { toModelError } from './errors';
import { DEFAULT_BASE_URL } from './gemini';
import { ModelError } from './types';

export const DEFAULT_EMBEDDING_MODEL = 'gemini-embedding-001';
export const EMBEDDING_DIMENSIONS = 768;
const MAX_BATCH = 100;

export interface EmbedderOptions {
  apiKey: string;
  model?: string;
  baseUrl?: string;
  dimensions?: number;
}

export class GeminiEmbedder {
  readonly maxBatch = MAX_BATCH;
  readonly dimensions: number;
  readonly model: string;
  private readonly baseUrl: string;

  constructor(private readonly options: EmbedderOptions) {
    this.dimensions = options.dimensions ?? EMBEDDING_DIMENSIONS;
    this.model = options.model?.trim() || DEFAULT_EMBEDDING_MODEL;
    this.baseUrl = (options.baseUrl?.trim() || DEFAULT_BASE_URL).replace(/\/+$/, '');
  }

  async embedDocuments(texts: string[], signal: AbortSignal): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    if (texts.length > MAX_BATCH) throw new ModelError('badRequest', `At most ${MAX_BATCH} texts can be embedded in one call.`);
    const requests = texts.map((text) => this.request(text, 'RETRIEVAL_DOCUMENT'));
    const result = await this.call(() => this.sdk().batchEmbedContents({ requests }, { signal }), signal);
    if (result.embeddings?.length !== texts.length) throw new ModelError('server', 'Gemini returned a different number of embeddings than texts sent.');
    return result.embeddings.map((e) => unit(e.values));
  }

  async embedQuery(text: string, signal: AbortSignal): Promise<Float32Array> {
    const result = await this.call(() => this.sdk().embedContent(this.request(text, 'CODE_RETRIEVAL_QUERY'), { signal }), signal);
    return unit(result.embedding.values);
  }

  private request(text: string, taskType: string): EmbedContentRequest {
    return { content: { role: 'user', parts: [{ text }] }, taskType, outputDimensionality: this.dimensions } as unknown as EmbedContentRequest;
  }

  private async call<T>(fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (signal.aborted) throw new ModelError('cancelled', 'The request was stopped.');
      throw toModelError(err, { baseUrl: this.baseUrl, model: this.model, apiKey: this.options.apiKey });
    }
  }

  private sdk() {
    return new GoogleGenerativeAI(this.options.apiKey).getGenerativeModel({ model: this.model }, { baseUrl: this.baseUrl });
  }
}

function unit(values: number[]): Float32Array {
  let sum = 0;
  for (const v of values) sum += v * v;
  const norm = Math.sqrt(sum) || 1;
  return Float32Array.from(values, (v) => v / norm);
}
