// The emulator's embedding endpoints through the real SDK: deterministic vectors in which texts
// that share words point the same way, the real API's limits and enums, request counts for
// asserting batching, and scripted 429s.
import * as assert from 'node:assert/strict';
import { GoogleGenerativeAI, GoogleGenerativeAIFetchError, TaskType, type EmbedContentRequest } from '@google/generative-ai';
import { embedText, startEmulator, type Emulator } from '../emulator';

let emu: Emulator;

const embedder = (name = 'gemini-embedding-001') => new GoogleGenerativeAI('test-key').getGenerativeModel({ model: name }, { baseUrl: emu.baseUrl });
const doc = (text: string, extra: Record<string, unknown> = {}): EmbedContentRequest => ({ content: { role: 'user', parts: [{ text }] }, ...extra }) as EmbedContentRequest;
const cosine = (a: number[], b: number[]) => a.reduce((n, x, i) => n + x * b[i], 0) / (Math.hypot(...a) * Math.hypot(...b));

async function refusal(p: Promise<unknown>): Promise<GoogleGenerativeAIFetchError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  assert.ok(err instanceof GoogleGenerativeAIFetchError, `expected a refusal, got ${String(err)}`);
  return err;
}

describe('Gemini emulator: embeddings through the SDK', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());
  beforeEach(() => emu.load({ turns: [] }));

  it('answers embedContent with a deterministic unit vector of 3072 values by default', async () => {
    const a = (await embedder().embedContent('function readFile(path)')).embedding.values;
    const b = (await embedder().embedContent('function readFile(path)')).embedding.values;
    assert.equal(a.length, 3072);
    assert.deepEqual(a, b);
    assert.ok(Math.abs(Math.hypot(...a) - 1) < 1e-9);
  });

  it('gives texts that share words closer vectors than unrelated texts', () => {
    const query = embedText('read a file from disk');
    const near = embedText('readFile reads the file at a path from disk');
    const far = embedText('parse command line arguments into options');
    assert.ok(cosine(query, near) > cosine(query, far) + 0.2, `${cosine(query, near)} vs ${cosine(query, far)}`);
  });

  it('truncates to outputDimensionality, keeping the prefix of the full vector', async () => {
    const full = embedText('hello world');
    const { embedding } = await embedder().embedContent(doc('hello world', { outputDimensionality: 768, taskType: TaskType.RETRIEVAL_DOCUMENT, title: 'greeting' }));
    assert.deepEqual(embedding.values, full.slice(0, 768));
  });

  it('answers batchEmbedContents one embedding per request, in order, and counts requests and texts', async () => {
    const texts = Array.from({ length: 100 }, (_, i) => `chunk number ${i}`);
    const { embeddings } = await embedder().batchEmbedContents({ requests: texts.map((t) => doc(t, { taskType: 'RETRIEVAL_DOCUMENT' })) });
    assert.equal(embeddings.length, 100);
    assert.deepEqual(embeddings[7].values, embedText('chunk number 7'));
    await embedder().embedContent(doc('query', { taskType: 'CODE_RETRIEVAL_QUERY' }));
    assert.deepEqual(emu.embedCounts(), { embedContent: 1, batchEmbedContents: 1, texts: 101 });
  });

  it('refuses more than 100 requests in one batch', async () => {
    const requests = Array.from({ length: 101 }, (_, i) => doc(`t${i}`));
    const err = await refusal(embedder().batchEmbedContents({ requests }));
    assert.equal(err.status, 400);
    assert.match(err.message, /\* BatchEmbedContentsRequest\.requests: at most 100 requests can be in one batch/);
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['embed-batch-size']);
    assert.deepEqual(emu.embedCounts(), { embedContent: 0, batchEmbedContents: 0, texts: 0 }, 'a refused batch is not counted');
  });

  it('refuses a taskType outside the real enum, and a title on anything but RETRIEVAL_DOCUMENT', async () => {
    const badType = await refusal(embedder().embedContent(doc('x', { taskType: 'CODE_QUERY' })));
    assert.match(badType.message, /Invalid value at 'task_type' .*"CODE_QUERY"/);
    const badTitle = await refusal(embedder().batchEmbedContents({ requests: [doc('x', { taskType: 'RETRIEVAL_DOCUMENT', title: 't' }), doc('y', { taskType: 'RETRIEVAL_QUERY', title: 't' })] }));
    assert.match(badTitle.message, /requests\[1\]\.title: title is only allowed with task_type RETRIEVAL_DOCUMENT/);
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['embed-task-type', 'embed-title']);
  });

  it('refuses an embedding request without content parts', async () => {
    const err = await refusal(embedder().embedContent({ content: { role: 'user', parts: [] } }));
    assert.match(err.message, /\* EmbedContentRequest\.content\.parts: contents\.parts must not be empty\./);
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['embed-content']);
  });

  it('refuses an outputDimensionality outside 1..3072', async () => {
    for (const outputDimensionality of [0, 3073, 1.5]) {
      const err = await refusal(embedder().embedContent(doc('x', { outputDimensionality })));
      assert.match(err.message, /output_dimensionality: must be between 1 and 3072/);
    }
    assert.equal((await embedder().embedContent(doc('x', { outputDimensionality: 1 }))).embedding.values.length, 1);
    assert.equal(emu.acknowledgeRejections().length, 3);
  });

  it('refuses a chat model on the embedding endpoints with 404', async () => {
    const err = await refusal(embedder('gemini-flash-latest').embedContent('x'));
    assert.equal(err.status, 404);
    assert.match(err.message, /models\/gemini-flash-latest is not found for API version v1beta, or is not supported for embedContent/);
    assert.deepEqual(emu.acknowledgeRejections().map((r) => r.rule), ['unknown-model']);
  });

  it('plays the scenario\'s embedErrors by request order, a 429 with its quota and retry delay', async () => {
    emu.load({ turns: [], embedErrors: [null, 'embed-quota-per-minute'] });
    await embedder().embedContent('first');
    const err = await refusal(embedder().batchEmbedContents({ requests: [doc('second')] }));
    assert.equal(err.status, 429);
    const quota = err.errorDetails?.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.QuotaFailure') as unknown as { violations: { quotaId: string; quotaDimensions: { model: string } }[] };
    assert.deepEqual([quota.violations[0].quotaId, quota.violations[0].quotaDimensions.model], ['EmbedContentRequestsPerMinutePerProjectPerModel-FreeTier', 'gemini-embedding-001']);
    await embedder().embedContent('third');
    assert.deepEqual(emu.embedCounts(), { embedContent: 2, batchEmbedContents: 1, texts: 2 });
    assert.deepEqual(emu.unexpectedRejections(), [], 'a scripted error is not a refusal');
  });
});
