import * as assert from 'node:assert/strict';
import { usageSummary } from '../../webview/format';
import { estimateCost, formatCost, priceFor } from '../../webview/pricing';

const run = { promptTokens: 1_000_000, cachedTokens: 400_000, outputTokens: 100_000, thoughtTokens: 100_000, totalTokens: 1_200_000 };

describe('webview: run cost estimate', () => {
  it('prices uncached prompt, cached prompt and output plus thinking at the model’s rates', () => {
    // gemini-2.5-flash: 0.6M × $0.30 + 0.4M × $0.03 + 0.2M × $2.50 = 0.18 + 0.012 + 0.5
    assert.equal(estimateCost('gemini-2.5-flash', run)?.toFixed(4), '0.6920');
    // gemini-2.5-pro: 0.6M × $1.25 + 0.4M × $0.125 + 0.2M × $10 = 0.75 + 0.05 + 2
    assert.equal(estimateCost('models/gemini-2.5-pro', run)?.toFixed(4), '2.8000');
  });

  it('knows dated and preview versions of a family, but not its variants or moving aliases', () => {
    assert.equal(priceFor('gemini-2.5-flash-preview-09-2025'), priceFor('gemini-2.5-flash'));
    assert.equal(priceFor('gemini-2.0-flash-001'), priceFor('gemini-2.0-flash'));
    assert.equal(priceFor('gemini-2.5-flash-lite')?.output, 0.4);
    assert.equal(priceFor('gemini-3-pro-preview')?.output, 12);
    for (const unknown of ['gemini-flash-latest', 'gemini-2.5-flash-image-preview', 'gemini-2.5-flash-preview-tts', 'gemini-2.0-flash-thinking-exp', 'emulator', 'gemini-2.5-flashy']) {
      assert.equal(priceFor(unknown), undefined, unknown);
      assert.equal(estimateCost(unknown, run), undefined, unknown);
    }
  });

  it('formats costs in dollars and cents, and tiny ones as under a cent', () => {
    assert.deepEqual([0, 0.0004, 0.009, 0.01, 0.4234, 2.8, 99.994, 123.4].map(formatCost), ['$0.00', '< $0.01', '< $0.01', '$0.01', '$0.42', '$2.80', '$99.99', '$123']);
  });

  it('labels the cost as an estimate in the footer, and shows tokens only for an unknown model', () => {
    const known = usageSummary(run, 'gemini-2.5-flash');
    assert.equal(known.text, '1.2M tokens · 1M in (400k cached) · 100k out · 100k thinking · est. $0.69');
    assert.match(known.title, /Estimated cost: \$0\.69 at gemini-2\.5-flash list prices/);
    const unknown = usageSummary(run, 'gemini-flash-latest');
    assert.equal(unknown.text, '1.2M tokens · 1M in (400k cached) · 100k out · 100k thinking');
    assert.match(unknown.title, /No price known for gemini-flash-latest: tokens only/);
  });

  it('shows the cached share of the prompt only when the cache served any, and prices it at the discount', () => {
    const none = { ...run, cachedTokens: 0 };
    assert.equal(usageSummary(none, 'gemini-2.5-flash').text, '1.2M tokens · 1M in · 100k out · 100k thinking · est. $0.80');
    // All of the prompt cached: 1M × $0.03 + 0.2M × $2.50 = 0.03 + 0.5.
    assert.equal(usageSummary({ ...run, cachedTokens: 1_000_000 }, 'gemini-2.5-flash').text, '1.2M tokens · 1M in (1M cached) · 100k out · 100k thinking · est. $0.53');
    assert.match(usageSummary(run, 'gemini-2.5-flash').title, /400,000 of them cached/);
  });
});
