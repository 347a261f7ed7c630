// The emulator's failures, as the real SDK surfaces them: scripted API errors, requests the
// scenario did not allow, bad keys and cut streams.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAI, GoogleGenerativeAIError, type Content } from '@google/generative-ai';
import { fetchError } from './fakes/fetchError';
import { startEmulator, type Emulator } from '../emulator';

let emu: Emulator;

const model = (key = 'test-key') =>
  new GoogleGenerativeAI(key).getGenerativeModel({ model: 'gemini-flash-latest' }, { baseUrl: emu.baseUrl });

// The SDK's Part type has no thoughtSignature, yet it sends whatever the contents hold.
const history = (signature?: string): Content[] => [
  { role: 'user', parts: [{ text: 'read a.ts' }] },
  { role: 'model', parts: [{ functionCall: { name: 'read_file', args: { path: 'a.ts' } }, ...(signature ? { thoughtSignature: signature } : {}) }] },
  { role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { content: 'x' } } }] },
] as unknown as Content[];

const callTurn = { chunks: [{ functionCall: { name: 'read_file', args: { path: 'a.ts' } }, thoughtSignature: 'sig-1' }] };

describe('Gemini emulator: errors through the SDK', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('raises a 429 with RetryInfo and QuotaFailure details, then serves the next turn', async () => {
    emu.load({ turns: [
      { error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'quota', retryDelay: '1s', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' } },
      { chunks: [{ text: 'ok' }] },
    ] });
    const err = await fetchError(model().generateContentStream('hi'));
    assert.equal(err.status, 429);
    assert.match(err.message, /quota/);
    const retry = err.errorDetails?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
    assert.equal(retry?.retryDelay, '1s');
    const quota = err.errorDetails?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.QuotaFailure') as unknown as { violations: { quotaId: string; quotaMetric: string }[] };
    assert.equal(quota.violations[0].quotaId, 'GenerateRequestsPerDayPerProjectPerModel-FreeTier');
    assert.match(quota.violations[0].quotaMetric, /^generativelanguage\.googleapis\.com\//);
    const { response } = await model().generateContentStream('hi');
    assert.equal((await response).text(), 'ok');
    assert.deepEqual(emu.failures(), [], 'a scripted error is not a scenario failure');
  });

  it('rejects a request that does not match the turn\'s expect with 400 and records a failure', async () => {
    emu.load({ turns: [{ expect: { textIncludes: 'refactor' }, chunks: [{ text: 'x' }] }] });
    const err = await fetchError(model().generateContent('something else'));
    assert.equal(err.status, 400);
    assert.match(err.message, /expected the last user content to include "refactor", got "something else"/);
    assert.equal(emu.failures().length, 1);
    assert.equal(emu.failures()[0].turn, 0);
  });

  it('accepts the function responses named in expect, and rejects other names', async () => {
    emu.load({ turns: [callTurn, { expect: { functionResponseNames: ['read_file'] }, chunks: [{ text: 'done' }] }] });
    await (await model().generateContentStream('read a.ts')).response;
    assert.equal((await model().generateContent({ contents: history('sig-1') })).response.text(), 'done');
    emu.load({ turns: [{ expect: { functionResponseNames: ['write_file'] }, chunks: [{ text: 'x' }] }] });
    assert.equal((await fetchError(model().generateContent({ contents: history('sig-1') }))).status, 400);
    assert.match(emu.failures()[0].message, /\[write_file\], got \[read_file\]/);
  });

  it('rejects history whose function call lost the signature the emulator sent', async () => {
    emu.load({ turns: [callTurn, { chunks: [{ text: 'x' }] }] });
    await (await model().generateContentStream('read a.ts')).response;
    const err = await fetchError(model().generateContentStream({ contents: history() }));
    assert.equal(err.status, 400);
    assert.match(emu.failures()[0].message, /missing a thought_signature.*read_file/);
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['thought-signature']);
  });

  it('rejects a signature that differs from the one sent', async () => {
    emu.load({ turns: [callTurn, { chunks: [{ text: 'x' }] }] });
    await (await model().generateContentStream('read a.ts')).response;
    assert.equal((await fetchError(model().generateContent({ contents: history('forged') }))).status, 400);
    assert.match(emu.failures()[0].message, /Corrupted thought signature/);
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['thought-signature']);
  });

  it('rejects a request past the last turn with 400', async () => {
    emu.load({ name: 'one-turn', turns: [{ chunks: [{ text: 'only' }] }] });
    await model().generateContent('first');
    const err = await fetchError(model().generateContent('second'));
    assert.equal(err.status, 400);
    assert.match(emu.failures()[0].message, /no turn left/);
    assert.equal(emu.unconsumedTurns(), 0);
  });

  it('cuts the stream after the given number of chunks, so the SDK stream throws', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'partial' }, { text: 'never' }], dropConnectionAfterChunks: 1 }] });
    const result = await model().generateContentStream('hi');
    result.response.catch(() => undefined);
    const seen: string[] = [];
    await assert.rejects(async () => {
      for await (const c of result.stream) seen.push(c.text());
    }, (e: unknown) => e instanceof GoogleGenerativeAIError);
    assert.deepEqual(seen, ['partial']);
    assert.equal(emu.requests[0].dropped, true);
  });

  it('answers a missing key with 403 and the key "invalid-key" with 400 API_KEY_INVALID', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'x' }] }] });
    assert.equal((await fetchError(model('').generateContent('hi'))).status, 403);
    const bad = await fetchError(model('invalid-key').generateContent('hi'));
    assert.equal(bad.status, 400);
    assert.equal(bad.errorDetails?.[0].reason, 'API_KEY_INVALID');
    assert.equal(emu.unconsumedTurns(), 1, 'a refused key consumes no turn');
    assert.equal(emu.requests[1].headers['x-goog-api-key'], '[redacted]');
    assert.ok(!JSON.stringify(emu.requests).includes('invalid-key'), 'the key value is never recorded');
  });

  it('answers unknown paths with 404 in the Google error shape', async () => {
    const res = await fetch(`${emu.baseUrl}/v1beta/nothing/here`, { headers: { 'x-goog-api-key': 'k' } });
    assert.equal(res.status, 404);
    const body = (await res.json()) as { error: { code: number; status: string } };
    assert.equal(body.error.code, 404);
    assert.equal(body.error.status, 'NOT_FOUND');
  });
});
