// The emulator as a process-level tool: the HTTP control API, scenario validation, the shipped
// scenario files and a close() that does not wait for open streams.
import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { loadScenarioFile, parseScenario, ScenarioError, startEmulator, type Emulator } from '../emulator';

const scenarioDir = join(__dirname, '../../../test/fixtures/scenarios');

async function json(emu: Emulator, path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${emu.baseUrl}${path}`, init);
  return { status: res.status, body: await res.json() };
}

describe('Gemini emulator: control API and scenarios', () => {
  let emu: Emulator;
  beforeEach(async () => {
    emu = await startEmulator({ scenario: { name: 'first', turns: [{ chunks: [{ text: 'a' }] }] } });
  });
  afterEach(() => emu.close());

  it('loads a scenario posted to /__emulator/scenario and reports status and requests', async () => {
    const posted = await json(emu, '/__emulator/scenario', { method: 'POST', body: JSON.stringify({ name: 'posted', turns: [{ chunks: [{ text: 'from control' }] }, { chunks: [{ text: 'b' }] }] }) });
    assert.deepEqual(posted, { status: 200, body: { loaded: 'posted', turns: 2 } });
    const model = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-flash-latest' }, { baseUrl: emu.baseUrl });
    assert.equal((await model.generateContent('hi')).response.text(), 'from control');
    const status = (await json(emu, '/__emulator/status')).body as { scenario: string; unconsumedTurns: number; failures: unknown[] };
    assert.equal(status.scenario, 'posted');
    assert.equal(status.unconsumedTurns, 1);
    assert.deepEqual(status.failures, []);
    const requests = (await json(emu, '/__emulator/requests')).body as { path: string; model: string; turn: number; status: number; body: { contents: unknown[] } }[];
    assert.equal(requests.length, 1, 'control calls are not recorded');
    assert.equal(requests[0].path, '/v1beta/models/gemini-flash-latest:generateContent');
    assert.equal(requests[0].model, 'gemini-flash-latest');
    assert.equal(requests[0].turn, 0);
    assert.equal(requests[0].status, 200);
    assert.deepEqual(requests[0].body.contents, [{ role: 'user', parts: [{ text: 'hi' }] }]);
  });

  it('refuses a bad posted scenario with 400 naming the bad fields, keeping the old one', async () => {
    const bad = { turns: [{ chunks: [{ txt: 'typo' }] }, { error: { httpStatus: 429, status: 'X' } }] };
    const { status, body } = await json(emu, '/__emulator/scenario', { method: 'POST', body: JSON.stringify(bad) });
    assert.equal(status, 400);
    const message = (body as { error: { message: string } }).error.message;
    assert.match(message, /turns\[0\]\.chunks\[0\]: Unrecognized key: "txt"/);
    assert.match(message, /turns\[1\]\.error: an error needs a preset .* or httpStatus, status and message/);
    assert.equal(emu.unconsumedTurns(), 1);
  });

  it('resets the turn cursor, requests and failures on load()', async () => {
    const model = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-flash-latest' }, { baseUrl: emu.baseUrl });
    await model.generateContent('1');
    await assert.rejects(model.generateContent('2'));
    assert.equal(emu.failures().length, 1);
    emu.load({ turns: [{ chunks: [{ text: 'again' }] }] });
    assert.deepEqual([emu.requests.length, emu.failures().length, emu.unconsumedTurns()], [0, 0, 1]);
    assert.equal((await model.generateContent('3')).response.text(), 'again');
  });

  it('closes promptly with a stream still open', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'a' }, { text: 'b' }], chunkDelayMs: 60_000 }] });
    const model = new GoogleGenerativeAI('k').getGenerativeModel({ model: 'gemini-flash-latest' }, { baseUrl: emu.baseUrl });
    const result = await model.generateContentStream('hi');
    result.response.catch(() => undefined);
    const iterator = result.stream[Symbol.asyncIterator]();
    assert.equal((await iterator.next()).value?.text(), 'a');
    const started = Date.now();
    await emu.close();
    assert.ok(Date.now() - started < 2000, 'close() did not wait for the stream');
    await assert.rejects(iterator.next());
  });

  it('closes promptly with a request still arriving', async () => {
    const socket = connect(emu.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /v1beta/models/m:generateContent HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"con');
    await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      const closed = emu.close().then(() => 'closed');
      const timeout = new Promise((resolve) => setTimeout(resolve, 2000, 'timed out').unref());
      assert.equal(await Promise.race([closed, timeout]), 'closed');
    } finally {
      socket.destroy();
    }
  });

  it('explains scenario errors with their paths', () => {
    assert.throws(() => parseScenario({ turns: [{ chunks: [{ emptyCandidate: true, text: 'x' }], finishreason: 'STOP' }] }, 'demo'),
      (e: unknown) => e instanceof ScenarioError && /Invalid demo/.test(e.message) && /turns\[0\]: Unrecognized key: "finishreason"/.test(e.message) && /emptyCandidate/.test(e.message));
    assert.throws(() => loadScenarioFile(join(scenarioDir, 'missing.json')), /Cannot read scenario file/);
  });

  it('ships scenario files that all validate', () => {
    const files = readdirSync(scenarioDir).filter((f) => f.endsWith('.json'));
    for (const name of ['hello.json', 'demo.json', 'rate-limit-then-ok.json']) assert.ok(files.includes(name), name);
    for (const f of files) assert.ok(loadScenarioFile(join(scenarioDir, f)).turns.length > 0, f);
    const demo = loadScenarioFile(join(scenarioDir, 'demo.json'));
    assert.ok(demo.turns.length >= 3 && demo.turns.every((t) => t.kind === 'chunks' && !t.expect));
  });
});
