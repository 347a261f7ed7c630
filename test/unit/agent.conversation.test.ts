import * as assert from 'node:assert/strict';
import { agentRunner } from '../../src/agent/conversation';
import { harness } from './fakes/harness';
import { plan, say } from './fakes/scriptedModel';

describe('conversation', () => {
  it('continues a chat: the second run starts from the first one’s conversation', async () => {
    const h = harness([plan({ id: '1', description: 'answer' }), say('It is 4.'), plan({ id: '1', description: 'answer again' }), say('Then 5.')], { files: { 'a.ts': '' } });
    const first = await h.run('What is 2+2?');
    const second = await h.run('And plus one?', undefined, first.history);
    const contents = h.model.requests[2].contents;
    const texts = contents.map((c) => c.parts.map((p) => p.text ?? '').join(''));
    assert.match(texts[0], /What is 2\+2\?/);
    assert.equal(contents[1].parts[0].functionCall?.name, 'submit_plan');
    assert.equal(contents[2].parts[0].functionResponse?.name, 'submit_plan');
    assert.equal(texts[4], 'It is 4.');
    assert.match(texts[5], /^Request:\nAnd plus one\?$/, 'no second workspace tree');
    assert.match(texts[0], /a\.ts/, 'the first request had the tree');
    assert.equal(second.history.length, 10);
  });

  it('plugs into the chat controller as a Runner that returns the new history', async () => {
    const h = harness([plan({ id: '1', description: 'hi' }), say('Hello.')]);
    const seen: string[] = [];
    const runner = agentRunner((emit) => ({ ...h.deps, emit: (e) => (seen.push(e.type), emit(e)) }));
    const events: string[] = [];
    const history = await runner.run({ text: 'hi' }, [], (e) => events.push(e.type), new AbortController().signal);
    assert.equal(history.length, 5, 'request, plan call, its answer, task message, answer');
    assert.deepEqual(events, seen);
    assert.equal(events[events.length - 1], 'runEnded');
  });
});
