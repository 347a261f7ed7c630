import * as assert from 'node:assert/strict';
import { emptyChat } from '../../src/shared/chatState';
import { ChatStore } from '../../webview/store';

describe('webview: a retry that takes back streamed text', () => {
  it('renders the chat from scratch, without the taken-back answer, with the retry notice', () => {
    const store = new ChatStore();
    store.receive({ type: 'snapshot', chat: emptyChat('c'), info: { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'm', models: ['m'], history: [] } });
    store.take();
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'runStarted', runId: 'r', request: 'hi' }, { type: 'textDelta', text: 'Half of it' }] });
    store.take();
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'retry', attempt: 1, delayMs: 2000, reason: 'The stream broke off', discard: { text: 10, thought: 0 } }] });
    const changes = store.take();
    assert.equal(changes.chat, true);
    assert.deepEqual(store.chat?.items.map((i) => i.kind), ['user', 'notice']);
  });

  it('keeps incremental rendering for a retry that took nothing back', () => {
    const store = new ChatStore();
    store.receive({ type: 'snapshot', chat: emptyChat('c'), info: { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'm', models: ['m'], history: [] } });
    store.take();
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'runStarted', runId: 'r', request: 'hi' }] });
    store.take();
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'retry', attempt: 1, delayMs: 2000, reason: 'Rate limited' }] });
    const changes = store.take();
    assert.equal(changes.chat, false);
    assert.deepEqual(changes.appended.map((i) => i.kind), ['notice']);
  });

  it('hands text after a refusal notice to the answer it continues, not to the notice', () => {
    const store = new ChatStore();
    store.receive({ type: 'snapshot', chat: emptyChat('c'), info: { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'm', models: ['m'], history: [] } });
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'runStarted', runId: 'r', request: 'hi' }, { type: 'textDelta', text: 'First ' }] });
    store.take();
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'error', message: 'A run is already in progress.', retryable: false }, { type: 'textDelta', text: 'answer.' }] });
    const changes = store.take();
    const answer = store.chat?.items[1];
    assert.equal(answer?.kind, 'assistant');
    assert.deepEqual(changes.streamed.get(answer!), { text: 'answer.', thought: '' });
    assert.deepEqual(changes.appended.map((i) => i.kind), ['notice']);
  });
});
