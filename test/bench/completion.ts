/**
 * Autocomplete typing replay: a real source file typed from scratch at 8 characters a second into the
 * completion engine (cache, reuse, adaptive debounce, prompt, filters), with a pause at each line
 * end and a backspace-and-retype every 40 keystrokes. Time is virtual (the debounce and a 300 ms
 * model run on a simulated clock), so the row measures the engine's decisions and its own cost:
 * - requests per 100 keystrokes (the naive baseline asks on every keystroke: 100);
 * - cache hits among keystrokes that typed through a shown suggestion or retyped after a backspace;
 * - overhead beyond model time, keystroke to suggestion (real time spent in the engine: the cache
 *   lookup on a hit; gathering context, building the prompt and filtering the answer otherwise), p95.
 * The model is an oracle: it answers with the rest of the file's current line, as a good model would.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gatherContext } from '../../src/complete/context';
import { CompletionEngine } from '../../src/complete/engine';
import type { CompletionPrompt } from '../../src/complete/prompt';
import { ms, percentile, type Row } from './table';

const KEY_MS = 125;
const LINE_PAUSE_MS = 700;
const MODEL_MS = 300;
const BACKSPACE_EVERY = 40;

interface Timer {
  at: number;
  fire: () => void;
}

export async function completionReplay(root: string): Promise<Row[]> {
  const file = readFileSync(join(root, 'src/complete/engine.ts'), 'utf8');
  let now = 0;
  const timers: Timer[] = [];
  const later = (delayMs: number, fire: () => void) => timers.push({ at: now + delayMs, fire });
  const overheads: number[] = [];
  let target = '';
  const complete = (prompt: CompletionPrompt, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      const typed = target;
      const lineEnd = file.indexOf('\n', typed.length);
      const answer = file.slice(typed.length, lineEnd < 0 ? file.length : lineEnd) || 'x';
      void prompt;
      later(MODEL_MS, () => (signal.aborted ? reject(new Error('aborted')) : resolve(answer)));
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  const engine = new CompletionEngine({
    complete,
    sleep: (delayMs, signal) => new Promise<void>((resolve) => {
      later(delayMs, resolve);
      signal.addEventListener('abort', () => resolve(), { once: true });
    }),
  });

  /** Advances the virtual clock to `to`, firing due timers and letting the engine's promises run. */
  async function advance(to: number): Promise<void> {
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const next = timers[0];
      if (!next || next.at > to) break;
      timers.shift();
      now = next.at;
      next.fire();
      await flush();
    }
    now = to;
    await flush();
  }

  let shown: { prefix: string; text: string } | undefined;
  let keystrokes = 0;
  let typedThrough = 0;
  let typedThroughHits = 0;
  let previous: AbortController | undefined;
  /** Prefix lengths at which a suggestion was on screen (the file is typed the same way each time). */
  const shownAt = new Set<number>();
  const keystroke = async (prefix: string, retype = false) => {
    keystrokes++;
    previous?.abort();
    const signal = (previous = new AbortController()).signal;
    const through = (retype && shownAt.has(prefix.length)) || (shown !== undefined && prefix.startsWith(shown.prefix) && (shown.prefix + shown.text).startsWith(prefix) && prefix.length < shown.prefix.length + shown.text.length);
    const hitsBefore = engine.stats.cacheHits;
    const t0 = performance.now();
    const call = engine.provide({ doc: 'bench', prefix, gather: () => Promise.resolve(gatherContext({ path: 'src/complete/engine.ts', languageId: 'typescript', text: prefix, offset: prefix.length, snippets: [], rules: '' })) }, signal);
    const hit = engine.stats.cacheHits > hitsBefore;
    void call.then((s) => {
      if (hit) overheads.push(performance.now() - t0);
      if (s && !signal.aborted) {
        shown = { prefix, text: s.text };
        shownAt.add(prefix.length);
      }
    });
    await flush();
    if (through) {
      typedThrough++;
      if (hit) typedThroughHits++;
    }
  };

  // Overhead of requests that reach the model: the engine's work before and after the model call.
  const timed = new CompletionEngine({
    complete: () => Promise.resolve('a + b;'),
    sleep: () => Promise.resolve(),
  });
  for (let i = 0; i < 200; i++) {
    const offset = Math.floor((file.length * i) / 200);
    const t0 = performance.now();
    await timed.provide({ doc: `t${i}`, prefix: file.slice(0, offset), gather: () => Promise.resolve(gatherContext({ path: 'a.ts', languageId: 'typescript', text: file, offset, snippets: [], rules: '' })) }, new AbortController().signal);
    overheads.push(performance.now() - t0);
  }

  let typed = '';
  for (let i = 0; i < file.length; i++) {
    typed += file[i];
    target = typed;
    await advance(now + (file[i - 1] === '\n' ? LINE_PAUSE_MS : KEY_MS));
    await keystroke(typed);
    if (keystrokes % BACKSPACE_EVERY === 0 && typed.length > 3 && !typed.slice(-3).includes('\n')) {
      for (let k = 1; k <= 3; k++) {
        target = typed.slice(0, -k);
        await advance(now + KEY_MS);
        await keystroke(typed.slice(0, -k), true);
      }
      for (let k = 2; k >= 0; k--) {
        target = typed.slice(0, typed.length - k);
        await advance(now + KEY_MS);
        await keystroke(typed.slice(0, typed.length - k), true);
      }
    }
  }
  await advance(now + 5000);

  const perHundred = (engine.stats.requests / keystrokes) * 100;
  const hitRate = typedThrough > 0 ? typedThroughHits / typedThrough : 0;
  const p95 = percentile(overheads, 95);
  return [
    {
      figure: `autocomplete requests per 100 keystrokes (${keystrokes} keystrokes at 8/s)`,
      measured: perHundred.toFixed(1),
      baseline: '100 (a request per keystroke)',
      ratio: `${(100 / Math.max(perHundred, 0.1)).toFixed(0)}× fewer`,
      aim: '≤ 10',
      ok: perHundred <= 10,
    },
    {
      figure: 'autocomplete cache hits typing through a suggestion or retyping',
      measured: `${(hitRate * 100).toFixed(0)}% (${typedThroughHits}/${typedThrough})`,
      baseline: '0% without a cache',
      ratio: '—',
      aim: '≥ 90%',
      ok: hitRate >= 0.9,
    },
    {
      figure: 'autocomplete overhead beyond model time, keystroke to suggestion (p95)',
      measured: ms(p95),
      baseline: `${ms(percentile(overheads, 50))} median`,
      ratio: '—',
      aim: '< 10 ms',
      ok: p95 < 10,
    },
  ];
}

async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
