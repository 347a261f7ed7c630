/**
 * One completion request from keystroke to text: cache first (typing through a suggestion or
 * retyping asks nothing), then a request still running for an earlier point of the same typing is
 * reused when the typed text matches its answer, otherwise the running one is aborted, the
 * debouncer waits, and a new request goes out. No `vscode` here: the adapter supplies the context.
 */
import { CompletionCache, type Suggestion } from './cache';
import type { CompletionContext } from './context';
import { AdaptiveDebouncer } from './debounce';
import { completionMode, postProcess } from './filters';
import { buildPrompt, type CompletionPrompt } from './prompt';

/** Asks the model; rejects (or resolves with anything) once `signal` aborts. */
export type CompleteFn = (prompt: CompletionPrompt, signal: AbortSignal) => Promise<string>;

export interface EngineDeps {
  complete: CompleteFn;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  cache?: CompletionCache;
  debouncer?: AdaptiveDebouncer;
  onError?: (err: unknown) => void;
}

export interface CompletionRequest {
  /** The document's identity (its URI). */
  doc: string;
  /** All the text before the cursor. */
  prefix: string;
  /** Prefix/suffix windows and snippets, gathered only when a request is actually made. */
  gather: () => Promise<CompletionContext>;
}

export interface EngineStats {
  requests: number;
  cacheHits: number;
  reused: number;
  aborted: number;
}

interface Pending {
  doc: string;
  prefix: string;
  controller: AbortController;
  result: Promise<Suggestion | undefined>;
}

export class CompletionEngine {
  readonly stats: EngineStats = { requests: 0, cacheHits: 0, reused: 0, aborted: 0 };
  private readonly cache: CompletionCache;
  private readonly debouncer: AdaptiveDebouncer;
  private pending: Pending | undefined;
  /**
   * Per document, the last prefix the model had nothing for. VS Code asks again at the same point
   * (its suggest widget opens after an empty answer and asks with the selected item), and the
   * same question would get the same nothing.
   */
  private readonly nothingAt = new Map<string, string>();
  private nextId = 1;
  /** Aborted by `reset()`: calls waiting out the debounce give up too. */
  private epoch = new AbortController();

  constructor(private readonly deps: EngineDeps) {
    this.cache = deps.cache ?? new CompletionCache();
    this.debouncer = deps.debouncer ?? new AdaptiveDebouncer();
  }

  /** The text to show at the cursor, or undefined. `signal` aborts when VS Code gives up on this call. */
  async provide(req: CompletionRequest, signal: AbortSignal): Promise<Suggestion | undefined> {
    const hit = this.cache.lookup(req.doc, req.prefix);
    if (hit !== undefined) {
      this.stats.cacheHits++;
      return hit;
    }
    if (this.nothingAt.get(req.doc) === req.prefix) {
      this.stats.cacheHits++;
      return undefined;
    }
    const running = this.pending;
    if (running && running.doc === req.doc && req.prefix.startsWith(running.prefix)) {
      this.stats.reused++;
      const answer = await untilAborted(running.result, signal);
      const typed = req.prefix.slice(running.prefix.length);
      if (answer !== undefined && answer.text.length > typed.length && answer.text.startsWith(typed)) return { id: answer.id, text: answer.text.slice(typed.length) };
      if (signal.aborted) return undefined;
    } else if (running) {
      this.abortPending();
    }
    const epoch = this.epoch.signal;
    await this.deps.sleep(this.debouncer.delayMs, AbortSignal.any([signal, epoch]));
    if (signal.aborted || epoch.aborted) return undefined;
    // The next keystroke's call aborts this one unless it can reuse it (above).
    this.abortPending();
    const controller = new AbortController();
    const result = this.request(req, controller.signal);
    const mine: Pending = { doc: req.doc, prefix: req.prefix, controller, result };
    this.pending = mine;
    void result.finally(() => {
      if (this.pending === mine) this.pending = undefined;
    });
    return untilAborted(result, signal);
  }

  accepted(): void {
    this.debouncer.accepted();
  }

  rejected(): void {
    this.debouncer.rejected();
  }

  get debounceMs(): number {
    return this.debouncer.delayMs;
  }

  /** Turned off or snoozed: the running request is aborted and calls waiting to ask give up. */
  reset(): void {
    this.nothingAt.clear();
    this.epoch.abort();
    this.epoch = new AbortController();
    this.abortPending();
  }

  /** Aborts the running request (a keystroke elsewhere). */
  abortPending(): void {
    if (!this.pending) return;
    this.pending.controller.abort();
    this.stats.aborted++;
    this.pending = undefined;
  }

  private async request(req: CompletionRequest, signal: AbortSignal): Promise<Suggestion | undefined> {
    try {
      const ctx = await req.gather();
      if (signal.aborted) return undefined;
      const mode = completionMode(ctx.prefix, ctx.suffix);
      this.stats.requests++;
      const raw = await this.deps.complete(buildPrompt(ctx, mode), signal);
      if (signal.aborted) return undefined;
      const text = postProcess(raw, { prefix: ctx.prefix, suffix: ctx.suffix, mode });
      if (text === undefined) {
        this.nothingAt.set(req.doc, req.prefix);
        return undefined;
      }
      const id = this.nextId++;
      this.cache.set(req.doc, req.prefix, text, id);
      return { id, text };
    } catch (err) {
      if (!signal.aborted) this.deps.onError?.(err);
      return undefined;
    }
  }
}

/** `promise`'s value, or undefined as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T | undefined>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve(undefined);
      },
    );
  });
}
