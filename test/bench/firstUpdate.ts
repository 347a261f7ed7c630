/**
 * Time to first visible progress, in the real workbench: five messages, each answered by a
 * planning turn that streams a thought summary first and its submit_plan call 300 ms later. The
 * thought's heading (shown on the folded Thinking section) and a plan task carry markers; the
 * streaming row's proxy stamps the moment each leaves the emulator, and a MutationObserver in the
 * panel the moment it is in the DOM. The model's own time (request in to first chunk out) is
 * outside both figures by construction. Also printed: Enter (a keydown in the panel) to the
 * planning request leaving for Gemini, the extension's own work before the model can start.
 */
import type { IncomingMessage } from 'node:http';
import { startEmulator } from '../emulator';
import { chatFrame } from '../host/workbench';
import { hostMissing, withHost } from './host';
import { clockOffset, observeMarkers, openPanel, stampingProxy } from './streaming';
import { median, ms, notMeasured, type Row } from './table';

const MESSAGES = 5;
const FIGURE = `Enter → first visible update (${MESSAGES} messages, real workbench)`;
const AIM = '< 50 ms after the first chunk (median)';
const PLAN_DELAY_MS = 300;

const epochNow = () => performance.timeOrigin + performance.now();
const thoughtMarker = (m: number) => 10 * m + 1;
const planMarker = (m: number) => 10 * m + 2;

export async function firstUpdate(root: string, log: (line: string) => void): Promise<Row> {
  const missing = hostMissing(root);
  if (missing) return notMeasured(FIGURE, AIM, missing);
  const emulator = await startEmulator({ scenario: scenario() });
  const sent = new Map<number, number>();
  const proxy = await stampingProxy(emulator.port, sent);
  const requestsOut: number[] = [];
  proxy.prependListener('request', (req: IncomingMessage) => {
    if (req.url?.includes(':streamGenerateContent')) requestsOut.push(epochNow());
  });
  try {
    const baseUrl = `http://127.0.0.1:${(proxy.address() as import('node:net').AddressInfo).port}`;
    return await withHost(root, { settings: { 'geminiAgent.apiBaseUrl': baseUrl }, env: { GEMINI_API_KEY: 'test-key' }, log }, async ({ browser }) => {
      const page = browser.page;
      const input = chatFrame(page).locator('[data-testid="input"]');
      await openPanel(page, input);
      const frame = (await (await input.elementHandle())?.ownerFrame()) ?? undefined;
      if (!frame) throw new Error('the chat panel frame was not found');
      await observeMarkers(frame);
      await frame.evaluate(() => {
        const enters: number[] = [];
        Object.assign(window, { __enters: enters });
        document.addEventListener('keydown', (e) => e.key === 'Enter' && enters.push(performance.timeOrigin + performance.now()), true);
      });
      const offset = await clockOffset(frame);
      const ends = chatFrame(page).locator('[data-testid="run-end"]');
      for (let m = 0; m < MESSAGES; m++) {
        await input.fill(`Message ${m}: what does this folder hold?`);
        await input.press('Enter');
        await ends.nth(m).waitFor({ timeout: 60_000 });
      }
      type Marks = { __seen: Map<string, number>; __enters: number[] };
      const [seen, enters] = await frame.evaluate(() => [[...(window as unknown as Marks).__seen], (window as unknown as Marks).__enters] as const);
      const seenAt = new Map(seen.map(([id, at]) => [Number(id), at - offset.offset]));
      const delay = (marker: number) => {
        const a = sent.get(marker);
        const b = seenAt.get(marker);
        if (a === undefined || b === undefined) throw new Error(`marker k${marker}q was not ${a === undefined ? 'sent' : 'seen in the panel'}`);
        return b - a;
      };
      const first = Array.from({ length: MESSAGES }, (_, m) => delay(thoughtMarker(m)));
      const plan = Array.from({ length: MESSAGES }, (_, m) => delay(planMarker(m)));
      // Requests per message: the plan, then the answer; the plan's is the first of each pair.
      const beforeModel = enters.slice(0, MESSAGES).map((e, m) => requestsOut[2 * m] - (e - offset.offset));
      log(`first update: thought heading shown ${first.map(ms).join(', ')} after its chunk left; plan ${plan.map(ms).join(', ')}; Enter → request out ${beforeModel.map(ms).join(', ')} (clocks within ±${ms(offset.rtt / 2)})`);
      const worst = Math.max(...first);
      const worstAt = first.indexOf(worst) + 1;
      return {
        figure: FIGURE,
        measured: `first chunk → Thinking heading shown: median ${ms(median(first))}, worst ${ms(worst)} (message ${worstAt} of the window); plan items ${ms(median(plan))}; Enter → request out ${ms(median(beforeModel))}`,
        baseline: '—',
        ratio: '—',
        aim: AIM,
        ok: median(first) < 50,
      };
    });
  } finally {
    await new Promise<void>((r) => proxy.close(() => r()));
    proxy.closeAllConnections();
    await emulator.close();
  }
}

function scenario() {
  const turns = [];
  for (let m = 0; m < MESSAGES; m++) {
    turns.push({
      chunks: [
        { text: `**Looking at the folder k${thoughtMarker(m)}q**\n\nThe request is a question; one task answers it.`, thought: true },
        { functionCall: { name: 'submit_plan', args: { tasks: [{ id: '1', description: `Answer message ${m} k${planMarker(m)}q`, files: [] }] } } },
      ],
      chunkDelayMs: PLAN_DELAY_MS,
    });
    turns.push({ chunks: [{ text: `It holds a README (message ${m}).` }] });
  }
  return { name: 'bench-first-update', turns };
}
