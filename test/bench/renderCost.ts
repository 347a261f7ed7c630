/**
 * Render cost: the chat panel's main-thread time per streamed chunk when the answer is 1,000 and
 * 100,000 characters long, in headless Chromium. The page loads the built panel (dist/webview.js
 * with its CSS) behind a stub `acquireVsCodeApi` and is driven only through window messages, as the
 * extension drives it. The panel renders on each message (no two chunks share a render, the worst
 * case), and each chunk is timed from the message to after layout.
 * Baseline: the naive panel, which gets the whole chat (a snapshot) on every chunk and renders the
 * whole answer again, with the same bundle and Markdown renderer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM } from '../host/provision';
import { sampleAnswer, sectionStart } from '../unit/fakes/sampleAnswer';
import { median, ms, times, type Row } from './table';

const ORIGIN = 'http://bench.invalid';
const CHUNKS = 60;
const CHUNK_CHARS = 40;

const PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<link rel="stylesheet" href="${ORIGIN}/dist/codicons/codicon.css">
<link rel="stylesheet" href="${ORIGIN}/media/panel.css">
<script>
  window.acquireVsCodeApi = () => ({ postMessage() {}, getState() { return undefined; }, setState() {} });
</script>
</head><body><script src="${ORIGIN}/dist/webview.js"></script></body></html>`;

type Mode = 'events' | 'snapshot';

export async function renderCost(): Promise<Row> {
  // About 1k and 100k characters, each at the start of a section of the sample answer, so that the
  // timed chunks stream the same kind of Markdown (heading, prose, list, table, code) at both sizes.
  const SIZES = [sectionStart(1_000), sectionStart(100_000)];
  const root = process.cwd();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const result: Record<Mode, number[]> = { events: [], snapshot: [] };
    await measure(browser, root, 'events', SIZES[0], CHUNKS); // warm-up: the first page pays for compiling
    for (const mode of ['events', 'snapshot'] as const) {
      // Whole re-renders of 100k take long; fewer of them say as much.
      for (const size of SIZES) result[mode].push(median(await measure(browser, root, mode, size, mode === 'events' ? CHUNKS : CHUNKS / 3)));
    }
    const [small, large] = result.events;
    const [wholeSmall, wholeLarge] = result.snapshot;
    const growth = large / small;
    return {
      figure: 'render cost per chunk (1k vs 100k chars)',
      measured: `${ms(small)} at ${k(SIZES[0])}, ${ms(large)} at ${k(SIZES[1])}`,
      baseline: `whole re-render: ${ms(wholeSmall)} at ${k(SIZES[0])}, ${ms(wholeLarge)} at ${k(SIZES[1])}`,
      ratio: `100k/1k ${times(growth)} (baseline ${times(wholeLarge / wholeSmall)})`,
      aim: '100k < 1.5× 1k',
      ok: growth < 1.5,
    };
  } finally {
    await browser.close();
  }
}

/** Milliseconds per chunk for `chunks` chunks streamed after `size` characters, in a fresh page. */
async function measure(browser: Browser, root: string, mode: Mode, size: number, chunks: number): Promise<number[]> {
  const page = await browser.newPage({ viewport: { width: 420, height: 900 } });
  try {
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/') return route.fulfill({ contentType: 'text/html', body: PAGE });
      const type = path.endsWith('.css') ? 'text/css' : path.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
      return route.fulfill({ contentType: type, body: readFileSync(join(root, path)) });
    });
    await page.goto(`${ORIGIN}/`);
    const text = sampleAnswer(size + chunks * CHUNK_CHARS);
    return await page.evaluate(
      ({ text, size, chunks, chunkChars, mode }) => {
        const info = { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'gemini-flash-latest', models: ['gemini-flash-latest'], history: [] };
        const send = (data: unknown) => window.dispatchEvent(new MessageEvent('message', { data }));
        const chat = (answer: string) => ({
          id: 'bench',
          title: 'Bench',
          running: true,
          runId: 'r1',
          items: [
            { kind: 'user', id: 'u0', text: 'Explain the code base' },
            { kind: 'assistant', id: 'a1', text: answer, thought: '' },
          ],
        });
        const delta = (t: string) => ({ type: 'events', chatId: 'bench', events: [{ type: 'textDelta', text: t }] });
        send({ type: 'snapshot', chat: { id: 'bench', title: 'New chat', items: [], running: false }, info });
        send({ type: 'events', chatId: 'bench', events: [{ type: 'runStarted', runId: 'r1', request: 'Explain the code base' }] });
        // The lead-in arrives in large pieces: what ends up rendered is the same.
        for (let at = 0; at < size; at += 2000) send(delta(text.slice(at, Math.min(size, at + 2000))));
        const rendered = document.querySelector('[data-testid="assistant-text"]')?.textContent?.length ?? 0;
        if (rendered < size * 0.6) throw new Error(`the lead-in did not render (${rendered} characters shown of ${size})`);
        void document.body.offsetHeight;
        const out: number[] = [];
        for (let i = 0; i < chunks; i++) {
          const end = size + (i + 1) * chunkChars;
          const t0 = performance.now();
          send(mode === 'events' ? delta(text.slice(end - chunkChars, end)) : { type: 'snapshot', chat: chat(text.slice(0, end)), info });
          void document.body.offsetHeight;
          out.push(performance.now() - t0);
        }
        return out;
      },
      { text, size, chunks, chunkChars: CHUNK_CHARS, mode },
    );
  } finally {
    await page.close();
  }
}

const k = (chars: number) => `${(chars / 1000).toFixed(1)}k chars`;
