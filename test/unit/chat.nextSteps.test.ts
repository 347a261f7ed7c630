import * as assert from 'node:assert/strict';
import { MAX_STEP_CHARS, parseNextSteps, runSummary, suggestNextSteps, type SuggestFn } from '../../src/chat/nextSteps';
import { ChatController } from '../../src/chat/controller';
import type { Runner, StateStore } from '../../src/chat/types';
import { applyEvent, ChatState, emptyChat, latestRunEnd } from '../../src/shared/chatState';
import { AgentEvent } from '../../src/shared/events';
import { ChatStore } from '../../webview/store';

const memory = (): StateStore => {
  const m = new Map<string, unknown>();
  return { get: <T>(k: string) => m.get(k) as T | undefined, update: async (k, v) => void m.set(k, v) };
};

const RUN: AgentEvent[] = [
  { type: 'runStarted', runId: 'r1', request: 'Add a subtract() function to src/math.ts' },
  { type: 'plan', tasks: [{ id: 't1', description: 'Add subtract() to src/math.ts', files: ['src/math.ts'], status: 'done' }] },
  { type: 'changeProposed', changeId: 'c1', path: 'src/math.ts', kind: 'edit', added: 3, removed: 0 },
  { type: 'changeApplied', changeId: 'c1' },
  { type: 'changeProposed', changeId: 'c2', path: 'src/other.ts', kind: 'edit', added: 1, removed: 0 },
  { type: 'changeRejected', changeId: 'c2' },
  { type: 'textDelta', text: 'I added `subtract(a, b)` next to `add`.' },
  { type: 'runEnded', status: 'completed', message: 'Done.' },
];

function chatAfter(events: AgentEvent[]): ChatState {
  const chat = emptyChat('c');
  for (const e of events) applyEvent(chat, e);
  return chat;
}

describe('next steps: the summary sent to the model', () => {
  it('carries the latest request, its plan, the applied files only and the last answer', () => {
    const summary = runSummary(chatAfter([{ type: 'runStarted', runId: 'r0', request: 'old request' }, { type: 'runEnded', status: 'completed', message: 'Done.' }, ...RUN]));
    assert.ok(summary);
    assert.match(summary, /^Request: Add a subtract\(\) function to src\/math\.ts$/m);
    assert.match(summary, /^- \[done\] Add subtract\(\) to src\/math\.ts$/m);
    assert.match(summary, /^- edit src\/math\.ts$/m);
    assert.doesNotMatch(summary, /other\.ts/, 'a rejected change was not done');
    assert.doesNotMatch(summary, /old request/, 'an earlier run is not this one');
    assert.match(summary, /I added `subtract\(a, b\)`/);
  });

  it('keeps only the end of a long answer, and has nothing to say without a request', () => {
    const long = `${'x'.repeat(5000)}THE END`;
    const summary = runSummary(chatAfter([{ type: 'runStarted', runId: 'r', request: 'q' }, { type: 'textDelta', text: long }]));
    assert.ok(summary && summary.length < 2000 && summary.endsWith('THE END'));
    assert.equal(runSummary(emptyChat('c')), undefined);
  });
});

describe('next steps: parsing the answer', () => {
  it('takes up to three short, distinct strings from {"steps": [...]}', () => {
    const text = JSON.stringify({ steps: ['Add tests for subtract()', ' add tests for  SUBTRACT() ', 7, '- Document subtract() in README', 'x'.repeat(MAX_STEP_CHARS + 1), 'Export subtract from index.ts', 'A fourth one'] });
    assert.deepEqual(parseNextSteps(text), ['Add tests for subtract()', 'Document subtract() in README', 'Export subtract from index.ts']);
  });

  it('drops the request itself, reads a fenced answer, and gives none for anything unreadable', () => {
    assert.deepEqual(parseNextSteps('```json\n{"steps": ["Fix the bug", "Add a test"]}\n```', 'fix the bug'), ['Add a test']);
    for (const bad of ['', 'Add tests', '{"steps": "Add tests"}', '["Add tests"]', '{"steps": [', 'null']) assert.deepEqual(parseNextSteps(bad), [], bad);
  });

  it('gives none when the call fails (no turn left, quota, stop), without throwing', async () => {
    const failing: SuggestFn = () => Promise.reject(new Error('400 no turn'));
    assert.deepEqual(await suggestNextSteps(chatAfter(RUN), failing, new AbortController().signal), []);
  });
});

describe('next steps: chat state', () => {
  const steps = (chat: ChatState) => latestRunEnd(chat.items)?.nextSteps;

  it('puts the chips on the run end they were made for; a new request takes them away', () => {
    const chat = chatAfter([...RUN, { type: 'nextSteps', runId: 'r1', steps: ['Add tests for subtract()', 'Export subtract'] }]);
    assert.deepEqual(steps(chat), ['Add tests for subtract()', 'Export subtract']);
    applyEvent(chat, { type: 'runStarted', runId: 'r2', request: 'Add tests for subtract()' });
    assert.ok(chat.items.every((i) => i.kind !== 'runEnd' || i.nextSteps === undefined));
  });

  it('ignores chips for an older run, for a run still going, and empty ones', () => {
    const chat = chatAfter([...RUN, { type: 'runStarted', runId: 'r2', request: 'more' }]);
    applyEvent(chat, { type: 'nextSteps', runId: 'r2', steps: ['too early'] });
    applyEvent(chat, { type: 'runEnded', status: 'completed', message: 'Done.' });
    applyEvent(chat, { type: 'nextSteps', runId: 'r1', steps: ['stale'] });
    applyEvent(chat, { type: 'nextSteps', runId: 'r2', steps: [] });
    assert.ok(chat.items.every((i) => i.kind !== 'runEnd' || i.nextSteps === undefined));
  });

  it('survives a reload: the snapshot schema keeps them, the event schema caps them at three', () => {
    const chat = chatAfter([...RUN, { type: 'nextSteps', runId: 'r1', steps: ['a', 'b'] }]);
    assert.deepEqual(latestRunEnd(ChatState.parse(JSON.parse(JSON.stringify(chat))).items)?.nextSteps, ['a', 'b']);
    assert.equal(AgentEvent.safeParse({ type: 'nextSteps', runId: 'r1', steps: ['a', 'b', 'c', 'd'] }).success, false);
  });

  it('tells the panel to redraw the run end when chips arrive and when the next request hides them', () => {
    const store = new ChatStore();
    const chat = chatAfter(RUN);
    store.receive({ type: 'snapshot', chat, info: { hasKey: true, offlineDemo: false, approvalMode: 'ask', model: 'm', models: ['m'], history: [] } });
    store.take();
    const end = latestRunEnd(store.chat!.items)!;
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'nextSteps', runId: 'r1', steps: ['Add tests'] }] });
    assert.ok(store.take().items.has(end));
    store.receive({ type: 'events', chatId: 'c', events: [{ type: 'runStarted', runId: 'r2', request: 'Add tests' }] });
    const changes = store.take();
    assert.ok(changes.items.has(end) && end.nextSteps === undefined);
  });
});

describe('next steps: after a run', () => {
  /** Reports its own end, as the agent does. */
  const runner: Runner = {
    async run(_request, history, emit) {
      for (const e of RUN.slice(1)) emit(e);
      return history;
    },
  };
  /** Leaves the end to the controller, as a runner that just returns does. */
  const quietRunner: Runner = {
    async run(_request, history, emit) {
      for (const e of RUN.slice(1, -1)) emit(e);
      return history;
    },
  };
  const limitRunner: Runner = {
    async run(_request, history, emit) {
      emit({ type: 'runEnded', status: 'limit', message: 'Stopped at the tool-round limit.' });
      return history;
    },
  };
  const failingRunner: Runner = { run: () => Promise.reject(new Error('boom')) };

  function controller(suggest: SuggestFn | undefined, r: Runner = runner) {
    let n = 0;
    return new ChatController(memory(), () => r, () => `id${n++}`, 10, () => undefined, () => suggest);
  }

  it('asks once after a completed run, with the summary, and shows the chips under it', async () => {
    const asked: string[] = [];
    const chat = controller(async (_instruction, summary) => {
      asked.push(summary);
      return '{"steps": ["Add tests for subtract()", "Export subtract"]}';
    });
    await chat.send({ text: 'Add a subtract() function to src/math.ts' });
    await chat.idle();
    assert.equal(asked.length, 1);
    assert.match(asked[0], /edit src\/math\.ts/);
    assert.deepEqual(latestRunEnd(chat.state.items)?.nextSteps, ['Add tests for subtract()', 'Export subtract']);
    const end = latestRunEnd(chat.state.items);
    assert.equal(end?.status, 'completed', 'the run ended as it did');
  });

  it('asks after a run whose end the controller reports, too', async () => {
    const chat = controller(async () => '{"steps": ["Add tests for subtract()"]}', quietRunner);
    await chat.send({ text: 'Add a subtract() function' });
    await chat.idle();
    assert.deepEqual(latestRunEnd(chat.state.items)?.nextSteps, ['Add tests for subtract()']);
  });

  it('shows nothing and keeps the run completed when the call fails; asks nothing after a failed run, a run stopped at a limit, or with the setting off', async () => {
    const failing = controller(() => Promise.reject(new Error('no turn')));
    await failing.send({ text: 'x' });
    await failing.idle();
    assert.equal(latestRunEnd(failing.state.items)?.status, 'completed');
    assert.equal(latestRunEnd(failing.state.items)?.nextSteps, undefined);

    let calls = 0;
    const afterFailure = controller(async () => (calls++, '{"steps": ["a"]}'), failingRunner);
    await afterFailure.send({ text: 'x' });
    await afterFailure.idle();
    const limited = controller(async () => (calls++, '{"steps": ["a"]}'), limitRunner);
    await limited.send({ text: 'x' });
    await limited.idle();
    const off = controller(undefined);
    await off.send({ text: 'x' });
    await off.idle();
    assert.equal(calls, 0);
    assert.equal(latestRunEnd(off.state.items)?.nextSteps, undefined);
  });

  it('stops the call when the next request starts, so its chips never land on the new run', async () => {
    let signal: AbortSignal | undefined;
    let answer!: (text: string) => void;
    const chat = controller((_i, _s, s) => {
      signal = s;
      return new Promise<string>((resolve) => (answer = resolve));
    });
    await chat.send({ text: 'first' });
    assert.ok(signal && !signal.aborted);
    const second = chat.send({ text: 'second' });
    assert.equal(signal.aborted, true);
    answer('{"steps": ["late"]}');
    await second;
    assert.ok(chat.state.items.every((i) => i.kind !== 'runEnd' || !i.nextSteps?.includes('late')));
  });
});
