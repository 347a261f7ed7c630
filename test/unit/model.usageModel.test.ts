import * as assert from 'node:assert/strict';
import { GeminiClient } from '../../src/model/gemini';
import { applyEvent, emptyChat } from '../../src/shared/chatState';
import { startEmulator, type Emulator } from '../emulator';
import { harness } from './fakes/harness';
import { plan, say } from './fakes/scriptedModel';

describe('which model answered (for the cost estimate)', () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(() => emu.close());

  it('reads modelVersion from the stream', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'hi' }] }] });
    const client = new GeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: emu.baseUrl });
    const turn = await client.generate({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }, () => undefined, new AbortController().signal);
    assert.equal(turn.modelVersion, 'gemini-2.5-flash');
  });

  it('passes it on in the usage event, and the chat keeps the last one', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), say('ok')]);
    const generate = h.model.generate.bind(h.model);
    h.model.generate = async (...args) => ({ ...(await generate(...args)), modelVersion: 'gemini-2.5-flash-preview-09-2025' });
    await h.run('x');
    assert.ok(h.of('usage').every((u) => u.model === 'gemini-2.5-flash-preview-09-2025'));
    const chat = emptyChat('c');
    applyEvent(chat, { type: 'runStarted', runId: 'r', request: 'x' });
    for (const e of h.events) applyEvent(chat, e);
    assert.equal(chat.usageModel, 'gemini-2.5-flash-preview-09-2025');
  });
});
