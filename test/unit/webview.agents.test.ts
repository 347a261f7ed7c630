import * as assert from 'node:assert/strict';
import { applyEvent, emptyChat, type ChatItem, type ChatState } from '../../src/shared/chatState';
import type { AgentEvent } from '../../src/shared/events';
import type { PanelInfo } from '../../src/shared/protocol';
import { refHref, refLabel, reportIsNew, roleModels, subagentMeta, usageByRoleSummary } from '../../webview/agents';
import { ChatStore } from '../../webview/store';

const info: PanelInfo = { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'gemini-2.5-flash', models: [], history: [] };
const usage = (total: number, output = 100) => ({ promptTokens: total - output, outputTokens: output, thoughtTokens: 0, cachedTokens: 0, totalTokens: total });
type Subagent = Extract<ChatItem, { kind: 'subagent' }>;

const start: AgentEvent[] = [
  { type: 'runStarted', runId: 'r', request: 'q' },
  { type: 'toolStarted', callId: 'x1', name: 'explore', label: 'Explore 1' },
  { type: 'toolStarted', callId: 'x2', name: 'explore', label: 'Explore 2' },
  { type: 'subagentStarted', agentId: 'e1', role: 'explorer', title: 'One', model: 'gemini-2.5-flash-lite', parentCallId: 'x1' },
  { type: 'subagentStarted', agentId: 'e2', role: 'explorer', title: 'Two', model: 'gemini-2.5-flash-lite', parentCallId: 'x2' },
];

/** A store that has rendered `events` already (from a snapshot), ready for the next batch. */
function storeAfter(events: AgentEvent[]): { store: ChatStore; chat: ChatState } {
  const chat = emptyChat('c');
  for (const e of events) applyEvent(chat, e);
  const store = new ChatStore();
  store.receive({ type: 'snapshot', chat: structuredClone(chat), info });
  store.take();
  return { store, chat: store.chat as ChatState };
}
const send = (store: ChatStore, events: AgentEvent[]) => store.receive({ type: 'events', chatId: 'c', events });
const agentIn = (chat: ChatState, id: string) => chat.items.find((i): i is Subagent => i.kind === 'subagent' && i.id === id) as Subagent;
const describeItem = (i: ChatItem) => `${i.kind}:${i.id}`;

describe('webview: subagent cards, incrementally', () => {
  it('streams each explorer\'s text into its own answer, as pieces, without redrawing the cards', () => {
    const { store, chat } = storeAfter([
      ...start,
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'a' } },
      { type: 'subagentEvent', agentId: 'e2', event: { type: 'textDelta', text: 'b' } },
    ]);
    send(store, [
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'A1 ' } },
      { type: 'subagentEvent', agentId: 'e2', event: { type: 'textDelta', text: 'B1 ' } },
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'A2' } },
      { type: 'subagentEvent', agentId: 'e2', event: { type: 'thoughtDelta', text: 'hm' } },
    ]);
    const changes = store.take();
    assert.deepEqual([...changes.items].map(describeItem), ['assistant:e1.a0', 'assistant:e2.a0']);
    assert.deepEqual([...changes.streamed].map(([item, s]) => `${item.id}:${s.text}|${s.thought}`), ['e1.a0:A1 A2|', 'e2.a0:B1 |hm']);
    assert.equal(changes.chat, false);
    assert.deepEqual(changes.appended, []);
    const e1 = agentIn(chat, 'e1').items[0];
    assert.equal(e1.kind === 'assistant' && e1.text, 'aA1 A2');
  });

  it('redraws a card when something is added to it, and never streams on top of a part it draws whole', () => {
    const { store } = storeAfter(start);
    send(store, [
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolStarted', callId: 't1', name: 'read_file', label: 'Read a.ts' } },
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'new text' } },
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolFinished', callId: 't1', ok: true, summary: '3 lines' } },
    ]);
    const changes = store.take();
    assert.deepEqual([...changes.items].map(describeItem), ['subagent:e1']);
    assert.equal(changes.streamed.size, 0);
    // Next batch: the tool card exists now and is updated on its own.
    send(store, [
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolStarted', callId: 't2', name: 'read_file', label: 'Read b.ts' } },
    ]);
    store.take();
    send(store, [{ type: 'subagentEvent', agentId: 'e1', event: { type: 'toolFinished', callId: 't2', ok: false, summary: 'not found' } }]);
    assert.deepEqual([...store.take().items].map(describeItem), ['tool:t2']);
  });

  it('draws an agent that started and worked in the same batch whole, once', () => {
    const { store } = storeAfter(start.slice(0, 2));
    send(store, [
      start[3],
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'x' } },
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'y' } },
    ]);
    const changes = store.take();
    assert.deepEqual(changes.appended.map(describeItem), ['subagent:e1']);
    assert.equal(changes.items.size, 0);
    assert.equal(changes.streamed.size, 0);
  });

  it('redraws an agent, its tool cards, the parent calls and the review when they end or are dismissed', () => {
    const { store } = storeAfter([
      ...start,
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolStarted', callId: 't1', name: 'read_file', label: 'Read a.ts' } },
      { type: 'subagentEvent', agentId: 'e2', event: { type: 'textDelta', text: 'b' } },
      { type: 'review', reviewId: 'rv', taskId: '1', round: 1, verdict: 'changes', summary: 's', comments: [] },
    ]);
    send(store, [{ type: 'subagentFinished', agentId: 'e1', status: 'done', summary: 'Found it.', usage: usage(500) }]);
    assert.deepEqual([...store.take().items].map(describeItem), ['subagent:e1', 'tool:t1']);
    send(store, [{ type: 'runEnded', status: 'cancelled', message: 'Stopped.' }]);
    assert.deepEqual([...store.take().items].map(describeItem), ['tool:x1', 'tool:x2', 'subagent:e2']);
    send(store, [{ type: 'reviewDismissed', reviewId: 'rv' }]);
    assert.deepEqual([...store.take().items].map(describeItem), ['review:rv']);
  });

  it('draws everything again when a subagent\'s failed attempt is taken back', () => {
    const { store } = storeAfter([...start, { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'half' } }]);
    send(store, [{ type: 'subagentEvent', agentId: 'e1', event: { type: 'retry', attempt: 1, delayMs: 0, reason: 'Cut', discard: { text: 4, thought: 0 } } }]);
    assert.equal(store.take().chat, true);
  });
});

describe('webview: subagent labels and usage by role', () => {
  const agent = (extra: Partial<Subagent>): Subagent => ({ kind: 'subagent', id: 'e', role: 'explorer', title: 't', model: 'gemini-2.5-flash-lite', status: 'running', items: [], ...extra });
  const tool = (label: string) => ({ kind: 'tool' as const, id: label, name: 'read_file', label, status: 'ok' as const, summary: '' });

  it('says what a running agent does, and what a finished one cost', () => {
    assert.equal(subagentMeta(agent({})), 'Starting…');
    assert.equal(subagentMeta(agent({ items: [tool('Read a.ts')] })), 'Read a.ts');
    assert.equal(subagentMeta(agent({ items: [tool('Read a.ts'), { kind: 'assistant', id: 'a', text: 'x', thought: '' }] })), 'Thinking…');
    // gemini-2.5-flash-lite: 2,000 in × $0.10 + 100 out × $0.40 per 1M: well under a cent.
    assert.equal(subagentMeta(agent({ status: 'done', items: [tool('a'), tool('b')], usage: usage(2100) })), '2 tool calls · 2.1k tokens · < $0.01');
    assert.equal(subagentMeta(agent({ status: 'done', model: 'emulator', items: [tool('a')], usage: usage(2100) })), '1 tool call · 2.1k tokens');
    assert.equal(subagentMeta(agent({ status: 'done', model: 'emulator', usage: usage(2100) })), '2.1k tokens');
  });

  it('shows a report only when it says more than the agent\'s last answer', () => {
    const answer = (text: string) => ({ kind: 'assistant' as const, id: 'a', text, thought: '' });
    const said = 'add is defined in src/math.ts.\n\nReferences:\n- src/math.ts:1-3';
    assert.equal(reportIsNew(agent({ status: 'done', items: [answer(said)], summary: 'add is defined in src/math.ts.' })), false);
    assert.equal(reportIsNew(agent({ status: 'partial', items: [answer(said)], summary: 'add is defined in src/math.ts.\n\n(Partial: stopped early.)' })), true);
    assert.equal(reportIsNew(agent({ status: 'failed', items: [tool('Read a.ts')], summary: 'The model refused.' })), true);
    assert.equal(reportIsNew(agent({ status: 'done', items: [answer(said)], summary: '' })), false);
  });

  it('labels and links file references the way answers link files', () => {
    assert.equal(refLabel({ path: 'src/a.ts', line: 12, endLine: 14 }), 'src/a.ts:12–14');
    assert.equal(refLabel({ path: 'src/a.ts', line: 12, endLine: 12 }), 'src/a.ts:12');
    assert.equal(refLabel({ path: 'src/a.ts' }), 'src/a.ts');
    assert.equal(refHref({ path: 'src/my file#1.ts', line: 3 }), 'src/my%20file%231.ts#L3');
    assert.equal(refHref({ path: 'src/a.ts' }), 'src/a.ts');
  });

  it('prices each role at its own model and sums the run from them', () => {
    const items: ChatItem[] = [
      { kind: 'user', id: 'u0', text: 'old' },
      agent({ id: 'old', role: 'reviewer', model: 'gemini-2.5-flash' }),
      { kind: 'user', id: 'u2', text: 'q' },
      agent({ id: 'e1', model: 'gemini-2.5-flash-lite' }),
      agent({ id: 'rv', role: 'reviewer', model: 'gemini-2.5-pro' }),
    ];
    const models = roleModels(items, 'gemini-2.5-flash');
    assert.deepEqual(models, { coder: 'gemini-2.5-flash', explorer: 'gemini-2.5-flash-lite', reviewer: 'gemini-2.5-pro' });
    const byRole = { coder: usage(1_100_000, 100_000), explorer: usage(1_100_000, 100_000), reviewer: usage(1_100_000, 100_000) };
    const s = usageByRoleSummary(usage(3_300_000, 300_000), byRole, models);
    // coder 1M × $0.30 + 0.1M × $2.50 = $0.55; explorer 1M × $0.10 + 0.1M × $0.40 = $0.14; reviewer 1M × $1.25 + 0.1M × $10 = $2.25.
    assert.equal(s.roles, 'Coder 1.1M ($0.55) · Explorers 1.1M ($0.14) · Reviewer 1.1M ($2.25)');
    assert.match(s.text, /· est\. \$2\.94$/);
    assert.match(s.title, /Reviewer: 1,100,000 tokens .* est\. \$2\.25 at gemini-2\.5-pro list prices/);
    // A role on a model without a price: tokens for it, and no total that would be wrong.
    const unpriced = usageByRoleSummary(usage(2_200_000), { coder: byRole.coder, planner: usage(1_100_000) }, { coder: 'gemini-2.5-flash', planner: 'emulator' });
    assert.equal(unpriced.roles, 'Coder 1.1M ($0.55) · Planner 1.1M');
    assert.doesNotMatch(unpriced.text, /est\./);
  });
});
