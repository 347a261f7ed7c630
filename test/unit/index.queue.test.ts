// The embed queue and the Gemini embedder through the real SDK against the strict emulator:
// batches of at most 100 with the right task types and size, 429s waited out with the server's
// delay until the work is done, the token bucket, and a used-up daily quota that stops it.
import * as assert from 'node:assert/strict';
import { EmbedQueue, TokenBucket, type QueueProgress } from '../../src/index/embedQueue';
import { GeminiEmbedder } from '../../src/model/embeddings';
import { ModelError } from '../../src/model/types';
import { startEmulator, type Emulator } from '../emulator';

let emu: Emulator;
const signal = new AbortController().signal;

function queueWith(embedder: GeminiEmbedder, requestsPerMinute = 1000) {
  let clock = 0;
  const sleeps: number[] = [];
  const progress: QueueProgress[] = [];
  const queue = new EmbedQueue(embedder, {
    requestsPerMinute,
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    onProgress: (p) => progress.push(p),
  });
  return { queue, sleeps, progress };
}

const items = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, text: `function handler${i}() { return ${i}; }` }));

describe('index: embed queue through the SDK and the emulator', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());
  beforeEach(() => emu.load({ turns: [] }));

  it('embeds 250 chunks in batches of at most 100 as RETRIEVAL_DOCUMENT at 768 dimensions, normalised', async () => {
    const { queue } = queueWith(new GeminiEmbedder({ apiKey: 'k', baseUrl: emu.baseUrl }));
    const got: string[] = [];
    const lengths: number[] = [];
    await queue.run(items(250), (keys, vectors) => {
      got.push(...keys);
      lengths.push(...vectors.map((v) => Math.hypot(...v)));
    }, signal);
    assert.equal(got.length, 250);
    assert.deepEqual(emu.embedCounts(), { embedContent: 0, batchEmbedContents: 3, texts: 250 });
    const body = emu.requests.find((r) => r.task === 'batchEmbedContents')!.body as { requests: Array<{ taskType: string; outputDimensionality: number; model: string }> };
    assert.equal(body.requests.length, 100);
    assert.deepEqual([body.requests[0].taskType, body.requests[0].outputDimensionality], ['RETRIEVAL_DOCUMENT', 768]);
    assert.ok(lengths.every((l) => Math.abs(l - 1) < 1e-5));
  });

  it('embeds a query as CODE_RETRIEVAL_QUERY', async () => {
    const v = await new GeminiEmbedder({ apiKey: 'k', baseUrl: emu.baseUrl }).embedQuery('where are passwords checked', signal);
    assert.equal(v.length, 768);
    const body = emu.requests[0].body as { taskType: string };
    assert.equal(body.taskType, 'CODE_RETRIEVAL_QUERY');
  });

  it('waits out a storm of 429s with the server\'s RetryInfo delay and completes every chunk', async () => {
    emu.load({ turns: [], embedErrors: [null, 'embed-quota-per-minute', 'embed-quota-per-minute', 'embed-quota-per-minute', null] });
    const { queue, sleeps, progress } = queueWith(new GeminiEmbedder({ apiKey: 'k', baseUrl: emu.baseUrl }));
    let done = 0;
    await queue.run(items(300), (keys) => void (done += keys.length), signal);
    assert.equal(done, 300);
    assert.deepEqual(sleeps.filter((s) => s === 7000).length, 3, 'each 429 waited the 7 s the server asked for');
    const paused = progress.filter((p) => p.pausedUntil !== undefined);
    assert.equal(paused.length, 3);
    assert.match(paused[0].lastError ?? '', /rate limiting/);
    assert.equal(paused[0].done, 100, 'progress shows what is done while paused, never 0 of N');
    assert.deepEqual(progress[progress.length - 1], { done: 300, total: 300, lastError: paused[0].lastError });
  });

  it('stops on a used-up daily quota, after handing on what was embedded', async () => {
    emu.load({ turns: [], embedErrors: [null, 'quota-per-day'] });
    const { queue } = queueWith(new GeminiEmbedder({ apiKey: 'k', baseUrl: emu.baseUrl }));
    let done = 0;
    const err = await queue.run(items(300), (keys) => void (done += keys.length), signal).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ModelError && err.kind === 'dailyQuota', String(err));
    assert.equal(done, 100);
  });

  it('spaces requests by the token bucket', () => {
    const bucket = new TokenBucket(60, 0);
    for (let i = 0; i < 60; i++) assert.equal(bucket.take(0), 0);
    assert.equal(bucket.take(0), 1000, 'the 61st request within a minute waits one second');
    assert.equal(bucket.take(2000), 0);
  });
});
