import * as assert from 'node:assert/strict';
import { applyEvent, emptyChat, type ChatItem } from '../../src/shared/chatState';
import type { AgentEvent } from '../../src/shared/events';
import type { PanelInfo } from '../../src/shared/protocol';
import { runReview } from '../../webview/format';
import { ChatStore } from '../../webview/store';

type RunEnd = Extract<ChatItem, { kind: 'runEnd' }>;

const end = (extra: Partial<RunEnd> = {}): RunEnd => ({ kind: 'runEnd', id: 'e1', status: 'completed', text: 'Done', runId: 'r1', changedFiles: 2, ...extra });
const testIds = (item: RunEnd, mode: 'ask' | 'auto') => {
  const r = runReview(item, mode);
  return r.kind === 'buttons' ? r.buttons.map((b) => `${b.testId}:${b.action}`) : r.kind;
};

describe('webview: run end review buttons', () => {
  it('offers "Revert this run" in ask mode when the run changed files', () => {
    assert.deepEqual(testIds(end(), 'ask'), ['run-revert:revert']);
    const r = runReview(end(), 'ask');
    assert.ok(r.kind === 'buttons');
    assert.equal(r.buttons[0].label, 'Revert this run');
    assert.match(r.buttons[0].ariaLabel, /2 files/);
  });

  it('offers Keep and Undo (a revert) in auto mode', () => {
    assert.deepEqual(testIds(end({ changedFiles: 1 }), 'auto'), ['run-keep:keep', 'run-undo:revert']);
    const r = runReview(end({ changedFiles: 1 }), 'auto');
    assert.ok(r.kind === 'buttons');
    assert.deepEqual(
      r.buttons.map((b) => b.ariaLabel),
      ['Keep the changes to 1 file', 'Undo the changes to 1 file'],
    );
  });

  it('offers nothing when the run changed no file or has no id', () => {
    for (const mode of ['ask', 'auto'] as const) {
      assert.equal(testIds(end({ changedFiles: 0 }), mode), 'none');
      assert.equal(testIds(end({ changedFiles: undefined }), mode), 'none');
      assert.equal(testIds(end({ runId: undefined }), mode), 'none');
    }
  });

  it('shows the decision instead of buttons once the run was reviewed', () => {
    for (const mode of ['ask', 'auto'] as const) {
      assert.deepEqual(runReview(end({ review: 'kept' }), mode), { kind: 'reviewed', icon: 'check', text: 'Changes kept' });
      assert.deepEqual(runReview(end({ review: 'reverted' }), mode), { kind: 'reviewed', icon: 'discard', text: 'Changes reverted' });
    }
  });

  it('re-renders the run end when the extension reports the review', () => {
    const info: PanelInfo = { hasKey: true, offlineDemo: false, approvalMode: 'auto', model: 'm', models: ['m'], history: [] };
    const chat = emptyChat('c1');
    const run: AgentEvent[] = [
      { type: 'runStarted', runId: 'r1', request: 'fix it' },
      { type: 'changeProposed', changeId: 'ch1', path: 'a.ts', kind: 'edit', added: 1, removed: 1 },
      { type: 'changeApplied', changeId: 'ch1' },
      { type: 'runEnded', status: 'completed', message: 'Done' },
    ];
    for (const e of run) applyEvent(chat, e);
    const store = new ChatStore();
    store.receive({ type: 'snapshot', chat, info });
    store.take();
    store.receive({ type: 'events', chatId: 'c1', events: [{ type: 'runReviewed', runId: 'r1', outcome: 'kept', message: 'Kept the changes.' }] });
    const changes = store.take();
    const touched = [...changes.items];
    assert.equal(touched.length, 1);
    assert.ok(touched[0].kind === 'runEnd');
    assert.deepEqual(runReview(touched[0], 'auto'), { kind: 'reviewed', icon: 'check', text: 'Changes kept' });
    assert.deepEqual(changes.appended.map((i) => i.kind), ['notice']);
  });
});
