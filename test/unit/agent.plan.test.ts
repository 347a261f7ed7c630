import * as assert from 'node:assert/strict';
import { harness } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';

describe('agent planning', () => {
  it('asks for the plan in JSON mode with a schema and no tools; tasks then get tools', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), say('ok')]);
    await h.run('x');
    const [planning, task] = h.model.requests;
    assert.ok(planning.responseSchema);
    assert.deepEqual((planning.responseSchema as { required: string[] }).required, ['tasks']);
    assert.equal(planning.tools, undefined);
    assert.equal(task.responseSchema, undefined);
    assert.ok(task.tools?.some((t) => t.name === 'edit_file'));
  });

  it('repairs a malformed plan once by showing the model the validation error', async () => {
    const h = harness([{ text: '{"tasks": [{"id": "1"}]}' }, plan({ id: '1', description: 'Fixed plan' }), say('ok')]);
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    const repair = h.model.requests[1].contents;
    assert.match(repair[repair.length - 1].parts[0].text ?? '', /not a valid plan: .*description/);
    assert.deepEqual(h.of('plan')[0].tasks.map((t) => t.description), ['Fixed plan']);
    // The failed attempt does not stay in the conversation: the good plan follows the request.
    const history = h.model.requests[2].contents;
    assert.equal(history.length, 3);
    assert.match(history[1].parts[0].text ?? '', /Fixed plan/);
  });

  it('also repairs text that is not JSON at all', async () => {
    const h = harness([{ text: 'Sure! Here is my plan: first...' }, plan({ id: '1', description: 'ok' }), say('ok')]);
    assert.equal((await h.run('x')).status, 'completed');
    const repair = h.model.requests[1].contents;
    assert.match(repair[repair.length - 1].parts[0].text ?? '', /not valid JSON/);
  });

  it('fails clearly when the plan is still invalid after the repair', async () => {
    const h = harness([{ text: 'not json' }, { text: '{"tasks": []}' }]);
    const result = await h.run('x');
    assert.equal(result.status, 'failed');
    assert.match(result.message, /did not give a usable plan, even after being shown the problem/);
    assert.equal(h.of('plan').length, 0);
    assert.equal(h.model.requests.length, 2);
    assert.deepEqual(h.ended(), { type: 'runEnded', status: 'failed', message: result.message });
  });

  it('refuses duplicate task ids', async () => {
    const h = harness([plan({ id: '1', description: 'a' }, { id: '1', description: 'b' }), plan({ id: '1', description: 'a' }, { id: '2', description: 'b' }), say('a'), say('b')]);
    await h.run('x');
    const repair = h.model.requests[1].contents;
    assert.match(repair[repair.length - 1].parts[0].text ?? '', /unique/);
  });

  it('lets the model revise the plan mid-run; the added task then runs', async () => {
    const h = harness([
      plan({ id: '1', description: 'first' }),
      call('update_plan', { tasks: [{ id: '1', description: 'first', files: [] }, { id: '2', description: 'added', files: [] }] }),
      say('first done'),
      say('added done'),
    ]);
    const result = await h.run('x');
    assert.deepEqual(result.tasks.map((t) => [t.id, t.status]), [['1', 'done'], ['2', 'done']]);
    assert.equal(h.of('plan').length, 2);
    assert.equal(result.message, 'Done: all 2 tasks completed.');
  });
});
