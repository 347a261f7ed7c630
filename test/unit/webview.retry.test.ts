import * as assert from 'node:assert/strict';
import { emptyChat } from '../../src/shared/chatState';
import { noticeText, secondsLeft } from '../../webview/countdown';
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

describe('webview: withdrawn text and the retry countdown', () => {
  const info = { hasKey: true, offlineDemo: false, approvalMode: 'ask' as const, model: 'm', models: ['m'], history: [] };

  it('moves blocked text out of the answer into its struck-through part, and re-renders that answer whole', () => {
    const store = new ChatStore();
    store.receive({ type: 'snapshot', chat: emptyChat('c'), info });
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'runStarted', runId: 'r', request: 'hi' }, { type: 'textDelta', text: 'Kept. ' }] });
    store.take();
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'textDelta', text: 'Blocked part' }, { type: 'textWithdrawn', chars: 12, label: 'Withdrawn: Gemini blocked this answer (SAFETY)' }] });
    const changes = store.take();
    const answer = store.chat?.items[1];
    assert.equal(answer?.kind === 'assistant' && answer.text, 'Kept. ');
    assert.deepEqual(answer?.kind === 'assistant' && answer.withdrawn, { text: 'Blocked part', label: 'Withdrawn: Gemini blocked this answer (SAFETY)' });
    assert.ok(changes.items.has(answer!));
    assert.equal(changes.streamed.get(answer!), undefined, 'not appended piecewise: the withdrawn text must not be shown as the answer');
  });

  it('counts a retry\'s wait down to the second, then shows its record', () => {
    const notice = { kind: 'notice' as const, id: 'n1', level: 'retry' as const, text: 'Gemini is rate limiting this key, retrying in 17 s (retry 1 of 4)', retryable: false, countdown: { reason: 'Gemini is rate limiting this key', at: 100_000, attempt: 1, maxRetries: 4 } };
    assert.equal(noticeText(notice, 83_000), 'Gemini is rate limiting this key, retrying in 17 s (retry 1 of 4)');
    assert.equal(noticeText(notice, 95_500), 'Gemini is rate limiting this key, retrying in 5 s (retry 1 of 4)');
    assert.equal(noticeText(notice, 100_000), notice.text);
    assert.equal(secondsLeft(100_000, 99_001), 1);
  });

  it('stops counting down when the run ends during the wait, and says the retry did not happen', () => {
    const store = new ChatStore();
    store.receive({ type: 'snapshot', chat: emptyChat('c'), info });
    store.receive({ type: 'events', chatId: 'c', events: [
      { type: 'runStarted', runId: 'r', request: 'hi' },
      { type: 'retry', reason: 'Gemini is overloaded', delayMs: 4000, at: Date.now() + 4000, attempt: 1, maxRetries: 4 },
      { type: 'retry', reason: 'Gemini is overloaded', delayMs: 8000, at: Date.now() + 8000, attempt: 2, maxRetries: 4 },
      { type: 'runEnded', status: 'cancelled', message: 'Stopped.' },
    ] });
    const notices = store.chat?.items.filter((i) => i.kind === 'notice') ?? [];
    assert.equal(notices.length, 2);
    assert.ok(notices.every((n) => n.kind === 'notice' && n.countdown === undefined), 'no countdown left running');
    assert.equal(notices[0].kind === 'notice' && notices[0].text, 'Gemini is overloaded, retrying in 4 s (retry 1 of 4)');
    assert.equal(notices[1].kind === 'notice' && notices[1].text, 'Gemini is overloaded; the run ended before retrying.');
  });
});
