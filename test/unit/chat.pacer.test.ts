import * as assert from 'node:assert/strict';
import { EventPacer, type EventBatch } from '../../src/chat/pacer';
import type { AgentEvent } from '../../src/shared/events';

const text = (t: string): AgentEvent => ({ type: 'textDelta', text: t });
const texts = (b: EventBatch) => `${b.chatId}:${b.events.map((e) => (e.type === 'textDelta' ? e.text : e.type)).join('')}`;

/** A transport whose sends settle only when the test says so. */
function transport() {
  const sent: EventBatch[] = [];
  const settle: Array<(ok: boolean) => void> = [];
  const fail: Array<(err: Error) => void> = [];
  const send = (b: EventBatch) =>
    new Promise<boolean>((resolve, reject) => {
      sent.push(b);
      settle.push(resolve);
      fail.push(reject);
    });
  return { sent, settle, fail, send };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('EventPacer', () => {
  it('sends the first event at once and what arrives meanwhile in one message once it is taken', async () => {
    const t = transport();
    const pacer = new EventPacer(t.send);
    pacer.push('c1', [text('a')]);
    assert.deepEqual(t.sent.map(texts), ['c1:a']);
    pacer.push('c1', [text('b')]);
    pacer.push('c1', [text('c'), text('d')]);
    await tick();
    assert.equal(t.sent.length, 1, 'nothing more goes while the first message is on its way');
    t.settle[0](true);
    await tick();
    assert.deepEqual(t.sent.map(texts), ['c1:a', 'c1:bcd']);
    t.settle[1](true);
    await tick();
    pacer.push('c1', [text('e')]);
    assert.deepEqual(t.sent.map(texts), ['c1:a', 'c1:bcd', 'c1:e'], 'an idle transport gets the next event at once');
  });

  it('keeps the order of events across chats, one batch per run of a chat', async () => {
    const t = transport();
    const pacer = new EventPacer(t.send);
    pacer.push('c1', [text('a')]);
    pacer.push('c1', [text('b')]);
    pacer.push('c2', [text('x')]);
    pacer.push('c1', [text('c')]);
    t.settle[0](true);
    await tick();
    assert.deepEqual(t.sent.map(texts), ['c1:a', 'c1:b', 'c2:x', 'c1:c']);
  });

  it('does not stall behind a send that fails or never settles', async () => {
    const t = transport();
    const pacer = new EventPacer(t.send, 30);
    pacer.push('c1', [text('a')]);
    pacer.push('c1', [text('b')]);
    t.fail[0](new Error('webview disposed'));
    await tick();
    assert.deepEqual(t.sent.map(texts), ['c1:a', 'c1:b']);
    pacer.push('c1', [text('c')]);
    await tick();
    assert.equal(t.sent.length, 2, 'b has not settled');
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(t.sent.map(texts), ['c1:a', 'c1:b', 'c1:c'], 'sent once the wait for b ran out');
  });

  it('flushes what is pending at once, so a snapshot never overtakes events', () => {
    const t = transport();
    const pacer = new EventPacer(t.send);
    pacer.push('c1', [text('a')]);
    pacer.push('c1', [text('b')]);
    pacer.flush();
    assert.deepEqual(t.sent.map(texts), ['c1:a', 'c1:b']);
    pacer.flush();
    assert.equal(t.sent.length, 2, 'nothing left to send');
  });
});
