import * as assert from 'node:assert/strict';
import { ChatController } from '../../src/chat/controller';
import type { Runner, StateStore } from '../../src/chat/types';
import type { ChatState } from '../../src/shared/chatState';
import type { Content } from '../../src/model/types';

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

/** What is on disk just before the last chunk of a chat's first run (30 chunks, saved every 20 ms). */
async function firstRunSavedMidStream(): Promise<unknown> {
  const store = new RecordingStore();
  let n = 0;
  let midRun: unknown;
  const runner = streamingRunner(30, 5, () => (midRun = store.writes[store.writes.length - 1]));
  await new ChatController(store, () => runner, () => `id${n++}`, 20).send({ text: 'explain' });
  return midRun;
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
    const reloaded = new ChatController(new RecordingStore(await firstRunSavedMidStream()), () => streamingRunner(1, 0, () => undefined), () => 'later');
    assert.match(answerOf(reloaded.state), /^c0 c1 /);
    const end = reloaded.state.items[reloaded.state.items.length - 1];
    assert.equal(end.kind, 'runEnd');
    assert.match(end.kind === 'runEnd' ? end.text : '', /interrupted when the window reloaded/);
    assert.equal(reloaded.state.running, false);
  });

  it('tells the model about a run a reload cut short, from the second run of a chat on', async () => {
    const store = new RecordingStore();
    let n = 0;
    const first: Runner = {
      async run(request, history, emit) {
        emit({ type: 'textDelta', text: 'First answer.' });
        return [...history, { role: 'user', parts: [{ text: `Request:\n${request.text}` }] }, { role: 'model', parts: [{ text: 'First answer.' }] }];
      },
    };
    let midRun: unknown;
    const second = streamingRunner(30, 5, () => (midRun = store.writes[store.writes.length - 1]));
    let runner: Runner = first;
    const chat = new ChatController(store, () => runner, () => `id${n++}`, 20);
    await chat.send({ text: 'first question' });
    runner = second;
    await chat.send({ text: 'second question' });

    let seen: Content[] = [];
    const third: Runner = { async run(_r, history) { seen = [...history]; return history; } };
    const reloaded = new ChatController(new RecordingStore(midRun), () => third, () => `id${n++}`);
    await reloaded.send({ text: 'third question' });
    assert.deepEqual(seen.map((c) => c.role), ['user', 'model', 'user', 'model']);
    assert.equal(seen[2].parts[0].text, 'Request:\nsecond question');
    assert.match(String(seen[3].parts[0].text), /^c0 c1 [\s\S]*\[This answer was cut short: the window reloaded\.\]$/);
  });

  it('leaves the history of a chat whose first run was cut short empty, so the next run still sends the workspace tree', async () => {
    const midRun = await firstRunSavedMidStream();
    let seen: Content[] | undefined;
    const next: Runner = { async run(_r, history) { seen = [...history]; return history; } };
    await new ChatController(new RecordingStore(midRun), () => next, () => 'later').send({ text: 'again' });
    assert.deepEqual(seen, []);
  });
});
