import * as assert from 'node:assert/strict';
import { estimateTokens, shortenToolOutputs } from '../../src/agent/budget';
import type { Content } from '../../src/model/types';
import { harness } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';

const big = (tag: string) => `${tag} ${'z'.repeat(8000)}`;
const response = (tag: string): Content => ({ role: 'user', parts: [{ functionResponse: { name: 'read_file', response: { content: big(tag) } } }] });
const callTurn: Content = { role: 'model', parts: [{ functionCall: { name: 'read_file', args: {} } }] };

describe('context budget', () => {
  it('shortens the oldest tool outputs first, only as far as needed, and never the request or plan', () => {
    const request: Content = { role: 'user', parts: [{ text: big('REQUEST') }] };
    const planTurn: Content = { role: 'model', parts: [{ text: big('PLAN') }] };
    const contents: Content[] = [request, planTurn, callTurn, response('A'), callTurn, response('B'), callTurn, response('C')];
    const before = estimateTokens(contents);
    const after = shortenToolOutputs(contents, before - 1500);
    const text = JSON.stringify(contents);
    assert.ok(after <= before - 1500);
    assert.ok(!text.includes(big('A')), 'the oldest output is shortened');
    assert.ok(text.includes(big('B')), 'a newer one is kept while the budget allows');
    assert.ok(text.includes(big('C')), 'the round in progress is kept');
    assert.ok(text.includes(big('REQUEST')) && text.includes(big('PLAN')));
    assert.match(text, /Output shortened to save context/);
  });

  it('keeps a tool error readable when shortening its output', () => {
    const contents: Content[] = [{ role: 'user', parts: [{ functionResponse: { name: 'edit_file', response: { error: 'not found', closest: big('X') } } }] }, callTurn, response('C')];
    shortenToolOutputs(contents, 0);
    assert.equal(contents[0].parts[0].functionResponse?.response.error, 'not found');
  });

  it('keeps a long run inside a small window as it goes', async () => {
    const files = Object.fromEntries(['a', 'b', 'c', 'd'].map((f) => [`${f}.txt`, Array.from({ length: 300 }, (_, i) => `${f}${i} ${'q'.repeat(90)}`).join('\n')]));
    const h = harness(
      [plan({ id: '1', description: 'read all' }), call('read_file', { path: 'a.txt' }), call('read_file', { path: 'b.txt' }), call('read_file', { path: 'c.txt' }), call('read_file', { path: 'd.txt' }), say('done')],
      { files, settings: { contextWindowTokens: 30_000 } },
    );
    assert.equal((await h.run('read all')).status, 'completed');
    const last = h.model.requests[5].contents;
    assert.ok(estimateTokens(last) <= 30_000 * 0.75, `estimate ${estimateTokens(last)}`);
    const text = JSON.stringify(last);
    assert.ok(!text.includes('a299 '), 'the oldest read was shortened');
    assert.ok(text.includes('d299 '), 'the newest read is whole');
    assert.match(text, /Request:\\nread all/);
    assert.match(text, /read all.*files/, 'the plan is still there');
    assert.match(text, /\[>\] 1\. read all/, 'the task state is still there');
  });
});
