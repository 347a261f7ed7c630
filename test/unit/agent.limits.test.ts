import * as assert from 'node:assert/strict';
import type { Content } from '../../src/model/types';
import { harness, lastResponses } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';

/** Every model call in `contents` is answered by the next content, name for name. */
function assertPaired(contents: Content[]): void {
  contents.forEach((c, i) => {
    const calls = c.parts.filter((p) => p.functionCall).map((p) => p.functionCall?.name);
    if (calls.length === 0) return;
    const next = contents[i + 1];
    assert.ok(next, `calls at ${i} are unanswered`);
    assert.deepEqual(next.parts.map((p) => p.functionResponse?.name), calls);
  });
}

describe('agent limits', () => {
  it('stops after the most tool rounds per task, naming the limit', async () => {
    const rounds = Array.from({ length: 4 }, (_, i) => call('read_file', { path: 'a.txt', start_line: i + 1 }));
    const h = harness([plan({ id: '1', description: 'x' }), ...rounds], { files: { 'a.txt': 'a\nb\nc\nd\n' }, settings: { maxToolRounds: 3 } });
    const result = await h.run('x');
    assert.equal(result.status, 'limit');
    assert.match(result.message, /task 1 used its limit of 3 tool rounds \(setting "Max Tool Rounds"\)/);
    assert.equal(h.of('toolStarted').length, 3);
    assert.deepEqual(result.tasks.map((t) => t.status), ['failed']);
    assertPaired(result.history);
  });

  it('stops when the run has used its tokens', async () => {
    const big = { promptTokens: 900, outputTokens: 100, totalTokens: 1000 };
    const h = harness([{ ...plan({ id: '1', description: 'x' }), usage: big }, { ...call('list_files', {}), usage: big }, say('never asked')], { settings: { maxRunTokens: 2000 } });
    const result = await h.run('x');
    assert.equal(result.status, 'limit');
    assert.match(result.message, /used 2,000 tokens, reaching its limit of 2,000 \(setting "Max Run Tokens"\)/);
    assert.equal(h.model.requests.length, 2);
    assertPaired(result.history);
  });

  it('stops when the run has taken its time', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('list_files', {}), say('never asked')], { settings: { maxRunMs: 60_000 }, tickMs: 31_000 });
    const result = await h.run('x');
    assert.equal(result.status, 'limit');
    assert.match(result.message, /time limit of 1 minute/);
  });

  it('warns on the second repeat of an identical call and stops on the third', async () => {
    const same = () => call('read_file', { path: 'a.txt' });
    const h = harness([plan({ id: '1', description: 'x' }), same(), same(), same(), same(), say('never')], { files: { 'a.txt': 'x' } });
    const result = await h.run('x');
    const warnings = [2, 3, 4].map((i) => lastResponses(h.model.requests[i].contents)[0].warning);
    assert.deepEqual(warnings.map((w) => w !== undefined), [false, false, true]);
    assert.match(String(warnings[2]), /One more identical call stops the run/);
    assert.equal(result.status, 'limit');
    assert.match(result.message, /called read_file with the same arguments 4 times/);
    assert.equal(h.of('toolStarted').length, 3, 'the fourth call is not run');
    assertPaired(result.history);
  });

  it('does not count repeats across a change to the workspace', async () => {
    const read = () => call('read_file', { path: 'a.txt' });
    const h = harness(
      [plan({ id: '1', description: 'x' }), read(), read(), read(), call('write_file', { path: 'a.txt', content: 'y' }), read(), read(), say('done')],
      { files: { 'a.txt': 'x' } },
    );
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
  });

  it('counts repeats per task: four tasks that each read the same file once all run', async () => {
    const tasks = ['1', '2', '3', '4'].map((id) => ({ id, description: `task ${id}` }));
    const h = harness([plan(...tasks), ...tasks.flatMap(() => [call('read_file', { path: 'README.md' }), say('done')])], { files: { 'README.md': 'x' } });
    const result = await h.run('x');
    assert.equal(result.status, 'completed', result.message);
    assert.equal(h.of('toolStarted').length, 4);
  });

  it('counts arguments in any key order as the same call', async () => {
    const h = harness([
      plan({ id: '1', description: 'x' }),
      call('read_file', { path: 'a.txt', start_line: 1 }),
      call('read_file', { start_line: 1, path: 'a.txt' }),
      call('read_file', { path: 'a.txt', start_line: 1 }),
      call('read_file', { start_line: 1, path: 'a.txt' }),
    ], { files: { 'a.txt': 'x' } });
    assert.equal((await h.run('x')).status, 'limit');
  });
});
