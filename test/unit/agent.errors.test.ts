import * as assert from 'node:assert/strict';
import type { Tool } from '../../src/tools/types';
import { z } from 'zod';
import { harness, lastResponses } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';

describe('agent loop: tool mistakes go back to the model', () => {
  it('answers invalid arguments with the validation error and carries on', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('read_file', { path: 42, start_line: 'one' }), say('Sorry.')]);
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    const response = lastResponses(h.model.requests[2].contents)[0];
    assert.match(String(response.error), /^Invalid arguments for read_file: .*path.*start_line/);
    assert.deepEqual(h.of('toolFinished').map((e) => e.ok), [false]);
  });

  it('answers an unknown tool with the list of real ones', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('rm_rf', { path: '/' }), say('Oops.')]);
    await h.run('x');
    const response = lastResponses(h.model.requests[2].contents)[0];
    assert.match(String(response.error), /There is no tool named "rm_rf"\. Available tools: read_file, list_files/);
    assert.equal(h.ended().status, 'completed');
  });

  it('answers a tool that throws with its message', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('read_file', { path: 'a.txt' }), say('Hmm.')], { files: { 'a.txt': 'x' } });
    h.fs.readFile = async () => {
      throw new Error('EACCES: permission denied');
    };
    await h.run('x');
    assert.equal(lastResponses(h.model.requests[2].contents)[0].error, 'read_file failed: EACCES: permission denied');
    assert.equal(h.of('toolFinished')[0].summary, 'read_file failed: EACCES: permission denied');
  });

  it('asks again after a malformed function call', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), { finishReason: 'MALFORMED_FUNCTION_CALL' }, call('list_files', {}), say('ok')]);
    await h.run('x');
    const sent = h.model.requests[2].contents;
    assert.match(sent[sent.length - 1].parts[0].text ?? '', /could not be read \(malformed arguments\)/);
    assert.equal(h.ended().status, 'completed');
  });

  it('ends the run with a clear message when the answer is blocked', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), { blockedReason: 'SAFETY', finishReason: 'SAFETY' }]);
    const result = await h.run('x');
    assert.equal(result.status, 'failed');
    assert.match(result.message, /Gemini blocked its answer for safety reasons \(SAFETY\)/);
    assert.deepEqual(result.tasks.map((t) => t.status), ['failed']);
  });

  it('reports a tool result without the fields its card reads as a plain success', async () => {
    const odd: Tool = { name: 'read_file', description: 'x', parameters: z.object({}), execute: async () => ({}), report: (_a, r) => ({ summary: (r.missing as string[]).join() }) };
    const h = harness([plan({ id: '1', description: 'x' }), call('read_file', {}), say('ok')]);
    h.deps.tools = [odd];
    await h.run('x');
    assert.deepEqual(h.of('toolFinished').map((e) => [e.ok, e.summary]), [[true, 'Done']]);
  });
});
