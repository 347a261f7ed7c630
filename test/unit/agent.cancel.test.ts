import * as assert from 'node:assert/strict';
import { ModelError } from '../../src/model/types';
import { harness } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';

const source = 'one\ntwo\nthree\n';

describe('agent cancellation', () => {
  it('a Stop mid-stream ends the run as cancelled, keeping what was applied and nothing else', async () => {
    const abort = new AbortController();
    const h = harness([
      plan({ id: '1', description: 'x' }),
      call('write_file', { path: 'a.txt', content: 'done\n' }),
      () => {
        abort.abort();
        return call('write_file', { path: 'b.txt', content: 'never\n' });
      },
    ]);
    const result = await h.run('x', abort.signal);
    assert.equal(result.status, 'cancelled');
    assert.equal(h.ended().status, 'cancelled');
    assert.deepEqual(h.fs.snapshot(), { 'a.txt': 'done\n' });
    assert.deepEqual(result.tasks.map((t) => t.status), ['failed']);
    assert.equal(h.of('error').length, 0, 'a Stop is not an error');
  });

  it('a Stop while a change waits for approval applies none of it', async () => {
    const abort = new AbortController();
    const h = harness(
      [plan({ id: '1', description: 'x' }), call('edit_file', { path: 'm.txt', edits: [{ search: 'one', replace: '1' }, { search: 'three', replace: '3' }] }), say('never')],
      { files: { 'm.txt': source } },
    );
    h.approver.decide = (_change, signal) =>
      new Promise((resolve) => {
        signal.addEventListener('abort', () => resolve({ approved: false, reason: 'The run was stopped before the change was approved.' }));
        abort.abort();
      });
    const result = await h.run('x', abort.signal);
    assert.equal(result.status, 'cancelled');
    assert.equal(h.fs.text('m.txt'), source);
    assert.equal(h.fs.writes, 0);
    assert.equal(h.model.remaining, 1, 'the model is not asked again');
  });

  it('a Stop during a command ends the run', async () => {
    const abort = new AbortController();
    const h = harness([plan({ id: '1', description: 'x' }), call('run_command', { command: 'npm test' }), say('never')], {
      commandGate: { policy: { allow: ['npm test'], deny: [] }, approve: async () => ({ approved: true }) },
      commands: () => {
        abort.abort();
        return { exitCode: undefined, output: 'partial', timedOut: false, cancelled: true };
      },
    });
    const result = await h.run('x', abort.signal);
    assert.equal(result.status, 'cancelled');
    assert.equal(h.model.remaining, 1);
    // Its card is closed, not left spinning after the run.
    const [started] = h.of('toolStarted');
    const finished = h.of('toolFinished').find((e) => e.callId === started.callId);
    assert.deepEqual(finished && { ok: finished.ok, summary: finished.summary }, { ok: false, summary: 'Stopped: the user stopped the run.' });
  });

  it('a Stop during a retry wait ends the run without another request', async () => {
    const abort = new AbortController();
    const h = harness([new ModelError('rateLimit', 'Rate limited.', { retryAfterMs: 30_000 }), say('never')]);
    h.deps.sleep = async (_ms, signal) => {
      abort.abort();
      signal.throwIfAborted();
    };
    const result = await h.run('x', abort.signal);
    assert.equal(result.status, 'cancelled');
    assert.equal(h.model.requests.length, 1);
  });

  it('a run stopped between calls and answers leaves a history the next run can use', async () => {
    const abort = new AbortController();
    const h = harness([
      () => {
        // From here on (after the workspace tree was read), listing a folder stands for a Stop.
        h.fs.readDirectory = async () => {
          abort.abort();
          return [];
        };
        return plan({ id: '1', description: 'x' });
      },
      { calls: [{ name: 'list_files', args: {} }, { name: 'read_file', args: { path: 'a.txt' } }] },
      plan({ id: '1', description: 'again' }),
      say('fine'),
    ], { files: { 'a.txt': 'x' } });
    const first = await h.run('x', abort.signal);
    assert.equal(first.status, 'cancelled');
    const last = first.history[first.history.length - 1];
    assert.deepEqual(last.parts.map((p) => p.functionResponse?.name), ['list_files', 'read_file']);
    assert.match(String(last.parts[1].functionResponse?.response.error), /Not run: the user stopped the run/);
    const second = await h.run('go on', new AbortController().signal, first.history);
    assert.equal(second.status, 'completed');
  });

  it('does nothing at all when stopped before it starts', async () => {
    const abort = new AbortController();
    abort.abort();
    const h = harness([say('never')]);
    const result = await h.run('x', abort.signal);
    assert.equal(result.status, 'cancelled');
    assert.equal(h.model.requests.length, 0);
    assert.deepEqual(h.events.map((e) => e.type), ['runEnded']);
  });
});
