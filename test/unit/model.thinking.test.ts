import * as assert from 'node:assert/strict';
import { GeminiClient } from '../../src/model/gemini';
import { thinkingConfig, THINKING_SETTINGS } from '../../src/model/thinking';
import { startEmulator } from '../emulator';

describe('model: thinking config per model family', () => {
  it('asks Gemini 3 for thought summaries, with a thinkingLevel only when the setting is not auto', () => {
    assert.deepEqual(thinkingConfig('gemini-3-pro-preview', 'auto'), { includeThoughts: true });
    assert.deepEqual(thinkingConfig('models/gemini-3-pro-preview', 'low'), { includeThoughts: true, thinkingLevel: 'low' });
    assert.deepEqual(thinkingConfig('gemini-3-pro-preview', 'high'), { includeThoughts: true, thinkingLevel: 'high' });
    assert.deepEqual(thinkingConfig('gemini-3.1-pro-preview', 'high'), { includeThoughts: true, thinkingLevel: 'high' });
  });

  it('turns Gemini 3 Flash down to minimal for "off"; Gemini 3 Pro, which cannot go lower, to low', () => {
    assert.deepEqual(thinkingConfig('gemini-3-flash-preview', 'off'), { includeThoughts: true, thinkingLevel: 'minimal' });
    assert.deepEqual(thinkingConfig('gemini-3-pro-preview', 'off'), { includeThoughts: true, thinkingLevel: 'low' });
  });

  it('gives Gemini 2.5 budgets inside each model’s range, and turns thinking off only where it can be', () => {
    assert.deepEqual(thinkingConfig('gemini-2.5-flash', 'auto'), { includeThoughts: true });
    assert.deepEqual(thinkingConfig('gemini-2.5-flash', 'low'), { includeThoughts: true, thinkingBudget: 1024 });
    assert.deepEqual(thinkingConfig('gemini-2.5-flash', 'high'), { includeThoughts: true, thinkingBudget: 24_576 });
    assert.deepEqual(thinkingConfig('gemini-2.5-flash', 'off'), { thinkingBudget: 0 });
    assert.deepEqual(thinkingConfig('gemini-2.5-flash-lite', 'off'), { thinkingBudget: 0 });
    assert.deepEqual(thinkingConfig('gemini-2.5-flash-lite-preview-09-2025', 'high'), { includeThoughts: true, thinkingBudget: 24_576 });
    assert.deepEqual(thinkingConfig('gemini-2.5-pro', 'high'), { includeThoughts: true, thinkingBudget: 32_768 });
    // 2.5 Pro cannot turn thinking off: the least it takes is 128.
    assert.deepEqual(thinkingConfig('gemini-2.5-pro', 'off'), { includeThoughts: true, thinkingBudget: 128 });
  });

  it('never sends a level and a budget together, nor a budget outside the documented ranges', () => {
    const ranges: Record<string, [number, number, boolean]> = {
      'gemini-2.5-pro': [128, 32_768, false],
      'gemini-2.5-flash': [1, 24_576, true],
      'gemini-2.5-flash-lite': [512, 24_576, true],
    };
    const models = ['gemini-3-pro-preview', 'gemini-3-flash-preview', ...Object.keys(ranges), 'gemini-flash-latest', 'gemini-2.0-flash'];
    for (const model of models) {
      for (const setting of THINKING_SETTINGS) {
        const c = thinkingConfig(model, setting);
        assert.ok(!(c?.thinkingBudget !== undefined && c.thinkingLevel !== undefined), `${model} ${setting}`);
        if (c?.thinkingBudget === undefined) continue;
        const [min, max, canTurnOff] = ranges[model];
        const ok = (c.thinkingBudget >= min && c.thinkingBudget <= max) || (c.thinkingBudget === 0 && canTurnOff);
        assert.ok(ok, `${model} ${setting}: budget ${c.thinkingBudget}`);
      }
    }
  });

  it('sends nothing to models before 2.5, and only summaries to names that hide their family', () => {
    for (const setting of THINKING_SETTINGS) {
      assert.equal(thinkingConfig('gemini-2.0-flash', setting), undefined);
      assert.equal(thinkingConfig('gemini-1.5-pro', setting), undefined);
      assert.deepEqual(thinkingConfig('gemini-flash-latest', setting), { includeThoughts: true });
      assert.deepEqual(thinkingConfig('gemini-2.5-flash-image-preview', setting), { includeThoughts: true });
    }
  });

  it('puts the config in generationConfig.thinkingConfig of the request on the wire', async () => {
    const emu = await startEmulator({ scenario: { name: 'one', turns: [{ chunks: [{ text: 'hi' }] }] } });
    try {
      const client = new GeminiClient({ apiKey: 'k', model: 'gemini-2.5-flash', baseUrl: emu.baseUrl, thinking: 'low' });
      await client.generate({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }, () => undefined, new AbortController().signal);
      const body = emu.requests[0].body as { generationConfig?: { thinkingConfig?: unknown } };
      assert.deepEqual(body.generationConfig?.thinkingConfig, { includeThoughts: true, thinkingBudget: 1024 });
    } finally {
      await emu.close();
    }
  });

  it('applies the setting to an alias once an answer has named the model it resolves to', async () => {
    const turn = { chunks: [{ text: 'hi' }] };
    const emu = await startEmulator({ scenario: { name: 'two', turns: [turn, turn] } });
    try {
      // The emulator resolves gemini-flash-latest to a dated Gemini 2.5 Flash, as the real API does.
      const client = new GeminiClient({ apiKey: 'k', model: 'gemini-flash-latest', baseUrl: emu.baseUrl, thinking: 'high' });
      const ask = () => client.generate({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }, () => undefined, new AbortController().signal);
      const first = await ask();
      assert.match(first.modelVersion ?? '', /^gemini-2\.5-flash-/);
      await ask();
      const sent = emu.requests.map((r) => (r.body as { generationConfig?: { thinkingConfig?: unknown } }).generationConfig?.thinkingConfig);
      assert.deepEqual(sent, [{ includeThoughts: true }, { includeThoughts: true, thinkingBudget: 24_576 }]);
    } finally {
      await emu.close();
    }
  });
});
