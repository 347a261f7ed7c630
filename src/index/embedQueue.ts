/**
 * Embeds many texts in batches of at most `embedder.maxBatch`, through a token bucket sized in
 * requests per minute. A rate limit (429) pauses for the server's `RetryInfo` delay (or a backoff
 * when it names none) and then retries the same batch, for as long as it takes: indexing never
 * gives up half-way because of a per-minute quota. Only a used-up daily quota, a refused request
 * or cancellation ends it, and then what was embedded so far has already been handed on.
 */
import { ModelError } from '../model/types';
import type { Embedder } from './types';

/** What the queue reports while it works. */
export interface QueueProgress {
  done: number;
  total: number;
  /** Set while waiting out a rate limit: when it resumes (ms since epoch), and why. */
  pausedUntil?: number;
  lastError?: string;
}

export interface QueueOptions {
  /** The bucket's size and refill: this many requests per minute, at most. */
  requestsPerMinute: number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
  onProgress?(p: QueueProgress): void;
  /** Transient server or network failures in a row before giving up; rate limits never count. */
  maxTransientFailures?: number;
}

const MAX_BACKOFF_MS = 60_000;

/** A token bucket: `take()` answers how long to wait before the next request may go. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly perMinute: number, now: number) {
    this.tokens = Math.max(1, perMinute);
    this.last = now;
  }

  /** Takes one token; the wait in ms until it is there (0 when it already is). */
  take(now: number): number {
    const capacity = Math.max(1, this.perMinute);
    this.tokens = Math.min(capacity, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens * 60_000) / this.perMinute);
  }

  /** After a 429 the server's view wins: start from empty. */
  drain(): void {
    this.tokens = Math.min(this.tokens, 0);
  }
}

export class EmbedQueue {
  private bucket: TokenBucket;

  constructor(private readonly embedder: Embedder, private readonly options: QueueOptions) {
    this.bucket = new TokenBucket(options.requestsPerMinute, options.now());
  }

  /**
   * Embeds `items` in order; `onBatch` receives each batch's keys and vectors as soon as they
   * arrive (so a reload keeps them). Throws `ModelError` when it has to stop.
   */
  async run(items: ReadonlyArray<{ key: string; text: string }>, onBatch: (keys: string[], vectors: Float32Array[]) => Promise<void> | void, signal: AbortSignal): Promise<void> {
    const progress: QueueProgress = { done: 0, total: items.length };
    const report = () => this.options.onProgress?.({ ...progress });
    report();
    const size = Math.max(1, Math.min(100, this.embedder.maxBatch));
    for (let i = 0; i < items.length; i += size) {
      const batch = items.slice(i, i + size);
      const vectors = await this.embedBatch(batch.map((b) => b.text), progress, report, signal);
      await onBatch(batch.map((b) => b.key), vectors);
      progress.done += batch.length;
      delete progress.pausedUntil;
      report();
    }
  }

  private async embedBatch(texts: string[], progress: QueueProgress, report: () => void, signal: AbortSignal): Promise<Float32Array[]> {
    let transient = 0;
    let rateLimits = 0;
    for (;;) {
      if (signal.aborted) throw new ModelError('cancelled', 'Indexing was stopped.');
      const wait = this.bucket.take(this.options.now());
      if (wait > 0) await this.options.sleep(wait, signal);
      try {
        return await this.embedder.embedDocuments(texts, signal);
      } catch (err) {
        if (signal.aborted) throw new ModelError('cancelled', 'Indexing was stopped.');
        const e = err instanceof ModelError ? err : new ModelError('unknown', err instanceof Error ? err.message : String(err));
        progress.lastError = e.message;
        if (e.kind === 'rateLimit') {
          rateLimits++;
          this.bucket.drain();
        } else if (e.retryable && ++transient <= (this.options.maxTransientFailures ?? 6)) {
          // a server or network hiccup: retried a few times with backoff
        } else {
          report();
          throw e;
        }
        const delay = e.options.retryAfterMs ?? Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, rateLimits + transient - 1));
        progress.pausedUntil = this.options.now() + delay;
        report();
        await this.options.sleep(delay, signal);
      }
    }
  }
}
