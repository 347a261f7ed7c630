import * as assert from 'node:assert/strict';
import { ModelError } from '../../src/model/types';
import { applyEvent, emptyChat } from '../../src/shared/chatState';
import { harness } from './fakes/harness';
import { plan, say } from './fakes/scriptedModel';

const rateLimited = (retryAfterMs?: number) => new ModelError('rateLimit', 'Gemini is rate limiting this key.', { status: 429, retryAfterMs });

describe('agent retries', () => {
  it('retries a rate limit after the delay the server asked for, and tells the user', async () => {
    const h = harness([rateLimited(36_500), plan({ id: '1', description: 'x' }), say('ok')]);
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    assert.deepEqual(h.sleeps, [36_500]);
    assert.deepEqual(h.of('retry'), [{ type: 'retry', attempt: 1, delayMs: 36_500, reason: 'Gemini is rate limiting this key', maxRetries: 4, at: 36_500 }]);
    assert.deepEqual(h.model.requests[0], h.model.requests[1], 'the same request is sent again');
  });

  it('backs off exponentially without a server delay, then gives up after the bound', async () => {
    const outage = () => new ModelError('server', 'Gemini had a server error (HTTP 503).', { status: 503 });
    const h = harness([outage(), outage(), outage(), outage(), outage()], { settings: { maxRetries: 4 } });
    const result = await h.run('x');
    assert.deepEqual(h.sleeps, [2000, 4000, 8000, 16000]);
    assert.equal(result.status, 'failed');
    assert.deepEqual(h.of('error'), [{ type: 'error', message: 'Gemini had a server error (HTTP 503).', retryable: true }]);
    assert.match(result.message, /HTTP 503/);
  });

  it('retries a cut stream in the middle of a task', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), new ModelError('streamCut', 'The connection broke off.'), say('ok')]);
    assert.equal((await h.run('x')).status, 'completed');
    assert.equal(h.of('retry').length, 1);
  });

  it('tells the UI to take back text a cut stream had already shown, so the retry does not repeat it', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), new ModelError('streamCut', 'The connection broke off.'), say('The whole answer.')]);
    // The scripted model does not stream before failing: the second request streams a little first.
    const generate = h.model.generate.bind(h.model);
    let call = 0;
    h.model.generate = async (request, onDelta, signal) => {
      if (++call === 2) {
        onDelta({ type: 'thought', text: 'Hmm' });
        onDelta({ type: 'text', text: 'The who' });
      }
      return generate(request, onDelta, signal);
    };
    assert.equal((await h.run('x')).status, 'completed');
    const [retry] = h.of('retry');
    assert.deepEqual(retry.discard, { text: 7, thought: 3 });
    const state = emptyChat('c');
    applyEvent(state, { type: 'runStarted', runId: 'r', request: 'x' });
    for (const e of h.events) applyEvent(state, e);
    const answer = state.items.find((i) => i.kind === 'assistant');
    assert.equal(answer?.kind === 'assistant' && answer.text, 'The whole answer.');
    assert.equal(answer?.kind === 'assistant' && answer.thought, '');
  });

  it('does not retry a spent daily quota', async () => {
    const quota = new ModelError('dailyQuota', 'The daily Gemini quota for this key is used up.', { status: 429 });
    const h = harness([quota, say('never')]);
    const result = await h.run('x');
    assert.equal(result.status, 'failed');
    assert.deepEqual(h.sleeps, []);
    assert.equal(h.of('retry').length, 0);
    assert.deepEqual(h.of('error'), [{ type: 'error', message: 'The daily Gemini quota for this key is used up.', retryable: false }]);
    assert.equal(h.model.requests.length, 1);
  });

  it('does not wait for a server delay beyond the bound', async () => {
    const h = harness([rateLimited(10 * 60_000), say('never')], { settings: { maxRetryDelayMs: 120_000 } });
    assert.equal((await h.run('x')).status, 'failed');
    assert.deepEqual(h.sleeps, []);
  });

  it('on "too many tokens" shortens old tool outputs and tries once more', async () => {
    const h = harness(
      [
        plan({ id: '1', description: 'read' }, { id: '2', description: 'then answer' }),
        { calls: [{ name: 'read_file', args: { path: 'big.txt' } }] },
        say('read it'),
        new ModelError('tooManyTokens', 'The conversation is longer than the model accepts.', { status: 400 }),
        say('ok'),
      ],
      { files: { 'big.txt': Array.from({ length: 500 }, (_, i) => `row ${i} ${'y'.repeat(90)}`).join('\n') } },
    );
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    assert.ok(JSON.stringify(h.model.requests[3].contents).includes('row 450 '));
    const retried = JSON.stringify(h.model.requests[4].contents);
    assert.ok(!retried.includes('row 450 '), 'the big output was shortened');
    assert.match(retried, /Output shortened to save context/);
    assert.match(retried, /Request:\\nx/, 'the request stays');
    assert.equal(h.of('retry').length, 0);
  });
});
