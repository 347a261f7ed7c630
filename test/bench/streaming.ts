/**
 * Streaming latency in the real workbench: the emulator streams 2,000 text chunks at about 200 a
 * second through the installed extension into the chat panel. Each chunk carries a marker
 * (`k123q`). A pass-through proxy in front of the emulator stamps the moment each marker leaves
 * for the extension; a MutationObserver in the panel's frame stamps the moment it is in the DOM.
 * The two clocks (Node and the webview) are lined up by the round trip with the least delay. The
 * moment the message with the chunk reaches the panel's window is stamped too, to tell transport
 * (extension host, postMessage, the iframes) from rendering.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Locator, Page } from 'playwright-core';
import { GeminiClient } from '../../src/model/gemini';
import { startEmulator, type Emulator } from '../emulator';
import { chatFrame, runCommand } from '../host/workbench';
import { hostMissing, withHost } from './host';
import { ms, notMeasured, percentile, type Row } from './table';

const CHUNKS = 2000;
/** The emulator waits this long between chunks; its timer adds about 1 ms, which makes ~200/s. */
const CHUNK_DELAY_MS = 4;
const FIGURE = `streaming latency (${CHUNKS.toLocaleString('en')} chunks, real workbench)`;
const AIM = 'p95 < 16 ms';
const MARKER = /k(\d+)q/g;

const epochNow = () => performance.timeOrigin + performance.now();

export async function streamingLatency(root: string, log: (line: string) => void): Promise<Row> {
  const missing = hostMissing(root);
  if (missing) return notMeasured(FIGURE, AIM, missing);
  const emulator = await startEmulator({});
  const sent = new Map<number, number>();
  const proxy = await stampingProxy(emulator.port, sent);
  try {
    const baseUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const sdk = await sdkLeg(emulator, baseUrl, sent);
    log(`streaming: emulator to the agent through the SDK alone: p50 ${ms(percentile(sdk, 50))}, p95 ${ms(percentile(sdk, 95))}`);
    sent.clear();
    const settings = { 'geminiAgent.apiBaseUrl': baseUrl };
    return await withHost(root, { settings, env: { GEMINI_API_KEY: 'test-key' }, log }, async ({ browser }) => {
      const page = browser.page;
      const input = chatFrame(page).locator('[data-testid="input"]');
      await openPanel(page, input);
      const frame = (await (await input.elementHandle())?.ownerFrame()) ?? undefined;
      if (!frame) throw new Error('the chat panel frame was not found');
      await observeMarkers(frame);
      const offset = await clockOffset(frame);
      emulator.load(scenario());
      await input.fill('Explain the code base at length');
      await input.press('Enter');
      await chatFrame(page).locator('[data-testid="run-end"]').first().waitFor({ timeout: 180_000 });
      type Marks = { __seen: Map<string, number>; __arrived: Map<string, number> };
      const [seen, arrived] = await frame.evaluate(() => [[...(window as unknown as Marks).__seen], [...(window as unknown as Marks).__arrived]]);
      const since = (marks: Array<[string, number]>) =>
        marks.flatMap(([id, at]) => {
          const sentAt = sent.get(Number(id));
          return sentAt === undefined ? [] : [at - offset.offset - sentAt];
        });
      const latencies = since(seen);
      const toPanel = since(arrived);
      if (latencies.length === 0) throw new Error('no chunk was seen in the panel');
      log(`streaming: webview clock lined up within ±${ms(offset.rtt / 2)}`);
      log(`streaming: percentiles ${[10, 25, 50, 75, 90, 95, 99, 100].map((p) => `p${p} ${ms(percentile(latencies, p))}`).join(', ')}`);
      const times = [...sent.values()].sort((a, b) => a - b);
      const rate = ((times.length - 1) / (times[times.length - 1] - times[0])) * 1000;
      const p50 = percentile(latencies, 50);
      const p95 = percentile(latencies, 95);
      return {
        figure: FIGURE,
        measured: `p50 ${ms(p50)}, p95 ${ms(p95)} (at the panel's window: ${ms(percentile(toPanel, 50))} / ${ms(percentile(toPanel, 95))}; ${latencies.length}/${CHUNKS} chunks at ${rate.toFixed(0)}/s)`,
        baseline: '—',
        ratio: '—',
        aim: AIM,
        ok: p95 < 16 && latencies.length === CHUNKS,
      };
    });
  } finally {
    await new Promise<void>((r) => proxy.close(() => r()));
    proxy.closeAllConnections();
    await emulator.close();
  }
}

/**
 * The first leg on its own: the same answer streamed through the product's model client (the real
 * SDK) in this process, each marker timed from the proxy to the agent's delta callback.
 */
async function sdkLeg(emulator: Emulator, baseUrl: string, sent: Map<number, number>): Promise<number[]> {
  emulator.load({ name: 'bench-sdk-leg', turns: [scenario().turns[1]] });
  const client = new GeminiClient({ apiKey: 'test-key', model: 'gemini-flash-latest', baseUrl });
  const latencies: number[] = [];
  const request = { contents: [{ role: 'user' as const, parts: [{ text: 'Explain the code base at length' }] }] };
  await client.generate(request, (delta) => {
    if (delta.type !== 'text') return;
    const at = epochNow();
    for (const m of delta.text.matchAll(MARKER)) {
      const sentAt = sent.get(Number(m[1]));
      if (sentAt !== undefined) latencies.push(at - sentAt);
    }
  }, new AbortController().signal);
  return latencies;
}

/** Opens the chat panel by its command; a workbench still starting up may miss the first try. */
export async function openPanel(page: Page, input: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await runCommand(page, 'Agent: New Chat');
      await input.waitFor({ timeout: 30_000 });
      return;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
}

/** A one-task plan, then one answer of `CHUNKS` chunks, a paragraph every 25 chunks. */
function scenario() {
  const plan = { functionCall: { name: 'submit_plan', args: { tasks: [{ id: '1', description: 'Explain the code base', files: [] }] } } };
  const words = ['The handler', 'reads the body,', 'checks the session', 'and passes it on;', 'errors map to codes', 'in one place,', 'so it stays small.'];
  const chunks = Array.from({ length: CHUNKS }, (_, i) => ({ text: `${words[i % words.length]} k${i}q${i % 25 === 24 ? '\n\n' : ' '}` }));
  return { name: 'bench-streaming', turns: [{ chunks: [plan] }, { chunks, chunkDelayMs: CHUNK_DELAY_MS }] };
}

/** Forwards everything to the emulator and stamps each marker as its bytes leave. */
export function stampingProxy(port: number, sent: Map<number, number>): Promise<Server> {
  const server = createServer((req, res) => {
    const upstream = request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      let carry = '';
      up.on('data', (chunk: Buffer) => {
        res.write(chunk);
        const now = epochNow();
        const text = carry + chunk.toString('latin1');
        for (const m of text.matchAll(MARKER)) if (!sent.has(Number(m[1]))) sent.set(Number(m[1]), now);
        carry = text.slice(-16);
      });
      up.on('end', () => res.end());
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** Records, in the panel's frame, when each marker first appears in the DOM. */
export async function observeMarkers(frame: Frame): Promise<void> {
  await frame.evaluate((source) => {
    const re = new RegExp(source, 'g');
    const seen = new Map<string, number>();
    const arrived = new Map<string, number>();
    Object.assign(window, { __seen: seen, __arrived: arrived });
    const scan = (text: string, at: number, into = seen) => {
      for (const m of text.matchAll(re)) if (!into.has(m[1])) into.set(m[1], at);
    };
    // When the message carrying a chunk reaches the panel, before it is rendered.
    window.addEventListener('message', (e) => scan(JSON.stringify(e.data), performance.timeOrigin + performance.now(), arrived));
    new MutationObserver((records) => {
      const at = performance.timeOrigin + performance.now();
      for (const r of records) {
        if (r.type === 'characterData') scan((r.target as CharacterData).data, at);
        else for (const node of Array.from(r.addedNodes)) scan(node.textContent ?? '', at);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, MARKER.source);
}

/** The webview clock minus ours, from the quickest of 20 round trips. */
export async function clockOffset(frame: Frame): Promise<{ offset: number; rtt: number }> {
  let best = { offset: 0, rtt: Infinity };
  for (let i = 0; i < 20; i++) {
    const t0 = epochNow();
    const theirs = await frame.evaluate(() => performance.timeOrigin + performance.now());
    const t1 = epochNow();
    if (t1 - t0 < best.rtt) best = { offset: theirs - (t0 + t1) / 2, rtt: t1 - t0 };
  }
  return best;
}
