// thinkingConfig per model family (documented: ai.google.dev/gemini-api/docs/thinking and the SDK
// docs). Never both `thinkingBudget` and `thinkingLevel`; a 2.5 budget inside the family's range
// (-1 dynamic; 0 only where thinking can be turned off); `thinkingLevel` only on Gemini 3, which
// answers 2.5 with "Thinking level is not supported for this model." (reported: Roo-Code #10700,
// microsoft/vscode #334581); a level the model offers.
// Stricter than the real API on one point, by decision: Gemini 3 still accepts `thinkingBudget`
// for backward compatibility (the docs warn of "unexpected performance"), the emulator refuses it
// so the product sends each family its own setting.
import { thinkingRules } from '../models';
import { fieldViolation, invalidArgument, obj, type Violation } from './types';

const path = 'generation_config.thinking_config';

export function checkThinking(body: Record<string, unknown>, model: string): Violation[] {
  const config = obj(obj(body.generationConfig)?.thinkingConfig);
  if (!config) return [];
  const budget = config.thinkingBudget;
  const level = config.thinkingLevel;
  if (budget !== undefined && level !== undefined) {
    return [fieldViolation('thinking-both', 'GenerateContentRequest', path, 'thinking_budget and thinking_level cannot both be set; set only one of them.')];
  }
  const rules = thinkingRules(model);
  if (!rules) return [];
  if (budget !== undefined) {
    if (!rules.budget) {
      return [invalidArgument('thinking-budget-model', `Emulator (stricter than the real API): ${rules.family} takes thinking_level, not thinking_budget.`)];
    }
    const { min, max, zeroAllowed } = rules.budget;
    if (budget === 0 && !zeroAllowed) return [invalidArgument('thinking-budget-range', 'Budget 0 is invalid. This model only works in thinking mode.')];
    const ok = typeof budget === 'number' && Number.isInteger(budget) && (budget === -1 || budget === 0 || (budget >= min && budget <= max));
    if (!ok) {
      return [invalidArgument('thinking-budget-range', `The thinking budget (${JSON.stringify(budget)}) is invalid. ${rules.family} takes -1 (dynamic)${zeroAllowed ? ', 0 (off)' : ''} or ${min} to ${max}.`)];
    }
  }
  if (level !== undefined) {
    if (!rules.levels) return [invalidArgument('thinking-level-model', 'Thinking level is not supported for this model.')];
    if (typeof level !== 'string' || !rules.levels.includes(level.toLowerCase())) {
      return [invalidArgument('thinking-level-value', `Unable to submit request because thinking_level ${String(level).toUpperCase()} is not supported by this model (${rules.family} takes ${rules.levels.join(', ')}).`)];
    }
  }
  return [];
}
