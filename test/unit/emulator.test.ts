// The emulator's successful answers, read through the real `@google/generative-ai` SDK pointed at
// it with `baseUrl`: what the extension's model client will see.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAI, type EnhancedGenerateContentResponse, type GenerateContentStreamResult } from '@google/generative-ai';
import { startEmulator, type Emulator } from '../emulator';

let emu: Emulator;

const model = (name = 'gemini-flash-latest', includeThoughts = false) =>
  new GoogleGenerativeAI('test-key').getGenerativeModel(
    { model: name, ...(includeThoughts ? { generationConfig: { thinkingConfig: { includeThoughts: true } } as never } : {}) },
    { baseUrl: emu.baseUrl },
  );

async function collect(result: GenerateContentStreamResult): Promise<EnhancedGenerateContentResponse[]> {
  result.response.catch(() => undefined);
  const chunks: EnhancedGenerateContentResponse[] = [];
  for await (const c of result.stream) chunks.push(c);
  return chunks;
}

describe('Gemini emulator: streamed answers through the SDK', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('streams each scenario chunk as its own event, the last with finishReason and usage', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'Hel' }, { text: 'lo' }, { text: ' there' }], usage: { promptTokenCount: 10, candidatesTokenCount: 5 }, chunkDelayMs: 5 }] });
    const chunks = await collect(await model().generateContentStream('hi'));
    assert.deepEqual(chunks.map((c) => c.text()), ['Hel', 'lo', ' there']);
    assert.equal(chunks[0].candidates?.[0].finishReason, undefined);
    assert.equal(chunks[0].usageMetadata?.promptTokenCount, 10);
    assert.equal(chunks[2].candidates?.[0].finishReason, 'STOP');
    assert.deepEqual(chunks[2].usageMetadata, { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 });
    assert.equal(emu.unconsumedTurns(), 0);
    assert.deepEqual(emu.failures(), []);
  });

  it('keeps thought parts and thoughtSignature in the raw stream chunks', async () => {
    const call = { functionCall: { name: 'read_file', args: { path: 'a.ts' } }, thoughtSignature: 's1' };
    emu.load({ turns: [{ chunks: [{ text: 'Let me look', thought: true }, call] }] });
    const chunks = await collect(await model('gemini-flash-latest', true).generateContentStream('read a.ts'));
    assert.deepEqual(chunks[0].candidates?.[0].content.parts, [{ text: 'Let me look', thought: true }]);
    assert.deepEqual(chunks[1].candidates?.[0].content.parts, [call]);
    assert.deepEqual(chunks[1].functionCalls(), [{ name: 'read_file', args: { path: 'a.ts' } }]);
  });

  it('gives a call without args `args: {}`, as the real API does', async () => {
    emu.load({ turns: [{ chunks: [{ functionCall: { name: 'list_files' } }] }] });
    const [chunk] = await collect(await model().generateContentStream('list'));
    assert.deepEqual(chunk.functionCalls(), [{ name: 'list_files', args: {} }]);
  });

  it('answers a non-streamed generateContent with every part in one candidate', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'a' }, { emptyCandidate: true }, { text: 'b' }, { functionCall: { name: 'f', args: { x: 1 } } }] }] });
    const { response } = await model().generateContent('go');
    assert.equal(response.candidates?.[0].content.parts.length, 3);
    assert.equal(response.text(), 'ab');
    assert.deepEqual(response.functionCalls(), [{ name: 'f', args: { x: 1 } }]);
    assert.equal(emu.requests[0].task, 'generateContent');
  });

  it('sends an empty candidate as a candidate with no parts', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'a' }, { emptyCandidate: true }, { text: 'b' }] }] });
    const chunks = await collect(await model().generateContentStream('go'));
    assert.deepEqual(chunks[1].candidates?.[0].content, { role: 'model' });
    assert.equal(chunks[1].text(), '');
  });

  it('ends a blocked turn with a promptFeedback.blockReason event after the streamed chunks', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'partial' }], blockReason: 'SAFETY' }] });
    const chunks = await collect(await model().generateContentStream('go'));
    assert.equal(chunks.length, 2);
    assert.equal(chunks[0].text(), 'partial');
    assert.equal(chunks[1].promptFeedback?.blockReason, 'SAFETY');
    assert.equal(chunks[1].candidates, undefined);
    assert.throws(() => chunks[1].text(), /blocked due to SAFETY/);
  });

  it('fills usage from estimates when the turn gives none', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'hmm', thought: true }, { text: 'abcdefgh' }] }] });
    const chunks = await collect(await model('gemini-flash-latest', true).generateContentStream('12345678'));
    assert.deepEqual(chunks[1].usageMetadata, { promptTokenCount: 2, candidatesTokenCount: 2, thoughtsTokenCount: 1, totalTokenCount: 5 });
  });

  it('replays a raw turn byte for byte', async () => {
    const raw = 'data: {"candidates": [{"content": {"parts": [{"text": "ré"}],"role": "model"},"index": 0}]}\r\n\r\n';
    emu.load({ turns: [{ raw }] });
    const res = await fetch(`${emu.baseUrl}/v1beta/models/gemini-flash-latest:streamGenerateContent?alt=sse`, {
      method: 'POST', headers: { 'x-goog-api-key': 'k' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x' }] }] }),
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/event-stream');
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), Buffer.from(raw, 'utf8'));
  });

  it('lets a raw turn send malformed SSE that the SDK rejects', async () => {
    emu.load({ turns: [{ raw: 'data: {not json}\r\n\r\n' }] });
    await assert.rejects(collect(await model().generateContentStream('x')), /Error parsing JSON response/);
  });

  it('counts tokens as ceil(chars / 4) of the contents', async () => {
    const { totalTokens } = await model().countTokens('abcdefghi');
    assert.equal(totalTokens, 3);
    assert.equal(emu.requests.at(-1)?.task, 'countTokens');
  });

  it('lists models in the real API shape, or the scenario\'s own list', async () => {
    const list = async () => (await (await fetch(`${emu.baseUrl}/v1beta/models`, { headers: { 'x-goog-api-key': 'k' } })).json()) as { models: { name: string; supportedGenerationMethods: string[]; inputTokenLimit: number }[] };
    emu.load({ turns: [] });
    const { models } = await list();
    const flash = models.find((m) => m.name === 'models/gemini-flash-latest');
    assert.ok(flash, 'the default list holds gemini-flash-latest');
    assert.ok(flash.supportedGenerationMethods.includes('generateContent'));
    assert.ok(flash.inputTokenLimit > 0);
    emu.load({ turns: [], models: [{ name: 'models/only-one', supportedGenerationMethods: ['generateContent'] }] });
    assert.deepEqual((await list()).models.map((m) => m.name), ['models/only-one']);
  });
});
