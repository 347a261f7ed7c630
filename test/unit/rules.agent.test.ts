import * as assert from 'node:assert/strict';
import { SYSTEM_INSTRUCTION } from '../../src/agent/prompts';
import { applyEvent, emptyChat } from '../../src/shared/chatState';
import { harness } from './fakes/harness';
import { plan, say } from './fakes/scriptedModel';

const FILES = {
  'AGENTS.md': 'Always run npm test before you finish.',
  'packages/api/AGENTS.md': 'API handlers return Result, never throw.',
  'packages/api/src/index.ts': 'export {};\n',
  '.github/instructions/ts.instructions.md': '---\napplyTo: "**/*.ts"\n---\nPrefer named exports.',
};

const textOf = (c: { parts: Array<{ text?: string }> }) => c.parts.map((p) => p.text ?? '').join('');

describe('rules: in a run', () => {
  it('puts the root rules and personal instructions into the system instruction, the same in every request of a chat', async () => {
    const steps = [plan({ id: '1', description: 'a' }), say('done'), plan({ id: '1', description: 'b' }), say('ok')];
    const h = harness(steps, { files: FILES, settings: { instructions: 'Answer in French.' } });
    const first = await h.run('first');
    await h.run('second', undefined, first.history);
    const instructions = new Set(h.model.requests.map((r) => JSON.stringify(r.systemInstruction)));
    assert.equal(instructions.size, 1, 'one system instruction for the whole chat');
    const system = String(h.model.requests[0].systemInstruction);
    assert.ok(system.startsWith(SYSTEM_INSTRUCTION));
    assert.match(system, /<rules file="AGENTS\.md">\nAlways run npm test before you finish\.\n<\/rules>/);
    assert.match(system, /Answer in French\./);
    assert.doesNotMatch(system, /API handlers|named exports/, 'rules of some files only stay out of the prefix');
    assert.deepEqual(h.of('rules')[0], { type: 'rules', files: [{ path: 'AGENTS.md', cut: false }], personal: true });
  });

  it('gives a task the rules its files bring, once per chat, in the task message', async () => {
    const task = { id: '1', description: 'change the API', files: ['packages/api/src/index.ts'] };
    const h = harness([plan(task), say('done'), plan({ ...task, description: 'again' }), say('ok')], { files: FILES });
    const first = await h.run('first');
    const taskMessage = textOf(h.model.requests[1].contents.at(-1)!);
    assert.match(taskMessage, /Now work on task 1: change the API\n\nMore project rules, for the files of this task/);
    assert.match(taskMessage, /<rules file="packages\/api\/AGENTS\.md">\nAPI handlers return Result, never throw\.\n<\/rules>/);
    assert.match(taskMessage, /<rules file="\.github\/instructions\/ts\.instructions\.md">\nPrefer named exports\.\n<\/rules>/);
    assert.deepEqual(h.of('rules').map((e) => e.files.map((f) => f.path)), [['AGENTS.md'], ['packages/api/AGENTS.md', '.github/instructions/ts.instructions.md']]);

    await h.run('second', undefined, first.history);
    const again = textOf(h.model.requests[3].contents.at(-1)!);
    assert.doesNotMatch(again, /More project rules/, 'already in the history');
  });

  it('reads no project rules file in Restricted Mode; personal instructions still apply', async () => {
    const h = harness([plan({ id: '1', description: 'x', files: ['packages/api/src/index.ts'] }), say('ok')], { files: FILES, trusted: false, settings: { instructions: 'Be brief.' } });
    const reads: string[] = [];
    const readFile = h.fs.readFile.bind(h.fs);
    h.fs.readFile = (p) => (reads.push(p), readFile(p));
    await h.run('x');
    assert.equal(h.ended().status, 'completed');
    const system = String(h.model.requests[0].systemInstruction);
    assert.doesNotMatch(system, /npm test|API handlers|named exports/);
    assert.match(system, /Be brief\./);
    assert.deepEqual(reads.filter((p) => /AGENTS|instructions/.test(p)), []);
    assert.doesNotMatch(textOf(h.model.requests[1].contents.at(-1)!), /More project rules/);
    assert.deepEqual(h.of('rules'), [{ type: 'rules', files: [], personal: true }]);
  });

  it('sends the plain system instruction and no rules event when there are no rules', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), say('ok')], { files: { 'a.ts': '' } });
    await h.run('x');
    assert.equal(h.model.requests[0].systemInstruction, SYSTEM_INSTRUCTION);
    assert.deepEqual(h.of('rules'), []);
  });
});

describe('rules: the panel line', () => {
  it('is one line per run after its request, growing by the files later tasks bring', () => {
    const chat = emptyChat('c');
    applyEvent(chat, { type: 'runStarted', runId: 'r1', request: 'go' });
    applyEvent(chat, { type: 'rules', files: [{ path: 'AGENTS.md', cut: false }], personal: false });
    applyEvent(chat, { type: 'plan', tasks: [] });
    applyEvent(chat, { type: 'rules', files: [{ path: 'a/AGENTS.md', cut: true }, { path: 'AGENTS.md', cut: false }], personal: false });
    assert.deepEqual(chat.items.map((i) => i.kind), ['user', 'rules', 'plan']);
    assert.deepEqual(chat.items[1], { kind: 'rules', id: 'r1', files: [{ path: 'AGENTS.md', cut: false }, { path: 'a/AGENTS.md', cut: true }], personal: false });
    applyEvent(chat, { type: 'runEnded', status: 'completed', message: 'Done.' });
    applyEvent(chat, { type: 'runStarted', runId: 'r2', request: 'again' });
    applyEvent(chat, { type: 'rules', files: [], personal: true });
    assert.deepEqual(chat.items.filter((i) => i.kind === 'rules').length, 2, 'the next run gets its own line');
  });
});
