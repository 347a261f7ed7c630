/**
 * How hard the model thinks, as the API takes it per model family. Gemini 3 and later take
 * `thinkingLevel`, Gemini 2.5 a `thinkingBudget` in tokens within the model's range; sending both,
 * or a value the model refuses, is an HTTP 400. Models before 2.5 do not think and get no
 * thinking config at all. A name that does not show its family (an alias such as
 * `gemini-flash-latest`, which moves between families) only asks for thought summaries, whatever
 * the setting: a level or a budget could be the field its current family rejects. (GeminiClient
 * asks again with the name the alias resolved to once an answer has told it.)
 * Ranges and levels: ai.google.dev/gemini-api/docs/thinking (2026), shared/notes/GEMINI_WIRE.md.
 */

export type ThinkingSetting = 'auto' | 'low' | 'high' | 'off';
export const THINKING_SETTINGS: readonly ThinkingSetting[] = ['auto', 'low', 'high', 'off'];

/** `generationConfig.thinkingConfig` as on the wire. */
export interface ThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: 'minimal' | 'low' | 'medium' | 'high';
}

/** Gemini 2.5 budgets: `min` is the least a model that cannot turn thinking off takes. */
interface BudgetRange {
  min: number;
  max: number;
  canTurnOff: boolean;
}

/** A family's own name and its dated or preview versions, not its variants (`-image`, `-tts`...). */
const VERSION_SUFFIX = /^(-(preview|exp|latest|\d{3})(-\d+)*)?$/;
const BUDGETS: Readonly<Record<string, BudgetRange>> = {
  'gemini-2.5-flash-lite': { min: 512, max: 24_576, canTurnOff: true },
  'gemini-2.5-flash': { min: 1, max: 24_576, canTurnOff: true },
  'gemini-2.5-pro': { min: 128, max: 32_768, canTurnOff: false },
};
/** A "low" budget: enough for a short plan of attack, inside every 2.5 model's range. */
const LOW_BUDGET = 1024;

/** The thinking config for `model` (an id, with or without `models/`), or undefined to send none. */
export function thinkingConfig(model: string, setting: ThinkingSetting): ThinkingConfig | undefined {
  const name = model.trim().toLowerCase().replace(/^models\//, '');
  const summaries: ThinkingConfig = { includeThoughts: true };
  const version = /^gemini-(\d+)(?:\.(\d+))?-/.exec(name);
  if (!version) return summaries;
  const major = Number(version[1]);
  const minor = Number(version[2] ?? 0);
  if (major >= 3) return setting === 'auto' ? summaries : { ...summaries, thinkingLevel: levelFor(name, setting) };
  if (major < 2 || (major === 2 && minor < 5)) return undefined;
  const family = Object.keys(BUDGETS).find((f) => name.startsWith(f) && VERSION_SUFFIX.test(name.slice(f.length)));
  const range = family === undefined ? undefined : BUDGETS[family];
  // A 2.5 variant not listed (image, audio models...): its range is unknown, so no budget.
  if (!range || setting === 'auto') return summaries;
  if (setting === 'off') return range.canTurnOff ? { thinkingBudget: 0 } : { ...summaries, thinkingBudget: range.min };
  return { ...summaries, thinkingBudget: setting === 'high' ? range.max : Math.max(range.min, LOW_BUDGET) };
}

/** Gemini 3 Pro takes only `low` and `high`; Flash models also take `minimal`, their "off". */
function levelFor(name: string, setting: Exclude<ThinkingSetting, 'auto'>): ThinkingConfig['thinkingLevel'] {
  if (setting === 'high') return 'high';
  if (setting === 'off' && /-flash\b/.test(name)) return 'minimal';
  return 'low';
}
