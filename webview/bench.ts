/**
 * The panel's streaming cost, measured in a real browser page: `npm run bench` bundles this
 * module for the browser, mounts a real `Panel` into a page and times one chunk at a time, at a
 * short and a long answer, to show that a chunk costs the same at 1k and 100k characters.
 */
import { emptyChat } from '../src/shared/chatState';
import type { PanelInfo } from '../src/shared/protocol';
import { sampleAnswer } from './benchAnswer';
import { Panel } from './panel';
import { ChatStore } from './store';

export { sampleAnswer } from './benchAnswer';

export interface StreamBenchOptions {
  /** Characters of answer streamed (and rendered) before the timed chunks. */
  answerChars: number;
  /** Timed chunks; default 200. */
  chunks?: number;
  /** Characters per chunk; default 40, about what a Gemini stream delivers per frame. */
  chunkChars?: number;
  /**
   * Read the layout after each render, so the time includes the style and layout work the chunk
   * causes, as a real frame would. Default true.
   */
  layout?: boolean;
  /**
   * The answer to stream, at least `answerChars + chunks * chunkChars` long; default `sampleAnswer`
   * (prose, lists, tables and short code blocks). One long code block is the worst case: it stays
   * open, so it is rendered again whole on every chunk.
   */
  text?: string;
  /** Also count the DOM nodes each chunk adds or removes (a MutationObserver; off by default). */
  countNodes?: boolean;
}

export interface StreamBenchResult {
  answerChars: number;
  chunks: number;
  chunkChars: number;
  /** One entry per timed chunk: applying the event and rendering it (and layout, if asked). */
  timingsMs: number[];
  medianMs: number;
  p95Ms: number;
  meanMs: number;
  /** Elements in the answer when done: shows the answer's size in the DOM. */
  answerElements: number;
  /** With `countNodes`: nodes added plus removed per timed chunk (the same at 1k and 100k). */
  nodesPerChunk?: number[];
}

const INFO: PanelInfo = { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'gemini-2.5-flash', models: ['gemini-2.5-flash'], history: [] };

/**
 * Mounts a panel into `root` (replacing its content), streams `answerChars` characters of a
 * Markdown answer (prose, lists, tables and code) into it, then times `chunks` further chunks one
 * by one. Synchronous: each chunk is what one animation frame would render.
 */
export function benchStreaming(root: HTMLElement, options: StreamBenchOptions): StreamBenchResult {
  const chunks = options.chunks ?? 200;
  const chunkChars = options.chunkChars ?? 40;
  const layout = options.layout ?? true;
  const text = options.text ?? sampleAnswer(options.answerChars + chunks * chunkChars);
  if (text.length < options.answerChars + chunks * chunkChars) throw new Error(`text has ${text.length} characters; needs ${options.answerChars + chunks * chunkChars}`);

  const store = new ChatStore();
  const panel = new Panel(root, () => undefined, { get: () => '', set: () => undefined });
  store.receive({ type: 'snapshot', chat: emptyChat('bench'), info: INFO });
  store.receive({ type: 'events', chatId: 'bench', events: [{ type: 'runStarted', runId: 'bench', request: 'Explain the code base' }] });
  panel.render(store);
  // The lead-in is streamed in large pieces: what is frozen is the same as with small ones.
  for (let at = 0; at < options.answerChars; at += 4000) {
    store.receive({ type: 'events', chatId: 'bench', events: [{ type: 'textDelta', text: text.slice(at, Math.min(at + 4000, options.answerChars)) }] });
    panel.render(store);
  }
  void root.offsetHeight;

  const timingsMs: number[] = [];
  const observer = options.countNodes ? new MutationObserver(() => undefined) : undefined;
  observer?.observe(root, { childList: true, subtree: true });
  const nodesPerChunk: number[] = [];
  for (let i = 0; i < chunks; i++) {
    const at = options.answerChars + i * chunkChars;
    const t0 = performance.now();
    store.receive({ type: 'events', chatId: 'bench', events: [{ type: 'textDelta', text: text.slice(at, at + chunkChars) }] });
    panel.render(store);
    if (layout) void root.offsetHeight;
    timingsMs.push(performance.now() - t0);
    if (observer) nodesPerChunk.push(observer.takeRecords().reduce((n, r) => n + r.addedNodes.length + r.removedNodes.length, 0));
  }
  observer?.disconnect();
  const sorted = [...timingsMs].sort((a, b) => a - b);
  const answer = root.querySelector('[data-testid="assistant-text"]');
  return {
    answerChars: options.answerChars,
    chunks,
    chunkChars,
    timingsMs,
    medianMs: sorted[sorted.length >> 1] ?? 0,
    p95Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0,
    meanMs: timingsMs.reduce((a, b) => a + b, 0) / Math.max(1, timingsMs.length),
    answerElements: answer?.querySelectorAll('*').length ?? 0,
    ...(observer ? { nodesPerChunk } : {}),
  };
}
