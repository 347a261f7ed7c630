import * as assert from 'node:assert/strict';
import type { CompletionContext } from '../../src/complete/context';
import { CompletionEngine, type CompletionRequest } from '../../src/complete/engine';
import type { CompletionPrompt } from '../../src/complete/prompt';

interface Call {
  prompt: CompletionPrompt;
  signal: AbortSignal;
  answer: (text: string) => void;
}

/** A model whose answers the test gives, one call at a time. */
function fakeModel() {
  const calls: Call[] = [];
  const complete = (prompt: CompletionPrompt, signal: AbortSignal) =>
    new Promise<string>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
      calls.push({ prompt, signal, answer: resolve });
    });
  return { calls, complete };
}

function req(prefix: string, suffix = '\n}\n', doc = 'file:///a.ts'): CompletionRequest {
  const ctx: CompletionContext = { path: 'a.ts', languageId: 'typescript', prefix, suffix, snippets: [], rules: '' };
  return { doc, prefix, gather: () => Promise.resolve(ctx) };
}

const noWait = () => Promise.resolve();
const live = () => new AbortController().signal;

/** Resolves once `calls` has `n` entries (the engine gathers context asynchronously). */
async function callsReach(calls: Call[], n: number): Promise<void> {
  while (calls.length < n) await new Promise((r) => setImmediate(r));
}

describe('complete: engine (cache, reuse of a running request, abort, debounce)', () => {
  it('makes no new request when typing through a shown suggestion or retyping after a backspace', async () => {
    const model = fakeModel();
    const engine = new CompletionEngine({ complete: model.complete, sleep: noWait });
    const first = engine.provide(req('  return '), live());
    await callsReach(model.calls, 1);
    model.calls[0].answer('a + b;');
    assert.equal((await first)?.text, 'a + b;');
    assert.equal((await engine.provide(req('  return a'), live()))?.text, ' + b;');
    assert.equal((await engine.provide(req('  return a +'), live()))?.text, ' b;');
    assert.equal((await engine.provide(req('  return a'), live()))?.text, ' + b;', 'backspaced');
    assert.equal(model.calls.length, 1);
    assert.equal(engine.stats.cacheHits, 3);
  });

  it('does not ask again at the point where the model just had nothing, but asks once the text moves on', async () => {
    const model = fakeModel();
    const engine = new CompletionEngine({ complete: model.complete, sleep: noWait });
    const first = engine.provide(req('const total = '), live());
    await callsReach(model.calls, 1);
    model.calls[0].answer('');
    assert.equal(await first, undefined);
    assert.equal(await engine.provide(req('const total = '), live()), undefined);
    assert.equal(model.calls.length, 1, 'the same point is not asked again');
    const next = engine.provide(req('const total = a'), live());
    await callsReach(model.calls, 2);
    model.calls[1].answer(' + b;');
    assert.deepEqual(await next, { id: 1, text: ' + b;' });
  });

  it('reuses a request still running when the typed text matches its answer', async () => {
    const model = fakeModel();
    const engine = new CompletionEngine({ complete: model.complete, sleep: noWait });
    const first = engine.provide(req('  return '), live());
    await callsReach(model.calls, 1);
    const second = engine.provide(req('  return a'), live());
    model.calls[0].answer('a + b;');
    assert.equal((await second)?.text, ' + b;');
    assert.equal((await first)?.text, 'a + b;');
    assert.equal(model.calls.length, 1);
    assert.equal(model.calls[0].signal.aborted, false);
    assert.equal(engine.stats.reused, 1);
  });

  it('asks again when the typed text does not match the running request’s answer', async () => {
    const model = fakeModel();
    const engine = new CompletionEngine({ complete: model.complete, sleep: noWait });
    void engine.provide(req('  return '), live());
    await callsReach(model.calls, 1);
    const second = engine.provide(req('  return x'), live());
    model.calls[0].answer('a + b;');
    await callsReach(model.calls, 2);
    model.calls[1].answer(' * 2;');
    assert.equal((await second)?.text, ' * 2;');
  });

  it('aborts the running request when the next keystroke goes elsewhere', async () => {
    const model = fakeModel();
    const engine = new CompletionEngine({ complete: model.complete, sleep: noWait });
    const first = engine.provide(req('  return a'), live());
    await callsReach(model.calls, 1);
    const second = engine.provide(req('  return '), live());
    assert.equal(model.calls[0].signal.aborted, true, 'the backspace aborted the HTTP request');
    await callsReach(model.calls, 2);
    model.calls[1].answer('b;');
    assert.equal((await second)?.text, 'b;');
    assert.equal((await first)?.text, undefined);
    assert.equal(engine.stats.aborted, 1);
  });

  it('waits the debounce delay, and a keystroke during the wait means no request', async () => {
    const model = fakeModel();
    const waits: number[] = [];
    const sleep = (ms: number, signal: AbortSignal) => {
      waits.push(ms);
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    };
    const engine = new CompletionEngine({ complete: model.complete, sleep });
    const keystroke = new AbortController();
    const call = engine.provide(req('  ret'), keystroke.signal);
    keystroke.abort();
    assert.equal(await call, undefined);
    assert.equal(model.calls.length, 0);
    assert.deepEqual(waits, [engine.debounceMs]);
    const before = engine.debounceMs;
    engine.rejected();
    assert.ok(engine.debounceMs > before);
  });

  it('reset (turned off, snoozed) aborts the running request and calls still waiting out the debounce', async () => {
    const model = fakeModel();
    let waiting = 0;
    const sleep = (_ms: number, signal: AbortSignal) => {
      waiting++;
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    };
    const engine = new CompletionEngine({ complete: model.complete, sleep });
    const call = engine.provide(req('  ret'), live());
    assert.equal(waiting, 1);
    engine.reset();
    assert.equal(await call, undefined);
    assert.equal(model.calls.length, 0, 'no request after the reset');
  });

  it('post-processes the answer before showing and caching it, and reports errors', async () => {
    const errors: unknown[] = [];
    const engine = new CompletionEngine({ complete: () => Promise.resolve('```ts\na + b;\n```'), sleep: noWait });
    assert.equal((await engine.provide(req('  return '), live()))?.text, 'a + b;');
    const failing = new CompletionEngine({ complete: () => Promise.reject(new Error('quota')), sleep: noWait, onError: (e) => errors.push(e) });
    assert.equal((await failing.provide(req('  return '), live()))?.text, undefined);
    assert.equal(errors.length, 1);
  });
});
