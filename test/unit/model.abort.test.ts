import * as assert from 'node:assert/strict';
import { GeminiClient } from '../../src/model/gemini';
import { ModelError } from '../../src/model/types';
import { startEmulator, type Emulator } from '../emulator';

describe('GeminiClient and Stop', () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(() => emu.close());

  it('aborts the HTTP request itself: a stream that stalls for 30 s ends as soon as it is stopped', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'first ' }, { text: 'never' }], chunkDelayMs: 30_000 }] });
    const client = new GeminiClient({ apiKey: 'k', model: 'gemini-flash-latest', baseUrl: emu.baseUrl });
    const abort = new AbortController();
    const seen: string[] = [];
    const started = Date.now();
    const call = client.generate({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }, (d) => {
      if (d.type !== 'text') return;
      seen.push(d.text);
      abort.abort();
    }, abort.signal);
    // No second chunk comes for 30 s: only aborting the request can end the wait.
    await assert.rejects(call, (err: unknown) => err instanceof ModelError && err.kind === 'cancelled');
    assert.deepEqual(seen, ['first ']);
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
  });
});
