import * as assert from 'node:assert/strict';
import { ChatController } from '../../src/chat/controller';
import type { Runner, StateStore } from '../../src/chat/types';
import type { ChatState } from '../../src/shared/chatState';

/** A store that keeps a copy of every write, as a file on disk would. */
class RecordingStore implements StateStore {
  readonly writes: Array<Array<{ state: ChatState }>> = [];
  constructor(private readonly initial?: unknown) {}
  get<T>(): T | undefined {
    return this.initial as T | undefined;
  }
  update(_key: string, value: unknown): Promise<void> {
    this.writes.push(JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const answerOf = (state: ChatState) => state.items.flatMap((i) => (i.kind === 'assistant' ? [i.text] : [])).join('');

/** Streams `count` text deltas, `gapMs` apart, and calls `during` before the last one. */
function streamingRunner(count: number, gapMs: number, during: () => void): Runner {
  return {
    async run(_request, history, emit) {
      for (let i = 0; i < count; i++) {
        if (i === count - 1) during();
        emit({ type: 'textDelta', text: `c${i} ` });
        await sleep(gapMs);
      }
      return history;
    },
  };
}

describe('ChatController saving', () => {
  it('saves a long stream while it runs, not only once it goes quiet', async () => {
    const store = new RecordingStore();
    let savedBeforeTheEnd = '';
    let n = 0;
    const runner = streamingRunner(40, 5, () => (savedBeforeTheEnd = answerOf(store.writes[store.writes.length - 1][0].state)));
    const chat = new ChatController(store, () => runner, () => `id${n++}`, 50);
    await chat.send({ text: 'explain' });
    assert.match(savedBeforeTheEnd, /^c0 c1 /, 'text streamed earlier was on disk before the stream ended');
    // A throttle: far fewer writes than events (runStarted and the end are written at once).
    assert.ok(store.writes.length < 20, `${store.writes.length} writes for 40 deltas`);
    assert.equal(answerOf(store.writes[store.writes.length - 1][0].state), Array.from({ length: 40 }, (_, i) => `c${i} `).join(''));
  });

  it('brings back a chat saved mid-run with what it showed, marked as interrupted', async () => {
    const store = new RecordingStore();
    let n = 0;
    let midRun: unknown;
    const runner = streamingRunner(30, 5, () => (midRun = store.writes[store.writes.length - 1]));
    await new ChatController(store, () => runner, () => `id${n++}`, 20).send({ text: 'explain' });
    const reloaded = new ChatController(new RecordingStore(midRun), () => runner, () => `id${n++}`);
    assert.match(answerOf(reloaded.state), /^c0 c1 /);
    const end = reloaded.state.items[reloaded.state.items.length - 1];
    assert.equal(end.kind, 'runEnd');
    assert.match(end.kind === 'runEnd' ? end.text : '', /interrupted when the window reloaded/);
    assert.equal(reloaded.state.running, false);
  });
});
