import * as assert from 'node:assert/strict';
import { ModelError } from '../../src/model/types';
import { harness } from './fakes/harness';
import { call, calls, plan, say } from './fakes/scriptedModel';

const planCall = (args: Record<string, unknown>) => call('submit_plan', args);

describe('agent planning', () => {
  it('asks for the plan as a forced submit_plan call, with the same system instruction and tools as the tasks', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), say('ok')]);
    await h.run('x');
    const [planning, task] = h.model.requests;
    assert.deepEqual(planning.toolChoice, { mode: 'ANY', allowedFunctionNames: ['submit_plan'] });
    assert.equal(task.toolChoice, undefined);
    assert.ok(planning.tools?.some((t) => t.name === 'submit_plan'));
    // The implicit cache's prefix: byte-identical system instruction and declarations.
    assert.equal(JSON.stringify(planning.systemInstruction), JSON.stringify(task.systemInstruction));
    assert.equal(JSON.stringify(planning.tools), JSON.stringify(task.tools));
    assert.ok(!('responseSchema' in planning), 'no JSON mode');
  });

  it('keeps one prefix across every request of a chat, later runs included, and puts what varies in the contents', async () => {
    const h = harness([plan({ id: '1', description: 'a' }), call('read_file', { path: 'a.ts' }), say('done'), plan({ id: '1', description: 'b' }), say('ok')], { files: { 'a.ts': 'x' } });
    const first = await h.run('first request');
    await h.run('second request', undefined, first.history);
    const prefixes = new Set(h.model.requests.map((r) => JSON.stringify([r.systemInstruction, r.tools])));
    assert.equal(prefixes.size, 1);
    assert.doesNotMatch(String(h.model.requests[0].systemInstruction), /first request/);
    // Each request's contents begin with the previous request's contents.
    for (let i = 1; i < h.model.requests.length; i++) {
      const before = h.model.requests[i - 1].contents;
      assert.deepEqual(h.model.requests[i].contents.slice(0, before.length), before, `request ${i}`);
    }
  });

  it('answers the plan call in the history, so the next request holds one response per call', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), say('ok')]);
    await h.run('x');
    const history = h.model.requests[1].contents;
    assert.equal(history[1].parts[0].functionCall?.name, 'submit_plan');
    assert.deepEqual(history[2].parts.map((p) => p.functionResponse?.name), ['submit_plan']);
    assert.match(String(history[2].parts[0].functionResponse?.response.result), /Plan accepted: 1 task/);
  });

  it('shows the plan the moment its call arrives, before the planning turn has ended', async () => {
    let seenBeforeEnd = -1;
    const h = harness([plan({ id: '1', description: 'early' }), say('ok')]);
    const generate = h.model.generate.bind(h.model);
    h.model.generate = async (req, onDelta, signal) => {
      const turn = await generate(req, (d) => {
        onDelta(d);
        if (d.type === 'functionCall') seenBeforeEnd = h.of('plan').length;
      }, signal);
      return turn;
    };
    await h.run('x');
    assert.equal(seenBeforeEnd, 1, 'the plan event was emitted from the call delta');
    assert.equal(h.of('plan').length, 1, 'and not a second time when the turn ended');
  });

  it('streams the thinking of the planning turn, but not words around the call', async () => {
    const h = harness([{ ...plan({ id: '1', description: 'x' }), thought: 'Splitting the work', text: 'Here is the plan.' }, say('ok')]);
    await h.run('x');
    assert.deepEqual(h.of('thoughtDelta').map((d) => d.text), ['Splitting the work']);
    assert.deepEqual(h.of('textDelta').map((d) => d.text), ['ok']);
  });

  it('repairs an invalid plan once by answering the call with the validation error', async () => {
    const h = harness([planCall({ tasks: [{ id: '1' }] }), plan({ id: '1', description: 'Fixed plan' }), say('ok')]);
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    const repair = h.model.requests[1].contents;
    const last = repair[repair.length - 1];
    assert.equal(last.parts.length, 1, 'one response for the one call');
    assert.equal(last.parts[0].functionResponse?.name, 'submit_plan');
    assert.match(String(last.parts[0].functionResponse?.response.error), /not a usable plan: .*description/);
    assert.deepEqual(h.of('plan').map((p) => p.tasks.map((t) => t.description)), [['Fixed plan']]);
    // The failed attempt does not stay in the conversation: the good plan follows the request.
    const history = h.model.requests[2].contents;
    assert.equal(history.length, 4, 'request, plan call, its answer, task message');
    assert.deepEqual((history[1].parts[0].functionCall?.args.tasks as Array<{ description: string }>).map((t) => t.description), ['Fixed plan']);
  });

  it('answers every call of a bad planning turn, in order, whatever the tools called', async () => {
    const h = harness([calls(['read_file', { path: 'a' }], ['submit_plan', { tasks: [] }]), plan({ id: '1', description: 'ok' }), say('ok')]);
    assert.equal((await h.run('x')).status, 'completed');
    const repair = h.model.requests[1].contents;
    const responses = repair[repair.length - 1].parts.map((p) => p.functionResponse);
    assert.deepEqual(responses.map((r) => r?.name), ['read_file', 'submit_plan']);
    assert.match(String(responses[0]?.response.error), /only submit_plan/);
    assert.match(String(responses[1]?.response.error), /not a usable plan/);
  });

  it('repairs a plan that came as text with a plain message', async () => {
    const h = harness([{ text: 'Sure! Here is my plan: first...' }, plan({ id: '1', description: 'ok' }), say('ok')]);
    assert.equal((await h.run('x')).status, 'completed');
    const repair = h.model.requests[1].contents;
    const last = repair[repair.length - 1];
    assert.match(last.parts[0].text ?? '', /came as text, not as a submit_plan call/);
  });

  it('fails clearly when the plan is still invalid after the repair', async () => {
    const h = harness([{ text: 'not a call' }, planCall({ tasks: [] })]);
    const result = await h.run('x');
    assert.equal(result.status, 'failed');
    assert.match(result.message, /did not give a usable plan, even after being shown the problem/);
    assert.equal(h.of('plan').length, 0);
    assert.equal(h.model.requests.length, 2);
    assert.deepEqual(h.ended(), { type: 'runEnded', status: 'failed', message: result.message });
  });

  it('does not repair a blocked planning answer, and never sends it back', async () => {
    const h = harness([{ text: 'partial', blockedReason: 'SAFETY', finishReason: 'SAFETY' }]);
    const result = await h.run('x');
    assert.equal(result.status, 'failed');
    assert.match(result.message, /Gemini blocked its answer for safety reasons \(SAFETY\)/);
    assert.equal(h.model.requests.length, 1);
  });

  it('refuses duplicate task ids', async () => {
    const h = harness([plan({ id: '1', description: 'a' }, { id: '1', description: 'b' }), plan({ id: '1', description: 'a' }, { id: '2', description: 'b' }), say('a'), say('b')]);
    await h.run('x');
    const repair = h.model.requests[1].contents;
    assert.match(String(repair[repair.length - 1].parts[0].functionResponse?.response.error), /unique/);
  });

  it('refuses a submit_plan call inside a task: the plan is changed with update_plan', async () => {
    const h = harness([plan({ id: '1', description: 'a' }), planCall({ tasks: [{ id: '9', description: 'b', files: [] }] }), say('a')]);
    const result = await h.run('x');
    assert.deepEqual(result.tasks.map((t) => t.id), ['1']);
    const responses = h.model.requests[2].contents.at(-1)?.parts.map((p) => p.functionResponse?.response);
    assert.match(String(responses?.[0]?.error), /update_plan/);
  });

  it('retries a planning request cut by the network like any other', async () => {
    const h = harness([new ModelError('streamCut', 'cut'), plan({ id: '1', description: 'x' }), say('ok')]);
    assert.equal((await h.run('x')).status, 'completed');
    assert.equal(h.model.requests.length, 3);
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
