/**
 * Fault suite, model and network: what the Gemini API and the connection can do wrong. Each case
 * checks what the user is shown, what the model is told when the run goes on, that the workspace
 * is byte for byte as before, and that the extension answers the next request.
 */
import * as assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadScenario } from '../helpers';
import { callTurn, onePlan, rateLimited, textTurn, type Turn } from '../scenarios';
import {
  assertAnswersNext,
  assertScenarioDone,
  assertWorkspaceSame,
  freshChat,
  generateRequests,
  inRoot,
  runScenario,
  type ScriptTurn,
  setSettings,
  snapshot,
  toldModel,
  userTexts,
  viewOf,
  lastRun,
} from '../faults/harness';

const serverError = (httpStatus: number, status: string): Turn => ({ error: { httpStatus, status, message: 'The service is currently unavailable.' } });

/** A port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('faults: model and network', function () {
  this.timeout(120_000);

  it('429 with a retryDelay: waits that long, resends the same request, then answers', async () => {
    const api = await freshChat();
    const before = snapshot();
    const t0 = Date.now();
    const view = await runScenario(api, 'fault-429-delay', [onePlan(), rateLimited('0.8s'), textTurn(['Answer after the wait.'])]);
    assert.ok(Date.now() - t0 >= 800, 'the server delay was honoured');
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.deepEqual(view.notices.map((n) => [n.level, n.text]), [['retry', 'Gemini is rate limiting this key, retrying in 1 s (retry 1 of 4)']]);
    assert.equal(view.answer, 'Answer after the wait.');
    const [, limited, retried] = await generateRequests();
    assert.deepEqual(retried.contents, limited.contents, 'the retry is the same request');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('429 without a retryDelay: backs off 2 s and answers', async () => {
    const api = await freshChat();
    const before = snapshot();
    const t0 = Date.now();
    const view = await runScenario(api, 'fault-429-plain', [rateLimited(), onePlan(), textTurn(['Answer after backing off.'])]);
    assert.ok(Date.now() - t0 >= 2000, 'the backoff was waited');
    assert.equal(view.end?.status, 'completed', view.end?.text);
    // Backoff without a server delay is 2 s plus up to half again of jitter.
    assert.equal(view.notices.length, 1);
    assert.match(view.notices[0].text, /^Gemini is rate limiting this key, retrying in [23] s \(retry 1 of 4\)$/);
    assert.equal(view.answer, 'Answer after backing off.');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('429 for a spent per-day quota: not retried, the user is told the daily quota is used up', async () => {
    const api = await freshChat();
    const before = snapshot();
    const daily: ScriptTurn = {
      error: {
        httpStatus: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: 'You exceeded your current quota, please check your plan and billing details.',
        quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
        retryDelay: '17s',
      },
    };
    const view = await runScenario(api, 'fault-daily-quota', [daily]);
    assert.equal(view.end?.status, 'failed');
    assert.equal(view.notices.length, 1, 'no retry notice: waiting 17 s would not help');
    assert.equal(view.notices[0].level, 'error');
    assert.match(view.notices[0].text, /daily Gemini quota for this key is used up \(free tier: requests per day for gemini-flash-latest\)\. It resets at midnight Pacific time/);
    assert.equal(view.notices[0].retryable, false);
    assert.equal((await generateRequests()).length, 1, 'asked once');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  for (const [httpStatus, status] of [
    [500, 'INTERNAL'],
    [503, 'UNAVAILABLE'],
  ] as const) {
    it(`HTTP ${httpStatus} mid-task: retried after a notice, and the task goes on`, async () => {
      const api = await freshChat();
      const before = snapshot();
      const view = await runScenario(api, `fault-${httpStatus}`, [
        onePlan(),
        callTurn('read_file', { path: 'src/math.ts' }, 'sig-read'),
        serverError(httpStatus, status),
        textTurn(['Read it after the outage.'], { expect: { functionResponseNames: ['read_file'] } }),
      ]);
      assert.equal(view.end?.status, 'completed', view.end?.text);
      assert.equal(view.notices.length, 1);
      assert.match(view.notices[0].text, new RegExp(`^Gemini had a server error \\(HTTP ${httpStatus}\\): The service is currently unavailable, retrying in [23] s \\(retry 1 of 4\\)$`));
      assert.deepEqual(view.tools.map((t) => [t.name, t.status]), [['read_file', 'ok']], 'the tool ran once, not again for the retry');
      assert.equal(view.answer, 'Read it after the outage.');
      await assertScenarioDone();
      assertWorkspaceSame(before);
      await assertAnswersNext(api);
    });
  }

  it('connection refused (apiBaseUrl on a closed port): retried with backoff, then a plain message', async function () {
    // Four waits of 2, 4, 8 and 16 s, each up to half again longer with jitter: up to 45 s.
    this.timeout(150_000);
    const api = await freshChat();
    const before = snapshot();
    const port = await closedPort();
    await loadScenario({ name: 'fault-refused', turns: [] });
    const restore = await setSettings({ apiBaseUrl: `http://127.0.0.1:${port}` });
    try {
      await api.chat.send({ text: 'hello over a dead line' });
      await api.chat.idle();
    } finally {
      await restore();
    }
    const view = viewOf(lastRun(api));
    const reach = `Could not reach the Gemini API at http://127.0.0.1:${port}. Check your connection or the "Gemini Agent: Api Base Url" setting`;
    assert.equal(view.end?.status, 'failed');
    // Each wait is the backoff (2, 4, 8, 16 s) plus up to half again of jitter.
    assert.deepEqual(
      view.notices.map((n) => [n.level, n.text.replace(/retrying in \d+ s/, 'retrying in N s')]),
      [
        ['retry', `${reach}, retrying in N s (retry 1 of 4)`],
        ['retry', `${reach}, retrying in N s (retry 2 of 4)`],
        ['retry', `${reach}, retrying in N s (retry 3 of 4)`],
        ['retry', `${reach}, retrying in N s (retry 4 of 4)`],
        ['error', `${reach}.`],
      ],
    );
    const waits = view.notices.slice(0, 4).map((n) => Number(/retrying in (\d+) s/.exec(n.text)?.[1]));
    waits.forEach((s, i) => assert.ok(s >= 2 ** (i + 1) && s <= 1.5 * 2 ** (i + 1), `wait ${i + 1}: ${s} s`));
    assert.equal(view.notices.at(-1)?.retryable, true, 'the user may try again');
    assert.equal((await generateRequests()).length, 0, 'nothing reached the emulator');
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('a stream cut after 2 chunks, one of them a function call: the call is not run, the request is resent', async () => {
    const api = await freshChat();
    const before = snapshot();
    const cut: Turn = {
      chunks: [
        { text: 'Writing the file' },
        { functionCall: { name: 'write_file', args: { path: 'cut.ts', content: 'export {};\n' } }, thoughtSignature: 'sig-cut' },
        { text: ' and done.' },
      ],
      dropConnectionAfterChunks: 2,
    };
    const view = await runScenario(api, 'fault-cut', [onePlan('Write'), cut, textTurn(['On second thought, nothing needs writing.'])]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.deepEqual(view.notices.map((n) => n.text.replace(/retrying in [23] s/, 'retrying in N s')), ['The connection to Gemini broke off in the middle of the answer, retrying in N s (retry 1 of 4)']);
    assert.deepEqual(view.tools, [], 'a call from a broken stream is never run');
    assert.deepEqual(view.changes, []);
    assert.equal(view.answer, 'On second thought, nothing needs writing.', 'the cut text was taken back');
    const requests = await generateRequests();
    assert.deepEqual(requests[2].contents, requests[1].contents, 'the retry is the same request: no answer to the cut call');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('malformed SSE (an event that is not JSON): the partial text is taken back and the request retried', async () => {
    const api = await freshChat();
    const before = snapshot();
    const good = JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'Half an ' }] }, index: 0 }] });
    const malformed = { raw: `data: ${good}\r\n\r\ndata: {"candidates": [{"content": {"role": "model", "parts": [{"text": "ans\r\n\r\n` };
    const view = await runScenario(api, 'fault-sse', [onePlan(), malformed, textTurn(['A whole answer.'])]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.deepEqual(view.notices.map((n) => n.text.replace(/retrying in [23] s/, 'retrying in N s')), ['The connection to Gemini broke off in the middle of the answer, retrying in N s (retry 1 of 4)']);
    assert.equal(view.answer, 'A whole answer.');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('an empty candidate between chunks adds nothing to the answer or the history', async () => {
    const api = await freshChat();
    const before = snapshot();
    const view = await runScenario(api, 'fault-empty-candidate', [onePlan(), { chunks: [{ text: 'Hel' }, { emptyCandidate: true }, { text: 'lo.' }] }]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.equal(view.answer, 'Hello.');
    assert.deepEqual(view.notices, []);
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
    const history = (await generateRequests())[0].contents;
    const answer = history.find((c) => c.role === 'model' && c.parts.some((p) => p.text?.startsWith('Hel')));
    assert.deepEqual(answer?.parts, [{ text: 'Hello.' }], 'the empty candidate left no part behind');
  });

  it('an answer that is only an empty candidate: the chat says the task ended without an answer', async () => {
    const api = await freshChat();
    const before = snapshot();
    const view = await runScenario(api, 'fault-empty-answer', [onePlan(), { chunks: [{ emptyCandidate: true }] }]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.equal(view.answer, '*[Gemini ended this task without an answer.]*');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('finishReason MAX_TOKENS: the cut answer is marked as cut; the history keeps only what the model sent', async () => {
    const api = await freshChat();
    const cut = 'The three steps are: first, the';
    const view = await runScenario(api, 'fault-max-tokens', [onePlan(), { chunks: [{ text: cut }], finishReason: 'MAX_TOKENS' }]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.equal(view.answer, `${cut}\n\n*[The answer stops here: it reached the model's output limit (MAX_TOKENS).]*`);
    await assertScenarioDone();
    await assertAnswersNext(api);
    const history = JSON.stringify((await generateRequests())[0].contents);
    assert.ok(history.includes(cut) && !history.includes('The answer stops here'));
  });

  for (const reason of ['SAFETY', 'RECITATION']) {
    it(`finishReason ${reason}: the run stops with the reason in plain words, and the blocked text stays out of the history`, async () => {
      const api = await freshChat();
      const before = snapshot();
      const blocked = `Blocked-${reason} partial answer`;
      const view = await runScenario(api, `fault-${reason}`, [onePlan(), { chunks: [{ text: blocked }], finishReason: reason }]);
      assert.equal(view.end?.status, 'failed');
      assert.match(view.end?.text ?? '', new RegExp(`^Gemini blocked its answer .*\\(${reason}\\)\\. Nothing of it was kept; rephrase the request to go on\\.$`));
      const answer = view.items.filter((i) => i.kind === 'assistant').at(-1);
      assert.deepEqual(answer?.kind === 'assistant' && answer.withdrawn, { text: blocked, label: `Withdrawn: Gemini blocked this answer (${reason})` });
      await assertScenarioDone();
      assertWorkspaceSame(before);
      await assertAnswersNext(api);
      const next = (await generateRequests())[0].contents;
      assert.ok(!JSON.stringify(next).includes(blocked), 'the next request does not send the blocked answer back');
    });
  }

  it('a prompt blocked by promptFeedback: the run stops with the reason', async () => {
    const api = await freshChat();
    const before = snapshot();
    const view = await runScenario(api, 'fault-prompt-blocked', [onePlan(), { chunks: [{ text: 'Part' }], blockReason: 'PROHIBITED_CONTENT' }]);
    assert.equal(view.end?.status, 'failed');
    assert.match(view.end?.text ?? '', /^Gemini blocked the request because it may contain prohibited content \(PROHIBITED_CONTENT\)\./);
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('finishReason MALFORMED_FUNCTION_CALL: the model is asked to call again, and the task goes on', async () => {
    const api = await freshChat();
    const before = snapshot();
    const view = await runScenario(api, 'fault-malformed-call', [
      onePlan(),
      { chunks: [], finishReason: 'MALFORMED_FUNCTION_CALL' },
      callTurn('read_file', { path: 'src/math.ts' }, 'sig-again', { expect: { textIncludes: 'could not be read (malformed arguments)' } }),
      textTurn(['Read it on the second try.'], { expect: { functionResponseNames: ['read_file'] } }),
    ]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.deepEqual(view.tools.map((t) => [t.name, t.status]), [['read_file', 'ok']]);
    assert.equal(view.answer, 'Read it on the second try.');
    assert.match((await userTexts())[2], /Call the tool again with valid JSON arguments/);
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('a function call with invalid arguments: a failed tool card, and the model gets the schema error', async () => {
    const api = await freshChat();
    const before = snapshot();
    const view = await runScenario(api, 'fault-bad-args', [
      onePlan(),
      callTurn('write_file', { path: 42, content: ['not', 'text'] }, 'sig-bad'),
      textTurn(['I will fix my arguments.'], { expect: { functionResponseNames: ['write_file'] } }),
    ]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.equal(view.tools.length, 1);
    assert.equal(view.tools[0].status, 'failed');
    assert.match(view.tools[0].summary, /^Invalid arguments for write_file: .*path.*content/);
    const [told] = await toldModel();
    assert.equal(told.response.error, view.tools[0].summary, 'the model is told exactly what the user sees');
    assert.deepEqual(view.changes, []);
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('an unknown tool: a failed card, and the model gets the list of tools', async () => {
    const api = await freshChat();
    const before = snapshot();
    const view = await runScenario(api, 'fault-unknown-tool', [
      onePlan(),
      callTurn('format_disk', { device: '/dev/sda' }, 'sig-unknown'),
      textTurn(['That tool does not exist.'], { expect: { functionResponseNames: ['format_disk'] } }),
    ]);
    assert.equal(view.end?.status, 'completed', view.end?.text);
    assert.deepEqual(view.tools.map((t) => [t.name, t.status]), [['format_disk', 'failed']]);
    const [told] = await toldModel();
    assert.match(String(told.response.error), /^There is no tool named "format_disk"\. Available tools: read_file, list_files, .*run_command/);
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('a tool loop that never ends is stopped by Max Tool Rounds; the next run tells the model the last call was not run', async () => {
    const api = await freshChat();
    const before = snapshot();
    const restore = await setSettings({ maxToolRounds: 2 });
    try {
      const view = await runScenario(api, 'fault-rounds', [
        onePlan(),
        callTurn('list_files', { path: '.' }, 'sig-1'),
        callTurn('list_files', { path: 'src' }, 'sig-2'),
        callTurn('read_file', { path: 'package.json' }, 'sig-3'),
      ]);
      assert.equal(view.end?.status, 'limit');
      assert.equal(view.end?.text, 'Stopped: task 1 used its limit of 2 tool rounds (setting "Max Tool Rounds").');
      assert.deepEqual(view.tools.map((t) => t.label), ['List .', 'List src'], 'the call past the limit did not run');
      await assertScenarioDone();
    } finally {
      await restore();
    }
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
    const told = (await generateRequests())[0].contents.flatMap((c) => c.parts).filter((p) => p.functionResponse?.name === 'read_file');
    assert.deepEqual(told.map((p) => p.functionResponse?.response), [{ error: 'Not run: the run ended first.' }]);
  });

  it('the same call over and over: warned at the third, stopped at the fourth', async () => {
    const api = await freshChat();
    const before = snapshot();
    const same = (sig: string) => callTurn('read_file', { path: 'src/math.ts' }, sig);
    const view = await runScenario(api, 'fault-repeat', [onePlan(), same('s1'), same('s2'), same('s3'), same('s4')]);
    assert.equal(view.end?.status, 'limit');
    assert.equal(view.end?.text, 'Stopped: the model called read_file with the same arguments 4 times without anything changing in between.');
    assert.equal(view.tools.length, 3);
    const told = await toldModel();
    assert.deepEqual(told.map((t) => typeof t.response.warning), ['undefined', 'undefined', 'string']);
    assert.match(String(told[2].response.warning), /exact read_file call 3 times.*One more identical call stops the run/);
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });

  it('a model with a small context window (as the model list says): old tool output is shortened before it would overflow', async () => {
    const api = await freshChat();
    writeFileSync(inRoot('window-big.txt'), Array.from({ length: 800 }, (_, i) => `line ${i} ${'x'.repeat(60)}`).join('\n'));
    const before = snapshot();
    const small = { name: 'models/gemini-small-window', displayName: 'Small', inputTokenLimit: 16_000, outputTokenLimit: 1024, supportedGenerationMethods: ['generateContent'] };
    // The scenario first: changing the setting drops the cached model list, and the next one comes from it.
    await loadScenario({
      name: 'small-window',
      models: [small],
      turns: [onePlan('Read it'), callTurn('read_file', { path: 'window-big.txt' }, 's1'), callTurn('list_files', {}, 's2'), textTurn(['Read.'])],
    });
    const restore = await setSettings({ model: 'gemini-small-window' });
    try {
      await api.chat.send({ text: 'read the big file' });
      await api.chat.idle();
      assert.equal(viewOf(lastRun(api)).end?.status, 'completed');
      const requests = await generateRequests();
      const readResponses = requests.map((r) => r.contents.flatMap((c) => c.parts).find((p) => p.functionResponse?.name === 'read_file')?.functionResponse?.response);
      // Whole while it is one of the last two contents, shortened once older and over 75% of 16,000 tokens.
      assert.match(String(readResponses[2]?.content), /line 799/);
      assert.ok(readResponses[3]?.shortened, `the last request still held the whole file (${JSON.stringify(requests[3].contents).length} chars)`);
      await assertScenarioDone();
      assertWorkspaceSame(before);
    } finally {
      // Back to the default model list before the setting change makes it be fetched again.
      await loadScenario({ name: 'after-small-window', turns: [] });
      await restore();
      rmSync(inRoot('window-big.txt'), { force: true });
    }
  });

  it('a plan that is not a submit_plan call, then an invalid one: one repair round showing the error, then a plain failure', async () => {
    const api = await freshChat();
    const before = snapshot();
    const view = await runScenario(api, 'fault-plan', [
      { chunks: [{ text: 'Sure! First I will look at the code, then...' }] },
      {
        expect: { textIncludes: 'That is not a usable plan: it came as text, not as a submit_plan call' },
        chunks: [{ functionCall: { name: 'submit_plan', args: { tasks: [] } } }],
      },
    ]);
    assert.equal(view.end?.status, 'failed');
    assert.match(view.end?.text ?? '', /^The model did not give a usable plan, even after being shown the problem \(.*tasks.*\)\. Try again, or rephrase the request\.$/);
    assert.equal(view.answer, undefined, 'words around the plan are never shown as an answer');
    await assertScenarioDone();
    assertWorkspaceSame(before);
    await assertAnswersNext(api);
  });
});
