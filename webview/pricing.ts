/**
 * A rough cost for the footer. Prices are a snapshot of Google's published paid-tier list prices
 * (US$ per 1M tokens, prompts up to 200k tokens), not fetched: the panel labels the figure an
 * estimate, and shows tokens only for a model it has no price for. Pure: runs under plain Node.
 */

export interface Price {
  /** Prompt tokens that were not served from the context cache. */
  input: number;
  cachedInput: number;
  /** Output tokens, thinking included (Gemini bills thoughts as output). */
  output: number;
}

/**
 * Snapshot of November 2025 (ai.google.dev/gemini-api/docs/pricing). Keys are model families; see
 * `priceFor` for which names match. `cachedInput` is the list's context-caching price, which is
 * what implicit cache hits (`cachedContentTokenCount`) are billed at, with no storage charge:
 * 10% of the input price for Gemini 2.5 and 3, 25% for 2.0 Flash (the May 2025 launch of implicit
 * caching announced 25%, i.e. a 75% discount; the list has since lowered it to 10%). Flash-Lite 2.0
 * has no caching, so its cached tokens cost the full input price.
 */
export const PRICES: Readonly<Record<string, Price>> = {
  'gemini-3-pro': { input: 2, cachedInput: 0.2, output: 12 },
  'gemini-2.5-pro': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gemini-2.5-flash': { input: 0.3, cachedInput: 0.03, output: 2.5 },
  'gemini-2.5-flash-lite': { input: 0.1, cachedInput: 0.01, output: 0.4 },
  'gemini-2.0-flash': { input: 0.1, cachedInput: 0.025, output: 0.4 },
  'gemini-2.0-flash-lite': { input: 0.075, cachedInput: 0.075, output: 0.3 },
};

const byLength = Object.keys(PRICES).sort((a, b) => b.length - a.length);

/**
 * The price of a model, or undefined when unknown. A family matches its own name and its dated or
 * preview versions ("gemini-2.5-flash-preview-09-2025", "gemini-2.0-flash-001"), not its variants
 * ("-image", "-tts", "-thinking-exp" are priced differently), and not "-latest" aliases, which
 * move to newer models with other prices.
 */
export function priceFor(model: string): Price | undefined {
  const name = model.trim().toLowerCase().replace(/^models\//, '');
  const family = byLength.find((key) => name === key || (name.startsWith(`${key}-`) && /^-(preview|exp|\d{3})(-\d+)*$/.test(name.slice(key.length))));
  return family === undefined ? undefined : PRICES[family];
}

export interface TokenUsage {
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thoughtTokens: number;
}

/** Estimated US$ for a run's usage, or undefined for a model without a known price. */
export function estimateCost(model: string, u: TokenUsage): number | undefined {
  const price = priceFor(model);
  if (!price) return undefined;
  const cached = Math.min(u.cachedTokens, u.promptTokens);
  const usd = (u.promptTokens - cached) * price.input + cached * price.cachedInput + (u.outputTokens + u.thoughtTokens) * price.output;
  return usd / 1_000_000;
}

/** 0.004 → "< $0.01", 0.4234 → "$0.42", 123.4 → "$123". */
export function formatCost(usd: number): string {
  if (usd > 0 && usd < 0.01) return '< $0.01';
  if (usd < 100) return `$${usd.toFixed(2)}`;
  return `$${Math.round(usd)}`;
}
