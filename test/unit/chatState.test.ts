import * as assert from 'node:assert/strict';
import { applyEvent, ChatState, emptyChat } from '../../src/shared/chatState';
import type { AgentEvent } from '../../src/shared/events';

const fold = (events: AgentEvent[]) => {
  const chat = emptyChat('c');
  for (const e of events) applyEvent(chat, e);
  return chat;
};

describe('chat state reducer', () => {
  it('shows an MCP server that stopped during a run as an error notice, and keeps the answer going after it', () => {
    const chat = fold([
      { type: 'runStarted', runId: 'r', request: 'q' },
      { type: 'textDelta', text: 'Working ' },
      { type: 'mcpServerStopped', server: 'db', reason: 'the server exited or closed the connection' },
      { type: 'textDelta', text: 'on.' },
    ]);
    assert.deepEqual(ChatState.parse(chat).items.map((i) => i.kind), ['user', 'assistant', 'notice']);
    const notice = chat.items[2];
    assert.deepEqual(notice.kind === 'notice' && { level: notice.level, text: notice.text, retryable: notice.retryable }, {
      level: 'error',
      text: 'MCP server "db" stopped: the server exited or closed the connection; its tools are left out.',
      retryable: false,
    });
  });

  it('keeps streaming into the same answer when a refused request\'s notice lands in between', () => {
    const chat = fold([
      { type: 'runStarted', runId: 'r', request: 'q' },
      { type: 'textDelta', text: 'First ' },
      { type: 'error', message: 'A run is already in progress in this chat.', retryable: false },
      { type: 'textDelta', text: 'answer.' },
    ]);
    assert.deepEqual(chat.items.map((i) => i.kind), ['user', 'assistant', 'notice']);
    assert.equal(chat.items[1].kind === 'assistant' && chat.items[1].text, 'First answer.');
  });

  it('starts a new answer after a tool card, a retry notice, or once the run ended', () => {
    const chat = fold([
      { type: 'runStarted', runId: 'r', request: 'q' },
      { type: 'textDelta', text: 'a' },
      { type: 'retry', attempt: 1, delayMs: 1000, reason: 'Rate limited' },
      { type: 'textDelta', text: 'b' },
      { type: 'toolStarted', callId: 't', name: 'read_file', label: 'Read a' },
      { type: 'textDelta', text: 'c' },
    ]);
    assert.deepEqual(chat.items.filter((i) => i.kind === 'assistant').map((i) => i.kind === 'assistant' && i.text), ['a', 'b', 'c']);
  });

  it('derives item ids from positions, so a reloaded panel gets the same ids', () => {
    const events: AgentEvent[] = [{ type: 'runStarted', runId: 'r', request: 'q' }, { type: 'textDelta', text: 'x' }, { type: 'runEnded', status: 'completed', message: 'Done.' }];
    assert.deepEqual(fold(events).items.map((i) => i.id), fold(events).items.map((i) => i.id));
    assert.deepEqual(fold(events).items.map((i) => i.id), ['u0', 'a1', 'e2']);
  });

  it('gives each request its own plan: a later run neither replaces nor updates an earlier checklist', () => {
    const task = (id: string, description: string) => ({ id, description, files: [], status: 'pending' as const });
    const chat = fold([
      { type: 'runStarted', runId: 'r1', request: 'first' },
      { type: 'plan', tasks: [task('1', 'A')] },
      { type: 'taskStatus', taskId: '1', status: 'done' },
      { type: 'runEnded', status: 'completed', message: 'Done.' },
      { type: 'runStarted', runId: 'r2', request: 'second' },
      { type: 'plan', tasks: [task('1', 'B')] },
      { type: 'taskStatus', taskId: '1', status: 'running' },
      { type: 'plan', tasks: [task('1', 'B'), task('2', 'C')] },
      { type: 'taskStatus', taskId: '2', status: 'failed' },
    ]);
    const plans = chat.items.flatMap((i) => (i.kind === 'plan' ? [i.tasks.map((t) => `${t.description}:${t.status}`)] : []));
    assert.deepEqual(plans, [['A:done'], ['B:pending', 'C:failed']]);
    assert.deepEqual(chat.items.map((i) => i.kind), ['user', 'plan', 'runEnd', 'user', 'plan']);
  });

  it('closes a tool card that was still running when the run ended', () => {
    const chat = fold([
      { type: 'runStarted', runId: 'r', request: 'q' },
      { type: 'toolStarted', callId: 't1', name: 'read_file', label: 'Read a' },
      { type: 'toolFinished', callId: 't1', ok: true, summary: '3 lines' },
      { type: 'toolStarted', callId: 't2', name: 'run_command', label: 'Run npm test' },
      { type: 'runEnded', status: 'cancelled', message: 'The run was interrupted when the window reloaded.' },
    ]);
    const tools = chat.items.flatMap((i) => (i.kind === 'tool' ? [`${i.id}:${i.status}:${i.summary}`] : []));
    assert.deepEqual(tools, ['t1:ok:3 lines', 't2:failed:Not finished: the run ended first.']);
  });
});
