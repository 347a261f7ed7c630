// Every response class as GeminiClient reads it through the real SDK from the emulator: blocks,
// finish messages, error objects that end a stream, and error bodies shaped like the real API's.
import * as assert from 'node:assert/strict';
import { GeminiClient } from '../../src/model/gemini';
import { ModelError, type ModelTurn, type StreamDelta } from '../../src/model/types';
import { startEmulator, type Emulator } from '../emulator';

const KEY = 'AIzaSyD-test-key-0123456789abcdefghij';
let emu: Emulator;

const client = () => new GeminiClient({ apiKey: KEY, model: 'gemini-flash-latest', baseUrl: emu.baseUrl });
const ask = (deltas: StreamDelta[] = []): Promise<ModelTurn> =>
  client().generate({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }, (d) => deltas.push(d), new AbortController().signal);

async function failure(): Promise<ModelError> {
  try {
    await ask();
  } catch (e) {
    assert.ok(e instanceof ModelError, `expected a ModelError, got ${String(e)}`);
    return e;
  }
  return assert.fail('expected the request to fail');
}

/** SSE bytes as the real API sends them. */
const sse = (...events: object[]) => events.map((e) => `data: ${JSON.stringify(e)}\r\n\r\n`).join('');
const textChunk = (text: string) => ({ candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }] });
const errorTurn = (httpStatus: number, status: string, message: string, details: Array<Record<string, unknown>> = []) => ({
  error: { httpStatus, status, message, details: details as Array<{ '@type': string }> },
});

const ACTIVATION = 'https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=123456789';
const serviceDisabled = errorTurn(
  403,
  'PERMISSION_DENIED',
  `Generative Language API has not been used in project 123456789 before or it is disabled. Enable it by visiting ${ACTIVATION} then retry.`,
  [
    {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: 'SERVICE_DISABLED',
      domain: 'googleapis.com',
      metadata: { service: 'generativelanguage.googleapis.com', consumer: 'projects/123456789', activationUrl: ACTIVATION, serviceTitle: 'Generative Language API' },
    },
    { '@type': 'type.googleapis.com/google.rpc.Help', links: [{ description: 'Google developers console API activation', url: ACTIVATION }] },
  ],
);

describe('GeminiClient: response classes', () => {
  before(async () => (emu = await startEmulator()));
  after(() => emu.close());

  describe('blocked answers', () => {
    for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'LANGUAGE', 'IMAGE_SAFETY']) {
      it(`marks a turn that ends with ${reason} as blocked, after the text it streamed`, async () => {
        emu.load({ turns: [{ chunks: [{ text: 'Partial ' }, { text: 'answer' }], finishReason: reason }] });
        const deltas: StreamDelta[] = [];
        const turn = await ask(deltas);
        assert.equal(turn.blockedReason, reason);
        assert.equal(turn.promptBlocked, undefined);
        assert.deepEqual(deltas.map((d) => d.type === 'text' && d.text), ['Partial ', 'answer']);
      });
    }

    it('marks a prompt blocked by promptFeedback as a blocked request', async () => {
      emu.load({ turns: [{ chunks: [{ text: 'Part' }], blockReason: 'PROHIBITED_CONTENT' }] });
      const turn = await ask();
      assert.equal(turn.blockedReason, 'PROHIBITED_CONTENT');
      assert.equal(turn.promptBlocked, true);
    });
  });

  it('keeps the finishMessage of an unusual ending, redacted', async () => {
    emu.load({ turns: [{ raw: sse(textChunk('Some'), { candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'OTHER', finishMessage: `Stopped: internal policy (key ${KEY}).`, index: 0 }] }) }] });
    const turn = await ask();
    assert.equal(turn.finishReason, 'OTHER');
    assert.equal(turn.finishMessage, 'Stopped: internal policy (key [redacted key]).');
    assert.equal(turn.blockedReason, undefined);
  });

  describe('an error object as the last event of a stream', () => {
    it('is shown with its status and message, and retried because 503 is transient', async () => {
      emu.load({ turns: [{ raw: sse(textChunk('Half'), { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } }) }] });
      const err = await failure();
      assert.equal(err.message, 'Gemini stopped the answer with an error (HTTP 503 UNAVAILABLE): The model is overloaded. Please try again later.');
      assert.equal(err.kind, 'server');
      assert.equal(err.retryable, true);
    });

    it('is not retried when its status is not retryable, and its text is redacted', async () => {
      emu.load({ turns: [{ raw: sse(textChunk('Half'), { error: { code: 400, message: `Bad thing near key=${KEY}`, status: 'INVALID_ARGUMENT' } }) }] });
      const err = await failure();
      assert.equal(err.message, 'Gemini stopped the answer with an error (HTTP 400 INVALID_ARGUMENT): Bad thing near key=[redacted].');
      assert.equal(err.retryable, false);
    });

    it('honours a RetryInfo it carries', async () => {
      emu.load({ turns: [{ raw: sse(textChunk('Half'), { error: { code: 429, message: 'Quota exceeded.', status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }] } }) }] });
      const err = await failure();
      assert.equal(err.kind, 'rateLimit');
      assert.equal(err.options.retryAfterMs, 7000);
    });
  });

  describe('HTTP errors by their reason', () => {
    it('403 SERVICE_DISABLED: says the API is disabled for the key\'s project, with Google\'s activation link', async () => {
      emu.load({ turns: [serviceDisabled] });
      const err = await failure();
      assert.equal(err.kind, 'apiDisabled');
      assert.equal(err.retryable, false);
      assert.equal(err.message, "The Generative Language API (Gemini) is disabled for the Google Cloud project of this API key. Enable it on Google's activation page (link below), wait a few minutes, then try again.");
      assert.deepEqual(err.options.link, { url: ACTIVATION, label: "Open Google's activation page" });
    });

    it('a link that is not Google\'s console is not offered', async () => {
      emu.load({ turns: [errorTurn(403, 'PERMISSION_DENIED', 'disabled', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED', metadata: { activationUrl: 'https://evil.example/x' } }])] });
      const err = await failure();
      assert.equal(err.options.link, undefined);
      assert.doesNotMatch(err.message, /evil|link below/);
    });

    it('403 API_KEY_SERVICE_BLOCKED: the key\'s restrictions block the API', async () => {
      emu.load({ turns: [errorTurn(403, 'PERMISSION_DENIED', 'Requests to this API generativelanguage.googleapis.com method google.ai.generativelanguage.v1beta.GenerativeService.StreamGenerateContent are blocked.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_SERVICE_BLOCKED', domain: 'googleapis.com' }])] });
      const err = await failure();
      assert.equal(err.kind, 'auth');
      assert.match(err.message, /^This API key is not allowed to call the Gemini API \(API_KEY_SERVICE_BLOCKED\)/);
    });

    it('400 API_KEY_INVALID, expired: says the key has expired', async () => {
      emu.load({ turns: [errorTurn(400, 'INVALID_ARGUMENT', 'API key expired. Please renew the API key.', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }])] });
      const err = await failure();
      assert.equal(err.kind, 'auth');
      assert.match(err.message, /^Gemini rejected the API key: it has expired\./);
    });

    it('another 403: a permission denial with the server\'s words, redacted, not called a bad key', async () => {
      emu.load({ turns: [errorTurn(403, 'PERMISSION_DENIED', `Permission denied on resource project for key ${KEY}.`)] });
      const err = await failure();
      assert.equal(err.kind, 'permission');
      assert.equal(err.message, 'Gemini denied permission (HTTP 403): Permission denied on resource project for key [redacted key]. Check the API key and its Google Cloud project.');
      assert.ok(!err.message.includes(KEY));
    });

    it('401: the credentials were not accepted', async () => {
      emu.load({ turns: [errorTurn(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.')] });
      const err = await failure();
      assert.equal(err.kind, 'auth');
      assert.match(err.message, /^Gemini did not accept the credentials \(HTTP 401\): Request had invalid authentication credentials\. Run "Agent: Set Gemini API Key"/);
    });

    it('400 FAILED_PRECONDITION: the server\'s words, not retried', async () => {
      emu.load({ turns: [errorTurn(400, 'FAILED_PRECONDITION', 'User location is not supported for the API use.')] });
      const err = await failure();
      assert.equal(err.kind, 'precondition');
      assert.equal(err.retryable, false);
      assert.equal(err.message, 'Gemini cannot serve this request (FAILED_PRECONDITION): User location is not supported for the API use.');
    });

    it('429 per minute: retryable, the quota named, RetryInfo honoured', async () => {
      emu.load({ turns: [{ error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota.', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', retryDelay: '21s' } }] });
      const err = await failure();
      assert.equal(err.kind, 'rateLimit');
      assert.equal(err.retryable, true);
      assert.equal(err.options.retryAfterMs, 21_000);
      assert.equal(err.message, 'Gemini is rate limiting this key (free tier: requests per minute for gemini-flash-latest).');
    });

    it('429 per day: not retryable, says so and names the quota', async () => {
      emu.load({ turns: [{ error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'You exceeded your current quota.', quotaId: 'GenerateContentInputTokensPerModelPerDay-FreeTier', retryDelay: '21s' } }] });
      const err = await failure();
      assert.equal(err.kind, 'dailyQuota');
      assert.equal(err.retryable, false);
      assert.match(err.message, /^The daily Gemini quota for this key is used up \(free tier: input tokens per day for gemini-flash-latest\)\./);
    });

    it('503 with RetryInfo: retryable after the server\'s delay, with its words', async () => {
      emu.load({ turns: [{ error: { httpStatus: 503, status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.', retryDelay: '3s' } }] });
      const err = await failure();
      assert.equal(err.kind, 'server');
      assert.equal(err.options.retryAfterMs, 3000);
      assert.equal(err.message, 'Gemini had a server error (HTTP 503): The model is overloaded. Please try again later.');
    });

    it('names a quota by its id when its words cannot be worked out', async () => {
      emu.load({ turns: [{ error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded.', quotaId: 'SomeNewQuota', quotaMetric: 'generativelanguage.googleapis.com/some_new_metric' } }] });
      const err = await failure();
      assert.equal(err.message, 'Gemini is rate limiting this key (requests for gemini-flash-latest; quota SomeNewQuota).');
    });

    it('redacts a key that appears in the details it reads words from', async () => {
      emu.load({ turns: [{ error: { httpStatus: 429, status: 'RESOURCE_EXHAUSTED', message: 'Quota exceeded.', quotaId: `Quota-${KEY}`, quotaMetric: 'x' } }] });
      const err = await failure();
      assert.ok(!err.message.includes(KEY), err.message);
      assert.match(err.message, /quota Quota-\[redacted key\]/);
    });

    it('an HTTP status of no known kind is not retried', async () => {
      emu.load({ turns: [errorTurn(501, 'NOT_IMPLEMENTED', 'Method not implemented.')] });
      const err = await failure();
      assert.equal(err.kind, 'unknown');
      assert.equal(err.retryable, false);
    });
  });
});
