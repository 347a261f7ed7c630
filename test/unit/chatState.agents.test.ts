import * as assert from 'node:assert/strict';
import { parseSavedChats } from '../../src/chat/savedChats';
import { applyEvent, ChatState, emptyChat, type ChatItem } from '../../src/shared/chatState';
import { AgentEvent } from '../../src/shared/events';

type Subagent = Extract<ChatItem, { kind: 'subagent' }>;

const fold = (events: AgentEvent[]) => {
  const chat = emptyChat('c');
  // Every event goes through its schema first, as the webview takes them.
  for (const e of events) applyEvent(chat, AgentEvent.parse(e));
  return chat;
};
const usage = (total: number) => ({ promptTokens: total - 100, outputTokens: 100, thoughtTokens: 0, cachedTokens: 0, totalTokens: total });
const agents = (chat: ChatState) => chat.items.filter((i): i is Subagent => i.kind === 'subagent');
const agent = (chat: ChatState, id: string) => agents(chat).find((a) => a.id === id);
const inner = (a: Subagent | undefined) => (a?.items ?? []).map((i) => (i.kind === 'assistant' ? `text:${i.text}` : i.kind === 'tool' ? `tool:${i.id}:${i.status}` : `notice:${i.text}`));

/** Three explore calls in one turn, and their explorers' work arriving interleaved. */
const threeExplorers: AgentEvent[] = [
  { type: 'runStarted', runId: 'r', request: 'where is the cookie set?' },
  { type: 'textDelta', text: 'Looking in three places.' },
  ...[1, 2, 3].map((n): AgentEvent => ({ type: 'toolStarted', callId: `x${n}`, name: 'explore', label: `Explore ${n}` })),
  ...[1, 2, 3].map((n): AgentEvent => ({ type: 'subagentStarted', agentId: `e${n}`, role: 'explorer', title: `Question ${n}`, model: 'gemini-2.5-flash-lite', parentCallId: `x${n}`, taskId: '1' })),
  { type: 'subagentEvent', agentId: 'e2', event: { type: 'textDelta', text: 'Two ' } },
  { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolStarted', callId: 'e1.t1', name: 'read_file', label: 'Read a.ts' } },
  { type: 'subagentEvent', agentId: 'e3', event: { type: 'textDelta', text: 'Three ' } },
  { type: 'subagentEvent', agentId: 'e2', event: { type: 'textDelta', text: 'streams.' } },
  { type: 'subagentEvent', agentId: 'e3', event: { type: 'toolStarted', callId: 'e3.t1', name: 'search_codebase', label: "Search 'cookie'" } },
  { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolFinished', callId: 'e1.t1', ok: true, summary: '40 lines' } },
  { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'One read it.' } },
  { type: 'subagentEvent', agentId: 'e3', event: { type: 'toolFinished', callId: 'e3.t1', ok: false, summary: 'No match' } },
  { type: 'subagentFinished', agentId: 'e2', status: 'done', summary: 'Set in **auth.ts**.', refs: [{ path: 'src/auth.ts', line: 12, endLine: 14 }], usage: usage(1200) },
];

describe('chat state reducer: subagents and reviews', () => {
  it('puts interleaved explorers\' text and tool cards each in its own card, by agent id', () => {
    const chat = fold(threeExplorers);
    assert.deepEqual(chat.items.map((i) => i.kind), ['user', 'assistant', 'tool', 'tool', 'tool', 'subagent', 'subagent', 'subagent']);
    assert.deepEqual(inner(agent(chat, 'e1')), ['tool:e1.t1:ok', 'text:One read it.']);
    assert.deepEqual(inner(agent(chat, 'e2')), ['text:Two streams.']);
    assert.deepEqual(inner(agent(chat, 'e3')), ['text:Three ', 'tool:e3.t1:failed']);
    assert.deepEqual(
      agents(chat).map((a) => `${a.id}:${a.status}:${a.parentCallId}`),
      ['e1:running:x1', 'e2:done:x2', 'e3:running:x3'],
    );
    const e2 = agent(chat, 'e2');
    assert.equal(e2?.summary, 'Set in **auth.ts**.');
    assert.deepEqual(e2?.refs, [{ path: 'src/auth.ts', line: 12, endLine: 14 }]);
    assert.equal(e2?.usage?.totalTokens, 1200);
    // The main stream is untouched by the explorers' text.
    assert.equal(chat.items[1].kind === 'assistant' && chat.items[1].text, 'Looking in three places.');
  });

  it('closes an agent\'s running tool cards when it finishes, and ignores what it sends after', () => {
    const chat = fold([
      ...threeExplorers,
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolStarted', callId: 'e1.t2', name: 'read_file', label: 'Read b.ts' } },
      { type: 'subagentFinished', agentId: 'e1', status: 'partial', summary: 'Stopped at the round cap.', usage: usage(900) },
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: 'late' } },
    ]);
    const e1 = agent(chat, 'e1');
    assert.equal(e1?.status, 'partial');
    assert.deepEqual(inner(e1), ['tool:e1.t1:ok', 'text:One read it.', 'tool:e1.t2:failed']);
    const t2 = e1?.items[2];
    assert.equal(t2?.kind === 'tool' && t2.summary, 'Not finished: the agent ended first.');
  });

  it('stops every agent still running when the run ends, and their tool cards and countdowns', () => {
    const chat = fold([
      ...threeExplorers,
      { type: 'subagentEvent', agentId: 'e3', event: { type: 'retry', attempt: 1, delayMs: 5000, reason: 'Rate limited', at: Date.now() + 5000, maxRetries: 3 } },
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'toolStarted', callId: 'e1.t2', name: 'read_file', label: 'Read b.ts' } },
      { type: 'runEnded', status: 'cancelled', message: 'Stopped.' },
    ]);
    assert.deepEqual(agents(chat).map((a) => `${a.id}:${a.status}`), ['e1:cancelled', 'e2:done', 'e3:cancelled']);
    assert.equal(agent(chat, 'e1')?.summary, 'Not finished: the run ended first.');
    assert.equal(agent(chat, 'e2')?.summary, 'Set in **auth.ts**.', 'a finished agent keeps its report');
    assert.deepEqual(inner(agent(chat, 'e1')), ['tool:e1.t1:ok', 'text:One read it.', 'tool:e1.t2:failed']);
    const notice = agent(chat, 'e3')?.items[2];
    assert.ok(notice?.kind === 'notice');
    assert.equal(notice.countdown, undefined);
    assert.equal(notice.text, 'Rate limited; the run ended before retrying.');
    // The parent explore calls were still running too.
    assert.deepEqual(chat.items.flatMap((i) => (i.kind === 'tool' ? [i.status] : [])), ['failed', 'failed', 'failed']);
    // A run that failed marks them failed rather than stopped.
    const failed = fold([...threeExplorers, { type: 'runEnded', status: 'failed', message: 'The run failed.' }]);
    assert.deepEqual(agents(failed).map((a) => a.status), ['failed', 'done', 'failed']);
  });

  it('takes back what a subagent\'s failed attempt streamed, in its own card only', () => {
    const chat = fold([
      ...threeExplorers,
      { type: 'subagentEvent', agentId: 'e3', event: { type: 'retry', attempt: 1, delayMs: 0, reason: 'The stream broke', discard: { text: 6, thought: 0 } } },
      { type: 'subagentEvent', agentId: 'e3', event: { type: 'textDelta', text: 'Again.' } },
    ]);
    // "Three " was not the last item (a tool card came after), so nothing of it is taken back.
    assert.deepEqual(inner(agent(chat, 'e3')), ['text:Three ', 'tool:e3.t1:failed', 'notice:The stream broke.', 'text:Again.']);
    const again = fold([
      { type: 'runStarted', runId: 'r', request: 'q' },
      { type: 'textDelta', text: 'main' },
      { type: 'subagentStarted', agentId: 'p', role: 'planner', title: 'Plan', model: 'gemini-2.5-pro' },
      { type: 'subagentEvent', agentId: 'p', event: { type: 'textDelta', text: 'half' } },
      { type: 'subagentEvent', agentId: 'p', event: { type: 'retry', attempt: 1, delayMs: 0, reason: 'Cut', discard: { text: 4, thought: 0 } } },
    ]);
    assert.deepEqual(inner(agent(again, 'p')), ['notice:Cut.']);
    assert.equal(again.items[1].kind === 'assistant' && again.items[1].text, 'main');
  });

  it('shows a review with its comments, and hides it once dismissed', () => {
    const chat = fold([
      { type: 'runStarted', runId: 'r', request: 'q' },
      { type: 'changeProposed', changeId: 'ch1', path: 'src/a.ts', kind: 'edit', added: 2, removed: 1 },
      { type: 'subagentStarted', agentId: 'rev1', role: 'reviewer', title: 'Review task 1', model: 'gemini-2.5-pro', taskId: '1' },
      { type: 'subagentFinished', agentId: 'rev1', status: 'done', summary: 'One change needed.', usage: usage(3000) },
      {
        type: 'review',
        reviewId: 'rv1',
        taskId: '1',
        round: 1,
        verdict: 'changes',
        summary: 'The null case is not handled.',
        comments: [{ path: 'src/a.ts', line: 3, body: 'Check for null first.' }, { path: 'src/b.ts', body: 'Export the helper.' }],
      },
    ]);
    assert.deepEqual(chat.items.map((i) => i.kind), ['user', 'change', 'subagent', 'review']);
    const review = chat.items[3];
    assert.ok(review.kind === 'review');
    assert.deepEqual({ id: review.id, verdict: review.verdict, comments: review.comments.map((c) => `${c.path}:${c.line ?? '-'}:${c.body}`) }, {
      id: 'rv1',
      verdict: 'changes',
      comments: ['src/a.ts:3:Check for null first.', 'src/b.ts:-:Export the helper.'],
    });
    assert.equal(review.dismissed, undefined);
    applyEvent(chat, { type: 'reviewDismissed', reviewId: 'rv1' });
    assert.equal(review.dismissed, true);
    applyEvent(chat, { type: 'reviewDismissed', reviewId: 'unknown' });
    assert.equal(chat.items.length, 4);
  });

  it('keeps the run\'s usage by role, and drops it when a new run starts', () => {
    const run = usage(10_000);
    const chat = fold([
      { type: 'runStarted', runId: 'r1', request: 'q' },
      { type: 'usage', request: usage(1000), run, model: 'gemini-2.5-flash', byRole: { coder: usage(6000), explorer: usage(3000), reviewer: usage(1000) } },
    ]);
    assert.deepEqual(Object.keys(chat.usageByRole ?? {}), ['coder', 'explorer', 'reviewer']);
    assert.equal(chat.usageByRole?.explorer?.totalTokens, 3000);
    // A later usage event without the split keeps the run's split.
    applyEvent(chat, { type: 'usage', request: usage(500), run: usage(10_500) });
    assert.equal(chat.usageByRole?.coder?.totalTokens, 6000);
    applyEvent(chat, { type: 'runEnded', status: 'completed', message: 'Done.' });
    applyEvent(chat, { type: 'runStarted', runId: 'r2', request: 'again' });
    assert.equal(chat.usageByRole, undefined);
  });

  it('survives a snapshot and a saved chat: the schemas keep agents, their items, reviews and usage by role', () => {
    const chat = fold([
      ...threeExplorers,
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'thoughtDelta', text: 'Hmm.' } },
      { type: 'subagentEvent', agentId: 'e3', event: { type: 'retry', attempt: 1, delayMs: 2000, reason: 'Rate limited', at: 1_900_000_000_000 } },
      { type: 'review', reviewId: 'rv1', taskId: '1', round: 2, verdict: 'approve', summary: 'Fine now.', comments: [{ path: 'src/a.ts', line: 1, endLine: 2, body: 'Nice.' }] },
      { type: 'reviewDismissed', reviewId: 'rv1' },
      { type: 'usage', request: usage(1000), run: usage(5000), byRole: { coder: usage(2000), explorer: usage(3000) } },
    ]);
    const wire = JSON.parse(JSON.stringify(chat)) as unknown;
    assert.deepEqual(ChatState.parse(wire), chat);
    const [saved] = parseSavedChats([{ state: wire, history: [], updated: 1 }]);
    assert.deepEqual(saved.state, chat);
    // Events applied to the restored copy land where they would have in the live one.
    const live = structuredClone(chat);
    const next: AgentEvent[] = [
      { type: 'subagentEvent', agentId: 'e1', event: { type: 'textDelta', text: ' More.' } },
      { type: 'subagentFinished', agentId: 'e3', status: 'failed', summary: 'Gave up.', usage: usage(300) },
    ];
    for (const e of next) {
      applyEvent(live, e);
      applyEvent(saved.state, e);
    }
    assert.deepEqual(saved.state, live);
    assert.deepEqual(inner(agent(live, 'e1')), ['tool:e1.t1:ok', 'text:One read it. More.']);
  });

  it('keeps a saved agent card when one of its own items cannot be read', () => {
    const chat = fold(threeExplorers);
    const wire = JSON.parse(JSON.stringify(chat)) as { items: Array<Record<string, unknown>> };
    const e1 = wire.items.find((i) => i.id === 'e1') as { items: unknown[] };
    e1.items.unshift({ kind: 'tool', id: 'broken' });
    const [saved] = parseSavedChats([{ state: wire, history: [], updated: 1 }]);
    assert.deepEqual(inner(agent(saved.state, 'e1')), ['tool:e1.t1:ok', 'text:One read it.']);
    assert.equal(agents(saved.state).length, 3);
  });
});
