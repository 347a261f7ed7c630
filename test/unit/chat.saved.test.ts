import * as assert from 'node:assert/strict';
import { ChatController } from '../../src/chat/controller';
import { parseSavedChats } from '../../src/chat/savedChats';
import type { Runner, StateStore } from '../../src/chat/types';

const good = {
  state: { id: 'c1', title: 'Fix it', items: [{ kind: 'user', id: 'u1', text: 'fix it' }, { kind: 'assistant', id: 'a1', text: 'Done.', thought: '' }], running: false },
  history: [
    { role: 'user', parts: [{ text: 'Request:\nfix it' }] },
    { role: 'model', parts: [{ text: 'Done.' }] },
  ],
  updated: 5,
};

class Store implements StateStore {
  writes = 0;
  constructor(
    private readonly saved: unknown,
    private readonly fail?: () => Error,
  ) {}
  get<T>(): T | undefined {
    return this.saved as T;
  }
  update(): Promise<void> {
    this.writes++;
    return this.fail ? Promise.reject(this.fail()) : Promise.resolve();
  }
}

const answering: Runner = {
  async run(_request, history, emit) {
    emit({ type: 'textDelta', text: 'ok' });
    return history;
  },
};

describe('saved chats', () => {
  it('opens a good save as it was', () => {
    const [chat] = parseSavedChats([good]);
    assert.deepEqual(chat.state.items.map((i) => i.kind), ['user', 'assistant']);
    assert.equal(chat.history.length, 2);
    assert.equal(chat.updated, 5);
  });

  it('opens as much of a damaged save as it can, and never throws', () => {
    const damaged = [
      'not a chat',
      null,
      { state: { title: 'no id' }, history: [] },
      {
        state: { id: 'c2', title: 42, items: [{ kind: 'user', id: 'u', text: 'hi' }, { kind: 'mystery' }, { kind: 'assistant', id: 'a' }], running: 'yes', usage: 'lots' },
        history: [
          { role: 'user', parts: [{ text: 'hi' }] },
          { role: 'model', parts: [{ functionCall: { name: 'read_file', args: { path: 'a' } } }] },
          { role: 'system', parts: [] },
          { role: 'model', parts: [{ text: 'after the damage' }] },
        ],
        updated: 'yesterday',
      },
      { ...good, state: { ...good.state, id: 'c2' } },
    ];
    const chats = parseSavedChats(damaged);
    assert.deepEqual(chats.map((c) => c.state.id), ['c2'], 'unreadable entries and a second c2 are left out');
    const [chat] = chats;
    assert.equal(chat.state.title, 'Chat');
    assert.equal(chat.state.running, false);
    assert.equal(chat.state.usage, undefined);
    assert.deepEqual(chat.state.items.map((i) => i.kind), ['user'], 'the unreadable items are left out');
    assert.equal(chat.updated, 0);
    // The history stops before the damage; the call left hanging there is answered.
    assert.deepEqual(chat.history.map((c) => c.role), ['user', 'model', 'user']);
    assert.equal(chat.history[2].parts[0].functionResponse?.name, 'read_file');
    for (const raw of [undefined, 'x', 42, {}, [[]], [{ state: null }]]) assert.deepEqual(parseSavedChats(raw), []);
  });

  it('starts a controller on a damaged store, showing what could be read', () => {
    const chat = new ChatController(new Store([{ state: 7 }, { ...good, history: 'gone' }]), () => answering, () => 'new');
    assert.equal(chat.state.id, 'c1');
    assert.equal(chat.history().length, 1);
  });

  it('reports a failed save once, not as an unhandled rejection, until a save works again', async () => {
    const reports: string[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const store = new Store([], () => new Error('disk full'));
      const chat = new ChatController(store, () => answering, () => 'id', 1, (m) => reports.push(m));
      await chat.send({ text: 'one' });
      await chat.send({ text: 'two' });
      await new Promise((r) => setTimeout(r, 20));
      assert.ok(store.writes >= 4, `${store.writes} writes`);
      assert.deepEqual(reports, ['Chats could not be saved: disk full. They are kept while this window is open.']);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('offers no retry for an error of unknown kind', async () => {
    const failing: Runner = {
      async run() {
        throw new Error('something odd');
      },
    };
    const chat = new ChatController(new Store([]), () => failing, () => 'id');
    await chat.send({ text: 'x' });
    const notice = chat.state.items.find((i) => i.kind === 'notice');
    assert.equal(notice?.kind === 'notice' && notice.retryable, false);
  });
});
