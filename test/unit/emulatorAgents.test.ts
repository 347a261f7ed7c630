// Agent roles in the emulator (issue 20): requests are told apart by their systemInstruction, each
// role has its own queue of turns, the coder's served in order and the others' by the first
// pending turn whose `expect` matches, so parallel explorers can arrive in any order. Read
// through the real SDK over HTTP.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GoogleGenerativeAI, GoogleGenerativeAIFetchError, type Content, type FunctionCall, type ModelParams } from '@google/generative-ai';
import { parseScenario, roleOfRequest, startEmulator, type Emulator } from '../emulator';

let emu: Emulator;

const system = {
  coder: 'You are a coding agent working in a VS Code workspace.',
  planner: 'You are the planner. Read the code and write a plan.',
  explorer: 'You are the explorer. Answer one question about the code, with file and line references.',
  reviewer: 'You are the reviewer. Review the diff of one task.',
};

const model = (systemInstruction: string, extra: Partial<ModelParams> = {}) =>
  new GoogleGenerativeAI('test-key').getGenerativeModel({ model: 'gemini-flash-latest', systemInstruction, ...extra }, { baseUrl: emu.baseUrl });

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const calls = (fcs: FunctionCall[]): Content => ({ role: 'model', parts: fcs.map((functionCall) => ({ functionCall })) });
const answers = (fcs: FunctionCall[]): Content => ({ role: 'user', parts: fcs.map((fc) => ({ functionResponse: { name: fc.name, response: { result: `result of ${fc.name}` } } })) });

async function ask(systemInstruction: string, contents: Content[]) {
  return (await model(systemInstruction).generateContent({ contents })).response;
}

/** The scenario of the README's "Agent roles" section, as written there. */
function readmeExample(): unknown {
  const readme = readFileSync(join(__dirname, '../../../test/emulator/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Agent roles'));
  const block = /```json\n([\s\S]*?)```/.exec(section);
  assert.ok(block, 'the README has a json example under "Agent roles"');
  return JSON.parse(block[1]);
}

const failsWith = (pattern: RegExp) => (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400 && pattern.test(e.message);

describe('Gemini emulator: agent roles', () => {
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('reads the role from the first text part of systemInstruction; anything else is the coder', () => {
    const withSystem = (...parts: object[]) => ({ contents: [], systemInstruction: { role: 'system', parts } });
    assert.equal(roleOfRequest(withSystem({ text: system.planner })), 'planner');
    assert.equal(roleOfRequest(withSystem({ text: system.explorer })), 'explorer');
    assert.equal(roleOfRequest(withSystem({ text: 'You are the reviewer' })), 'reviewer');
    assert.equal(roleOfRequest(withSystem({ inlineData: { mimeType: 'text/plain', data: 'eA==' } }, { text: system.reviewer })), 'reviewer', 'the first part with text');
    assert.equal(roleOfRequest(withSystem({ text: system.coder })), 'coder');
    assert.equal(roleOfRequest(withSystem({ text: 'You are the plannerbot' })), 'coder', 'a whole word');
    assert.equal(roleOfRequest(withSystem({ text: ' You are the planner' })), 'coder', 'at the very start');
    assert.equal(roleOfRequest(withSystem({ text: 'Rules first.' }, { text: system.explorer })), 'coder', 'only the first text part counts');
    assert.equal(roleOfRequest({ contents: [] }), 'coder');
  });

  it('runs the README example: a planner, a coder, three explorers out of order and a reviewer that requests a change', async () => {
    emu.load(readmeExample());
    assert.match((await ask(system.planner, [user('Make parse() refuse empty input.')])).text(), /refuse empty input/);

    const task = user('Task 1: Make parse() refuse empty input.');
    const explores = (await ask(system.coder, [task])).functionCalls() ?? [];
    assert.deepEqual(explores.map((c) => c.name), ['explore', 'explore', 'explore']);
    const questions = explores.map((c) => (c.args as { question: string }).question);
    // Each explorer's first request in reverse order, then their second requests in another order.
    const firsts = new Map<string, FunctionCall[]>();
    for (const q of [...questions].reverse()) firsts.set(q, (await ask(system.explorer, [user(q)])).functionCalls() ?? []);
    const reports = new Map<string, string>();
    for (const q of [questions[1], questions[2], questions[0]]) {
      const tool = firsts.get(q) ?? [];
      reports.set(q, (await ask(system.explorer, [user(q), calls(tool), answers(tool)])).text());
    }
    assert.deepEqual(questions.map((q) => [firsts.get(q)?.[0].name, reports.get(q)]), [
      ['search_codebase', 'From src/cli.ts:12 and src/api.ts:40.'],
      ['list_files', 'test/parse.test.ts covers it.'],
      ['read_file', 'They throw ParseError (src/errors.ts:3).'],
    ]);

    const history = [task, calls(explores), answers(explores)];
    const edit = (await ask(system.coder, history)).functionCalls() ?? [];
    history.push(calls(edit), answers(edit));
    history.push({ role: 'model', parts: [{ text: (await ask(system.coder, history)).text() }] });
    const review = JSON.parse((await ask(system.reviewer, [user('Review task 1: the diff of src/parse.ts')])).text()) as { verdict: string; comments: { body: string }[] };
    assert.equal(review.verdict, 'changes');
    history.push(user(`The reviewer requests changes: ${review.comments[0].body}`));
    const fix = (await ask(system.coder, history)).functionCalls() ?? [];
    history.push(calls(fix), answers(fix));
    assert.equal((await ask(system.coder, history)).text(), 'Whitespace-only input is refused too.');
    assert.equal(JSON.parse((await ask(system.reviewer, [user('Review task 1, round 2')])).text()).verdict, 'approve');

    assert.deepEqual(emu.failures(), []);
    const status = emu.status();
    assert.equal(status.unconsumedTurns, 0);
    assert.deepEqual(status.roles.reviewer.served, [10, 13], "the reviewer's turns were used");
    assert.deepEqual(status.roles.planner.served, [0]);
    assert.deepEqual(status.roles.coder.served, [1, 8, 9, 11, 12]);
    assert.deepEqual(status.roles.explorer.served, [6, 4, 2, 5, 7, 3], 'taken in the order the conversations asked');
    assert.deepEqual(status.roles.explorer.requests, 6);
    assert.deepEqual(emu.requests.map((r) => r.role), ['planner', 'coder', 'explorer', 'explorer', 'explorer', 'explorer', 'explorer', 'explorer', 'coder', 'coder', 'reviewer', 'coder', 'coder', 'reviewer']);
    const overHttp = (await (await fetch(`${emu.baseUrl}/__emulator/status`)).json()) as typeof status;
    assert.deepEqual(overHttp.roles, status.roles, 'the control API reports the same');
  });

  it('serves a request only from its own role queue', async () => {
    emu.load({ name: 'explorer only', turns: [{ agent: 'explorer', chunks: [{ text: 'found it' }] }] });
    await assert.rejects(ask(system.coder, [user('hello')]), failsWith(/no turn left for the coder \(it has 0 coder turn\(s\), 1 in all\)/));
    await assert.rejects(ask(system.reviewer, [user('review')]), failsWith(/no turn left for the reviewer/));
    assert.deepEqual(emu.status().roles.explorer.pending, [0]);
    assert.equal((await ask(system.explorer, [user('where?')])).text(), 'found it');
    assert.deepEqual(emu.failures().map((f) => f.role), ['coder', 'reviewer']);
  });

  it('leaves a turn whose expect does not match for a later request, and fails a request no pending turn matches', async () => {
    emu.load({
      name: 'two explorers',
      turns: [
        { agent: 'explorer', expect: { firstUserTextIncludes: 'question A' }, chunks: [{ text: 'answer A' }] },
        { agent: 'explorer', expect: { firstUserTextIncludes: 'question B' }, chunks: [{ text: 'answer B' }] },
      ],
    });
    assert.equal((await ask(system.explorer, [user('question B?')])).text(), 'answer B');
    await assert.rejects(
      ask(system.explorer, [user('question C?')]),
      failsWith(/scenario "two explorers": no pending explorer turn matches this request \(turn 0: expected the first user content to include "question A", got "question C\?"\)/),
    );
    assert.deepEqual(emu.status().roles.explorer.pending, [0], 'a failed match uses nothing up');
    assert.equal((await ask(system.explorer, [user('question A?')])).text(), 'answer A');
    assert.deepEqual(emu.failures().map((f) => [f.requestIndex, f.turn, f.role]), [[1, undefined, 'explorer']]);
  });

  it('keeps the coder in strict order: a mismatch at the head fails even when a later coder turn would match', async () => {
    emu.load({
      name: 'strict coder',
      turns: [
        { expect: { textIncludes: 'first' }, chunks: [{ text: 'one' }] },
        { expect: { textIncludes: 'second' }, chunks: [{ text: 'two' }] },
      ],
    });
    await assert.rejects(ask(system.coder, [user('second')]), failsWith(/turn 0 of scenario "strict coder": expected the last user content to include "first"/));
    assert.deepEqual(emu.status().roles.coder.served, [0], 'the mismatched turn is used up, as before roles');
    assert.equal((await ask(system.coder, [user('second')])).text(), 'two');
  });

  it('picks an expectRejection turn of a subagent by its expect too', async () => {
    emu.load({
      name: 'explorer refused',
      turns: [
        { agent: 'explorer', expect: { firstUserTextIncludes: 'A' }, chunks: [{ text: 'answer A' }] },
        { agent: 'explorer', expect: { firstUserTextIncludes: 'B' }, expectRejection: 'json-mode-tools' },
      ],
    });
    const jsonWithTools = model(system.explorer, { tools: [{ functionDeclarations: [{ name: 'read_file', description: 'Reads a file.' }] }], generationConfig: { responseMimeType: 'application/json' } });
    await assert.rejects(jsonWithTools.generateContent('B?'), (e: unknown) => e instanceof GoogleGenerativeAIFetchError && e.status === 400 && /application\/json/.test(e.message));
    assert.equal((await ask(system.explorer, [user('A?')])).text(), 'answer A');
    assert.deepEqual(emu.failures(), []);
    assert.deepEqual(emu.requests.map((r) => r.turn), [1, 0]);
    assert.deepEqual(emu.rejections().filter((r) => r.scenario === 'explorer refused').map((r) => [r.rule, r.expected]), [['json-mode-tools', true]]);
  });

  it('waits the latency of parallel explorer requests side by side, not one after another', async () => {
    const questions = ['question A', 'question B', 'question C'];
    emu.load({ name: 'slow explorers', turns: questions.map((q) => ({ agent: 'explorer', expect: { firstUserTextIncludes: q }, latencyMs: 1000, chunks: [{ text: `answer to ${q}` }] })) });
    const got = await Promise.all([...questions].reverse().map(async (q) => (await ask(system.explorer, [user(q)])).text()));
    assert.deepEqual(got, ['answer to question C', 'answer to question B', 'answer to question A']);
    const explorer = emu.status().roles.explorer;
    assert.equal(explorer.maxInFlight, 3, 'all three were being answered at once');
    assert.equal(explorer.inFlight, 0);
    assert.deepEqual(emu.status().roles.coder.maxInFlight, 0);
  });

  it('starts each role over on its own in a looping scenario', async () => {
    emu.load({ loop: true, turns: [{ chunks: [{ text: 'coder' }] }, { agent: 'explorer', chunks: [{ text: 'explorer' }] }] });
    assert.deepEqual([await ask(system.coder, [user('1')]), await ask(system.coder, [user('2')]), await ask(system.explorer, [user('3')])].map((r) => r.text()), ['coder', 'coder', 'explorer']);
    const { roles, restarts, nextTurn } = emu.status();
    assert.deepEqual([roles.coder.restarts, roles.explorer.restarts, restarts, nextTurn], [1, 0, 1, 0]);
    assert.deepEqual(emu.requests.map((r) => r.turn), [0, 0, 1]);
  });

  it('refuses an unknown agent or a misspelt expect field, naming the turn', () => {
    assert.throws(() => parseScenario({ turns: [{ chunks: [] }, { agent: 'critic', chunks: [{ text: 'x' }] }] }, 'demo'), /turns\[1\]\.agent: Invalid option: expected one of "coder"\|"planner"\|"explorer"\|"reviewer"/);
    assert.throws(() => parseScenario({ turns: [{ agent: 'explorer', expect: { firstUserText: 'x' }, chunks: [] }] }, 'demo'), /turns\[0\]\.expect: Unrecognized key: "firstUserText"/);
    const parsed = parseScenario({ turns: [{ chunks: [] }, { agent: 'reviewer', error: 'overloaded' }, { agent: 'planner', raw: '' }, { agent: 'explorer', expectRejection: true }] });
    assert.deepEqual(parsed.turns.map((t) => t.agent), ['coder', 'reviewer', 'planner', 'explorer']);
  });
});
