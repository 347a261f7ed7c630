// What the strict emulator answers, as the real API does, through the real SDK: thoughts only when
// asked for, the resolved modelVersion, implicit-cache counts, every finish reason with its
// finishMessage, blocked prompts, errors at the end of a stream, and error presets with the
// real API's details.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAI, GoogleGenerativeAIFetchError, type Content, type EnhancedGenerateContentResponse, type GenerateContentStreamResult } from '@google/generative-ai';
import { fetchError } from './fakes/fetchError';
import { errorPresetNames, finishReasons, startEmulator, type Emulator } from '../emulator';

let emu: Emulator;

function model(name = 'gemini-flash-latest', extra: Record<string, unknown> = {}) {
  return new GoogleGenerativeAI('test-key').getGenerativeModel({ model: name, ...extra } as never, { baseUrl: emu.baseUrl });
}

async function collect(result: GenerateContentStreamResult): Promise<EnhancedGenerateContentResponse[]> {
  result.response.catch(() => undefined);
  const chunks: EnhancedGenerateContentResponse[] = [];
  for await (const c of result.stream) chunks.push(c);
  return chunks;
}

function detail<T = Record<string, unknown>>(err: GoogleGenerativeAIFetchError, type: string): T {
  const found = err.errorDetails?.find((d) => d['@type'] === `type.googleapis.com/google.rpc.${type}`);
  assert.ok(found, `no ${type} detail in ${JSON.stringify(err.errorDetails)}`);
  return found as unknown as T;
}

const thoughtTurn = { chunks: [{ text: 'Thinking about it', thought: true }, { text: 'The answer' }] };
// The 0.24 SDK's UsageMetadata type predates thinking; the field is on the wire all the same.
const thoughts = (chunks: EnhancedGenerateContentResponse[]) => (chunks.at(-1)?.usageMetadata as { thoughtsTokenCount?: number } | undefined)?.thoughtsTokenCount;
const parts = (chunks: EnhancedGenerateContentResponse[]) => chunks.flatMap((c) => c.candidates?.[0].content.parts ?? []);

describe('Gemini emulator: responses shaped like the real API\'s', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('streams thought parts only when the request sets includeThoughts, counting them either way', async () => {
    emu.load({ turns: [thoughtTurn, thoughtTurn] });
    const plain = await collect(await model().generateContentStream('q'));
    assert.deepEqual(parts(plain), [{ text: 'The answer' }]);
    assert.equal(thoughts(plain), 5);
    const asked = await collect(await model('gemini-flash-latest', { generationConfig: { thinkingConfig: { includeThoughts: true } } }).generateContentStream('q'));
    assert.deepEqual(parts(asked), [{ text: 'Thinking about it', thought: true }, { text: 'The answer' }]);
    assert.equal(thoughts(asked), 5);
  });

  it('drops thoughts from a non-streamed answer too unless asked for', async () => {
    emu.load({ turns: [thoughtTurn] });
    const { response } = await model().generateContent('q');
    assert.deepEqual(response.candidates?.[0].content.parts, [{ text: 'The answer' }]);
  });

  it('answers modelVersion with the resolved, dated version of an alias', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'a' }] }, { chunks: [{ text: 'b' }] }] });
    const [chunk] = await collect(await model('gemini-flash-latest').generateContentStream('q'));
    assert.equal((chunk as { modelVersion?: string }).modelVersion, 'gemini-2.5-flash-preview-09-2025');
    const { response } = await model('gemini-2.5-pro').generateContent('q');
    assert.equal((response as { modelVersion?: string }).modelVersion, 'gemini-2.5-pro');
  });

  it('reports the byte-identical prefix shared with a recent request as cachedContentTokenCount, above the minimum', async () => {
    const system = 'You are a careful coding agent. '.repeat(300); // 9,600 characters, 2,400 tokens
    const history: Content[] = [{ role: 'user', parts: [{ text: 'first question' }] }, { role: 'model', parts: [{ text: 'first answer' }] }];
    emu.load({ turns: [{ chunks: [{ text: 'a' }] }, { chunks: [{ text: 'b' }] }, { chunks: [{ text: 'c' }] }, { chunks: [{ text: 'd' }] }] });
    const usage = async (m: ReturnType<typeof model>, contents: Content[]) => (await m.generateContent({ contents })).response.usageMetadata as { promptTokenCount: number; cachedContentTokenCount?: number };
    const agent = model('gemini-2.5-pro', { systemInstruction: system });
    const first = await usage(agent, history.slice(0, 1));
    assert.equal(first.cachedContentTokenCount, undefined, 'nothing is cached before the first request');
    const second = await usage(agent, [...history, { role: 'user', parts: [{ text: 'second question' }] }]);
    // The system instruction and the first question are shared: (9,600 + 14) / 4, rounded down.
    assert.equal(second.cachedContentTokenCount, 2403);
    assert.ok(second.promptTokenCount > second.cachedContentTokenCount);
    const changed = await usage(model('gemini-2.5-pro', { systemInstruction: `Today is Tuesday. ${system}` }), history);
    assert.equal(changed.cachedContentTokenCount, undefined, 'a system instruction that differs early breaks the prefix');
    emu.load({ cacheMinTokens: 4096, turns: [{ chunks: [{ text: 'e' }] }] });
    const belowMinimum = await usage(agent, history);
    assert.equal(belowMinimum.cachedContentTokenCount, undefined, 'under the scenario\'s minimum nothing is reported');
  });

  it('plays every finish reason of the API, with finishMessage', async () => {
    emu.load({ turns: finishReasons.map((finishReason) => ({ chunks: [{ text: 'partial' }], finishReason, finishMessage: `ended: ${finishReason}` })) });
    for (const reason of finishReasons) {
      const chunks = await collect(await model().generateContentStream('q'));
      const candidate = chunks.at(-1)?.candidates?.[0] as { finishReason?: string; finishMessage?: string };
      assert.deepEqual([candidate.finishReason, candidate.finishMessage], [reason, `ended: ${reason}`]);
    }
    for (const reason of ['STOP', 'MAX_TOKENS', 'SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'LANGUAGE', 'IMAGE_SAFETY', 'MALFORMED_FUNCTION_CALL', 'UNEXPECTED_TOOL_CALL', 'OTHER']) {
      assert.ok((finishReasons as readonly string[]).includes(reason), reason);
    }
  });

  it('refuses a scenario with a finish reason the API does not have', () => {
    assert.throws(() => emu.load({ turns: [{ chunks: [{ text: 'x' }], finishReason: 'DONE' }] }), /turns\[0\]\.finishReason/);
  });

  it('blocks a prompt with promptFeedback.blockReason and no candidates', async () => {
    emu.load({ turns: [{ blockReason: 'PROHIBITED_CONTENT' }] });
    const chunks = await collect(await model().generateContentStream('q'));
    assert.equal(chunks.length, 1);
    assert.equal(chunks[0].promptFeedback?.blockReason, 'PROHIBITED_CONTENT');
    assert.equal(chunks[0].candidates, undefined);
  });

  it('ends a stream with an error object after normal chunks, which the SDK hands over as a chunk', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'Hel' }, { text: 'lo' }], streamError: 'overloaded' }] });
    const res = await fetch(`${emu.baseUrl}/v1beta/models/gemini-flash-latest:streamGenerateContent?alt=sse`, {
      method: 'POST', headers: { 'x-goog-api-key': 'k' }, body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'q' }] }] }),
    });
    assert.equal(res.status, 200);
    const events = (await res.text()).split('\r\n\r\n').filter(Boolean).map((e) => JSON.parse(e.replace(/^data: /, '')) as Record<string, unknown>);
    assert.equal(events.length, 3);
    assert.equal((events[1] as { candidates: { finishReason?: string }[] }).candidates[0].finishReason, undefined, 'no chunk before the error finishes');
    assert.deepEqual(events[2], { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
    // The 0.24 SDK does not throw on it: it yields the error object as one more chunk, without candidates.
    emu.load({ turns: [{ chunks: [{ text: 'Hel' }], streamError: { preset: 'internal', message: 'boom' } }] });
    const chunks = await collect(await model().generateContentStream('q'));
    assert.equal(chunks.length, 2);
    assert.equal(chunks[1].candidates, undefined);
    assert.deepEqual((chunks[1] as unknown as { error: unknown }).error, { code: 500, message: 'boom', status: 'INTERNAL' });
  });

  it('answers a 403 SERVICE_DISABLED with ErrorInfo (activationUrl, consumer, service) and a Help link', async () => {
    emu.load({ turns: [{ error: 'service-disabled' }] });
    const err = await fetchError(model().generateContentStream('q'));
    assert.equal(err.status, 403);
    assert.match(err.message, /Generative Language API has not been used in project \d+ before or it is disabled/);
    const info = detail<{ reason: string; domain: string; metadata: Record<string, string> }>(err, 'ErrorInfo');
    assert.equal(info.reason, 'SERVICE_DISABLED');
    assert.equal(info.domain, 'googleapis.com');
    assert.match(info.metadata.activationUrl, /^https:\/\/console\.developers\.google\.com\/apis\/api\/generativelanguage\.googleapis\.com\/overview\?project=\d+$/);
    assert.match(info.metadata.consumer, /^projects\/\d+$/);
    assert.equal(info.metadata.service, 'generativelanguage.googleapis.com');
    assert.equal(detail<{ links: { url: string }[] }>(err, 'Help').links[0].url, info.metadata.activationUrl);
  });

  it('answers API_KEY_INVALID (400), API_KEY_SERVICE_BLOCKED (403) and FAILED_PRECONDITION (400) by preset', async () => {
    emu.load({ turns: [{ error: 'api-key-expired' }, { error: 'api-key-service-blocked' }, { error: 'location-unsupported' }, { error: 'unauthenticated' }] });
    const expired = await fetchError(model().generateContent('q'));
    assert.deepEqual([expired.status, detail<{ reason: string }>(expired, 'ErrorInfo').reason], [400, 'API_KEY_INVALID']);
    assert.match(expired.message, /API key expired/);
    const blocked = await fetchError(model().generateContent('q'));
    assert.deepEqual([blocked.status, detail<{ reason: string }>(blocked, 'ErrorInfo').reason], [403, 'API_KEY_SERVICE_BLOCKED']);
    const location = await fetchError(model().generateContent('q'));
    assert.equal(location.status, 400);
    assert.match(location.message, /User location is not supported for the API use/);
    assert.equal((await fetchError(model().generateContent('q'))).status, 401);
  });

  it('answers per-minute and per-day 429s with QuotaFailure naming the quota, Help, and RetryInfo', async () => {
    emu.load({ turns: [{ error: 'quota-per-minute' }, { error: { preset: 'quota-per-day', retryDelay: '3600s' } }] });
    const minute = await fetchError(model('gemini-2.5-pro').generateContent('q'));
    assert.equal(minute.status, 429);
    const violation = detail<{ violations: Record<string, unknown>[] }>(minute, 'QuotaFailure').violations[0];
    assert.deepEqual(violation, {
      quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
      quotaDimensions: { location: 'global', model: 'gemini-2.5-pro' },
      quotaValue: '10',
    });
    assert.equal(detail<{ retryDelay: string }>(minute, 'RetryInfo').retryDelay, '17s');
    assert.ok(detail(minute, 'Help'));
    assert.match(minute.message, /model: gemini-2\.5-pro/);
    const day = await fetchError(model().generateContent('q'));
    assert.equal(detail<{ violations: { quotaId: string }[] }>(day, 'QuotaFailure').violations[0].quotaId, 'GenerateRequestsPerDayPerProjectPerModel-FreeTier');
    assert.equal(detail<{ retryDelay: string }>(day, 'RetryInfo').retryDelay, '3600s');
  });

  it('answers 500 INTERNAL and 503 UNAVAILABLE by preset', async () => {
    emu.load({ turns: [{ error: 'internal' }, { error: 'overloaded' }] });
    assert.equal((await fetchError(model().generateContent('q'))).status, 500);
    const overloaded = await fetchError(model().generateContent('q'));
    assert.equal(overloaded.status, 503);
    assert.match(overloaded.message, /The model is overloaded/);
  });

  it('parses every preset, and refuses an unknown one naming the choices', () => {
    for (const preset of errorPresetNames) emu.load({ turns: [{ error: preset }] });
    assert.throws(() => emu.load({ turns: [{ error: 'quota' }] }), /turns\[0\]\.error/);
  });
});
