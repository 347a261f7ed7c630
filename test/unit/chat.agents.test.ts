import * as assert from 'node:assert/strict';
import { ChatController } from '../../src/chat/controller';
import type { Runner, StateStore } from '../../src/chat/types';
import type { ChatItem, ChatState } from '../../src/shared/chatState';
import type { AgentEvent } from '../../src/shared/events';

class MemoryStore implements StateStore {
  value: unknown;
  constructor(initial?: unknown) {
    this.value = initial;
  }
  get<T>(): T | undefined {
    return this.value as T | undefined;
  }
  update(_key: string, value: unknown): Promise<void> {
    this.value = JSON.parse(JSON.stringify(value));
    return Promise.resolve();
  }
}

const usage = { promptTokens: 900, outputTokens: 100, thoughtTokens: 0, cachedTokens: 0, totalTokens: 1000 };
const reviewRun: AgentEvent[] = [
  { type: 'subagentStarted', agentId: 'rev', role: 'reviewer', title: 'Review task 1', model: 'gemini-2.5-pro', taskId: '1' },
  { type: 'subagentFinished', agentId: 'rev', status: 'done', summary: 'One change.', usage },
  { type: 'review', reviewId: 'rv1', taskId: '1', round: 1, verdict: 'changes', summary: 'Handle null.', comments: [{ path: 'src/a.ts', line: 2, body: 'Null?' }] },
];
const scripted = (events: AgentEvent[]): Runner => ({
  run(_request, history, emit) {
    for (const e of events) emit(e);
    return Promise.resolve(history);
  },
});
const reviewOf = (state: ChatState) => state.items.find((i): i is Extract<ChatItem, { kind: 'review' }> => i.kind === 'review');

describe('ChatController: agents and reviews', () => {
  it('records a dismissed review as an event: the panel is told, the chat is saved, and a reload agrees', async () => {
    const store = new MemoryStore();
    let n = 0;
    const chat = new ChatController(store, () => scripted(reviewRun), () => `id${n++}`, 60_000);
    const told: AgentEvent[] = [];
    chat.listen({ onEvents: (_id, events) => told.push(...events), onSnapshot: () => undefined });
    await chat.send({ text: 'fix it' });
    assert.equal(chat.dismissReview('rv1'), true);
    assert.deepEqual(told[told.length - 1], { type: 'reviewDismissed', reviewId: 'rv1' });
    assert.equal(reviewOf(chat.state)?.dismissed, true);
    // Already dismissed, or unknown: nothing more is recorded.
    assert.equal(chat.dismissReview('rv1'), false);
    assert.equal(chat.dismissReview('nope'), false);
    assert.equal(told.filter((e) => e.type === 'reviewDismissed').length, 1);
    const reloaded = new ChatController(store, () => scripted([]), () => 'x', 0);
    assert.equal(reviewOf(reloaded.state)?.dismissed, true);
  });

  it('dismisses a review of a chat that is not the open one in that chat', async () => {
    const store = new MemoryStore();
    let n = 0;
    const chat = new ChatController(store, () => scripted(reviewRun), () => `id${n++}`, 0);
    await chat.send({ text: 'fix it' });
    const first = chat.state;
    chat.newChat();
    assert.notEqual(chat.state, first);
    assert.equal(chat.dismissReview('rv1'), true);
    assert.equal(reviewOf(first)?.dismissed, true);
  });

  it('brings back a chat saved mid-run with its agents stopped, not spinning', () => {
    const items: ChatItem[] = [
      { kind: 'user', id: 'u0', text: 'q' },
      { kind: 'tool', id: 'x1', name: 'explore', label: 'Explore', status: 'running', summary: '' },
      { kind: 'subagent', id: 'e1', role: 'explorer', title: 'Where?', model: 'm', parentCallId: 'x1', status: 'running', items: [{ kind: 'tool', id: 't', name: 'read_file', label: 'Read a', status: 'running', summary: '' }] },
    ];
    const store = new MemoryStore([{ state: { id: 'c', title: 'q', items, running: true, runId: 'r' }, history: [], updated: 1 }]);
    const chat = new ChatController(store, () => scripted([]), () => 'x', 0);
    const agent = chat.state.items.find((i) => i.kind === 'subagent');
    assert.ok(agent?.kind === 'subagent');
    assert.equal(agent.status, 'cancelled');
    assert.deepEqual(agent.items.map((i) => i.kind === 'tool' && i.status), ['failed']);
  });
});
