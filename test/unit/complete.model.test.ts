import * as assert from 'node:assert/strict';
import { gatherContext } from '../../src/complete/context';
import { buildPrompt } from '../../src/complete/prompt';
import { NEXT_STEPS_INSTRUCTION, parseNextSteps } from '../../src/chat/nextSteps';
import { completeOnce, minimalThinking } from '../../src/model/complete';
import { ModelError } from '../../src/model/types';
import { startEmulator, type Emulator } from '../emulator';

const text = 'function add(a: number, b: number) {\n  \n}\n';
const ctx = gatherContext({ path: 'src/math.ts', languageId: 'typescript', text, offset: text.indexOf('  \n') + 2, snippets: [{ kind: 'definition', path: 'src/b.ts', text: 'const b = 1;' }], rules: 'Two spaces.' });

/** Resolves once `check` holds; the emulator records requests as they arrive. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 5));
}

describe('complete: the model call through the SDK, against the strict emulator', () => {
  let emu: Emulator;
  before(async () => (emu = await startEmulator()));
  after(() => emu.close());

  it('thinks as little as each family allows', () => {
    assert.deepEqual(minimalThinking('gemini-2.5-flash-lite'), { thinkingBudget: 0 });
    assert.deepEqual(minimalThinking('gemini-2.5-flash'), { thinkingBudget: 0 });
    assert.deepEqual(minimalThinking('gemini-3-flash-preview'), { thinkingLevel: 'minimal' });
    assert.equal(minimalThinking('gemini-flash-lite-latest'), undefined, 'an alias hides its family');
  });

  for (const model of ['gemini-2.5-flash-lite', 'gemini-3-flash-preview']) {
    it(`sends a request the real API takes on ${model}: ≤5 stop sequences, minimal thinking, no thought summaries`, async () => {
      emu.load({ turns: [{ chunks: [{ text: 'return a + b;' }] }] });
      const prompt = buildPrompt(ctx, 'block');
      const answer = await completeOnce({ apiKey: 'k', model, baseUrl: emu.baseUrl }, prompt, new AbortController().signal);
      assert.equal(answer, 'return a + b;');
      assert.deepEqual(emu.failures(), []);
      const body = emu.requests[0].body as { generationConfig: { stopSequences: string[]; thinkingConfig?: Record<string, unknown> }; contents: Array<{ parts: Array<{ text: string }> }> };
      assert.ok(body.generationConfig.stopSequences.length > 0 && body.generationConfig.stopSequences.length <= 5);
      assert.deepEqual(body.generationConfig.thinkingConfig, minimalThinking(model));
      assert.equal(emu.requests[0].task, 'generateContent');
      assert.match(body.contents[0].parts[0].text, /\{\{FILL_HERE\}\}/);
    });
  }

  it('learns an alias’s family from the first answer and thinks minimally from then on', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'x' }] }, { chunks: [{ text: 'y' }] }] });
    const options = { apiKey: 'k', model: 'gemini-flash-lite-latest', baseUrl: emu.baseUrl };
    await completeOnce(options, buildPrompt(ctx, 'line'), new AbortController().signal);
    await completeOnce(options, buildPrompt(ctx, 'line'), new AbortController().signal);
    const configs = emu.requests.map((r) => (r.body as { generationConfig: { thinkingConfig?: unknown } }).generationConfig.thinkingConfig);
    assert.deepEqual(configs, [undefined, { thinkingBudget: 0 }]);
  });

  it('asks for next steps in JSON mode, without tools or tool history, which the strict emulator accepts', async () => {
    emu.load({ turns: [{ expect: { textIncludes: 'Request: Add subtract()' }, chunks: [{ text: '{"steps": ["Add tests for subtract()", "Export subtract"]}' }] }] });
    const summary = 'Request: Add subtract()\nChanged files:\n- edit src/math.ts';
    const answer = await completeOnce({ apiKey: 'k', model: 'gemini-2.5-flash-lite', baseUrl: emu.baseUrl }, { systemInstruction: NEXT_STEPS_INSTRUCTION, text: summary, stopSequences: [], maxOutputTokens: 200, json: true }, new AbortController().signal);
    assert.deepEqual(parseNextSteps(answer, 'Add subtract()'), ['Add tests for subtract()', 'Export subtract']);
    assert.deepEqual(emu.failures(), []);
    const body = emu.requests[0].body as { generationConfig: Record<string, unknown>; tools?: unknown };
    assert.equal(body.generationConfig.responseMimeType, 'application/json');
    assert.equal(body.generationConfig.stopSequences, undefined, 'no empty stop list');
    assert.equal(body.tools, undefined);
  });

  it('aborts the HTTP request itself: the emulator sees the client hang up during a 30 s latency', async () => {
    emu.load({ turns: [{ chunks: [{ text: 'never' }], latencyMs: 30_000 }] });
    const abort = new AbortController();
    const call = completeOnce({ apiKey: 'k', model: 'gemini-2.5-flash-lite', baseUrl: emu.baseUrl }, buildPrompt(ctx, 'line'), abort.signal);
    await until(() => emu.requests.length === 1);
    abort.abort();
    await assert.rejects(call, (err: unknown) => err instanceof ModelError && err.kind === 'cancelled');
    await until(() => emu.requests[0].aborted === true);
  });
});
