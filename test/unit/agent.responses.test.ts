import * as assert from 'node:assert/strict';
import { ModelError } from '../../src/model/types';
import { applyEvent, emptyChat, type ChatItem } from '../../src/shared/chatState';
import type { AgentEvent } from '../../src/shared/events';
import { harness } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';

function chatOf(events: AgentEvent[]): ChatItem[] {
  const state = emptyChat('c');
  applyEvent(state, { type: 'runStarted', runId: 'r', request: 'x' });
  for (const e of events) applyEvent(state, e);
  return state.items;
}

describe('agent: response classes', () => {
  describe('blocked answers', () => {
    it('in a task: the streamed text is withdrawn, nothing is retried or repaired, and it stays out of history', async () => {
      const h = harness([plan({ id: '1', description: 'x' }), say('Here is the secret recip', { finishReason: 'RECITATION', blockedReason: 'RECITATION' })]);
      const result = await h.run('x');
      assert.equal(result.status, 'failed');
      assert.equal(result.message, 'Gemini blocked its answer because it repeated existing material too closely (RECITATION). Nothing of it was kept; rephrase the request to go on.');
      assert.equal(h.model.requests.length, 2, 'no retry and no repair');
      assert.deepEqual(h.of('textWithdrawn'), [{ type: 'textWithdrawn', chars: 24, label: 'Withdrawn: Gemini blocked this answer (RECITATION)' }]);
      assert.ok(!JSON.stringify(result.history).includes('secret recip'), 'the blocked text is not in the history');
      const answer = chatOf(h.events).find((i) => i.kind === 'assistant');
      assert.deepEqual(answer?.kind === 'assistant' && [answer.text, answer.withdrawn], ['', { text: 'Here is the secret recip', label: 'Withdrawn: Gemini blocked this answer (RECITATION)' }]);
    });

    it('at the planning step: the run stops in plain words; the blocked plan is never sent back for repair', async () => {
      const h = harness([{ text: '{"tasks": [', finishReason: 'SAFETY', blockedReason: 'SAFETY' }, plan({ id: '1', description: 'never' })]);
      const result = await h.run('x');
      assert.equal(result.status, 'failed');
      assert.match(result.message, /^Gemini blocked its answer for safety reasons \(SAFETY\)\./);
      assert.equal(h.model.requests.length, 1, 'no repair request');
      assert.equal(h.model.remaining, 1);
    });

    it('a blocked prompt says the request was blocked, with the server\'s message', async () => {
      const h = harness([{ blockedReason: 'PROHIBITED_CONTENT', finishReason: 'BLOCKED', promptBlocked: true }]);
      const result = await h.run('x');
      assert.match(result.message, /^Gemini blocked the request because it may contain prohibited content \(PROHIBITED_CONTENT\)\./);
    });
  });

  describe('malformed and unexpected tool calls', () => {
    it('asks once more with a hint; the bad turn and the hint stay out of the history', async () => {
      const h = harness([plan({ id: '1', description: 'x' }), { finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: 'Malformed function call: read_file(path=' }, call('list_files', {}), say('ok')]);
      const result = await h.run('x');
      assert.equal(result.status, 'completed');
      const retried = h.model.requests[2].contents;
      assert.match(retried[retried.length - 1].parts[0].text ?? '', /could not be read \(malformed arguments\)/);
      assert.ok(!JSON.stringify(result.history).includes('malformed arguments'));
      assert.deepEqual(h.of('retry').map((e) => [e.delayMs, e.reason]), [[0, 'Gemini sent a function call that could not be read; asking again']]);
    });

    it('a second bad call in a row stops the run with a plain message', async () => {
      const h = harness([plan({ id: '1', description: 'x' }), { finishReason: 'UNEXPECTED_TOOL_CALL' }, { finishReason: 'UNEXPECTED_TOOL_CALL', finishMessage: 'Unexpected tool call: shell' }, say('never')]);
      const result = await h.run('x');
      assert.equal(result.status, 'failed');
      assert.equal(result.message, 'Gemini called a tool that is not available twice in a row (UNEXPECTED_TOOL_CALL), even after a hint. Gemini said: "Unexpected tool call: shell". Try again, or rephrase the request.');
      assert.match(h.model.requests[2].contents.at(-1)?.parts[0].text ?? '', /called a tool that is not available here/);
      assert.equal(h.model.remaining, 1);
    });

    it('the same at the planning step', async () => {
      const h = harness([{ finishReason: 'MALFORMED_FUNCTION_CALL' }, { finishReason: 'MALFORMED_FUNCTION_CALL' }, plan({ id: '1', description: 'never' })]);
      const result = await h.run('x');
      assert.equal(result.status, 'failed');
      assert.match(result.message, /^Gemini sent a function call that could not be read twice in a row \(MALFORMED_FUNCTION_CALL\)/);
      assert.equal(h.model.requests.length, 2);
    });
  });

  describe('other endings', () => {
    it('OTHER with a finishMessage: the message is shown and the task is not done', async () => {
      const h = harness([plan({ id: '1', description: 'x' }), say('Working on', { finishReason: 'OTHER', finishMessage: 'The response was stopped early.' })]);
      const result = await h.run('x');
      assert.equal(result.status, 'failed');
      assert.deepEqual(result.tasks.map((t) => t.status), ['failed']);
      assert.match(result.message, /task 1 \("x"\) failed — Gemini ended its answer early \(OTHER\): The response was stopped early\./);
      assert.deepEqual(h.of('textDelta').map((e) => e.text), ['Working on', '\n\n*[Gemini ended its answer early (OTHER): The response was stopped early.]*']);
    });

    it('MAX_TOKENS with a finishMessage: shown, not done; without one the cut answer is only marked', async () => {
      const explained = harness([plan({ id: '1', description: 'x' }), say('Cut', { finishReason: 'MAX_TOKENS', finishMessage: 'Output limit of 8192 tokens reached.' })]);
      assert.equal((await explained.run('x')).tasks[0].status, 'failed');
      const plain = harness([plan({ id: '1', description: 'x' }), say('Cut', { finishReason: 'MAX_TOKENS' })]);
      assert.equal((await plain.run('x')).tasks[0].status, 'done');
    });

    it('OTHER at the planning step stops the run with the server\'s words', async () => {
      const h = harness([{ text: '', finishReason: 'OTHER', finishMessage: 'Something went wrong.' }, plan({ id: '1', description: 'never' })]);
      const result = await h.run('x');
      assert.equal(result.status, 'failed');
      assert.equal(result.message, 'Gemini ended its answer early (OTHER): Something went wrong. No plan was made; try again.');
      assert.equal(h.model.requests.length, 1);
    });
  });

  describe('retry policy', () => {
    it('retries with jittered exponential backoff, says how many retries are left and when the next starts', async () => {
      const outage = () => new ModelError('server', 'Gemini had a server error (HTTP 503).', { status: 503 });
      const h = harness([outage(), outage(), plan({ id: '1', description: 'x' }), say('ok')], { tickMs: 0 });
      h.deps.random = () => 0.5;
      assert.equal((await h.run('x')).status, 'completed');
      assert.deepEqual(h.sleeps, [2500, 5000]);
      assert.deepEqual(h.of('retry').map((e) => [e.attempt, e.maxRetries, e.at]), [[1, 4, 2500], [2, 4, 5000]]);
      const notices = chatOf(h.events).filter((i) => i.kind === 'notice');
      assert.deepEqual(notices.map((n) => n.kind === 'notice' && n.text), ['Gemini had a server error (HTTP 503), retrying in 3 s (retry 1 of 4)', 'Gemini had a server error (HTTP 503), retrying in 5 s (retry 2 of 4)']);
    });

    it('honours a server delay for 500 and 503 as for 429', async () => {
      const h = harness([new ModelError('server', 'Gemini had a server error (HTTP 500).', { status: 500, retryAfterMs: 9000 }), plan({ id: '1', description: 'x' }), say('ok')]);
      await h.run('x');
      assert.deepEqual(h.sleeps, [9000]);
    });

    it('does not retry an error of unknown kind, nor a permission problem', async () => {
      for (const err of [new ModelError('unknown', 'Gemini request failed: odd.'), new ModelError('apiDisabled', 'The Generative Language API is disabled.', { status: 403 })]) {
        const h = harness([err, say('never')]);
        assert.equal((await h.run('x')).status, 'failed');
        assert.deepEqual(h.sleeps, []);
        assert.equal(h.model.requests.length, 1);
      }
    });

    it('an error that is not retried withdraws the text its attempt had streamed', async () => {
      const h = harness([plan({ id: '1', description: 'x' }), new ModelError('badRequest', 'Gemini stopped the answer with an error (HTTP 400 INVALID_ARGUMENT): bad.', { status: 400 })]);
      const generate = h.model.generate.bind(h.model);
      let n = 0;
      h.model.generate = async (request, onDelta, signal) => {
        if (++n === 2) onDelta({ type: 'text', text: 'Half an answer' });
        return generate(request, onDelta, signal);
      };
      const result = await h.run('x');
      assert.equal(result.status, 'failed');
      assert.deepEqual(h.of('textWithdrawn'), [{ type: 'textWithdrawn', chars: 14, label: 'Withdrawn: the answer broke off with an error' }]);
    });

    it('passes a helpful link from the error on to the panel', async () => {
      const link = { url: 'https://console.developers.google.com/apis/api/generativelanguage.googleapis.com/overview?project=1', label: "Open Google's activation page" };
      const h = harness([new ModelError('apiDisabled', 'The Generative Language API (Gemini) is disabled.', { status: 403, link })]);
      await h.run('x');
      assert.deepEqual(h.of('error'), [{ type: 'error', message: 'The Generative Language API (Gemini) is disabled.', retryable: false, link }]);
      const notice = chatOf(h.events).find((i) => i.kind === 'notice');
      assert.deepEqual(notice?.kind === 'notice' && notice.link, link);
    });
  });
});
