/**
 * What a completion prompt carries: prefix and suffix windows around the cursor (sized in
 * tokens), the file's language and path, snippets of related code (definitions of symbols near the
 * cursor, recently edited and visited ranges) and the project's rules — all within a token budget.
 * Pure: the editor adapter supplies the text, the snippets and the rules.
 */
import { estimateTokens, headWithin, tailWithin } from './tokens';

export type SnippetKind = 'definition' | 'recent-edit' | 'recent-visit';

export interface Snippet {
  kind: SnippetKind;
  /** Workspace-relative path, as shown to the model. */
  path: string;
  text: string;
}

export interface ContextInput {
  path: string;
  languageId: string;
  /** The whole document and the cursor's offset in it. */
  text: string;
  offset: number;
  snippets: readonly Snippet[];
  rules: string;
}

export interface ContextBudget {
  prefixTokens: number;
  suffixTokens: number;
  /** Snippets and rules together. */
  contextTokens: number;
  /** Rules take at most this share of `contextTokens`. */
  rulesShare: number;
}

export const DEFAULT_BUDGET: ContextBudget = { prefixTokens: 1500, suffixTokens: 500, contextTokens: 1500, rulesShare: 0.25 };

export interface CompletionContext {
  path: string;
  languageId: string;
  prefix: string;
  suffix: string;
  snippets: Snippet[];
  rules: string;
}

/** Definitions first (most telling), then recent edits, then recent visits. */
const ORDER: readonly SnippetKind[] = ['definition', 'recent-edit', 'recent-visit'];

export function gatherContext(input: ContextInput, budget: ContextBudget = DEFAULT_BUDGET): CompletionContext {
  const offset = Math.max(0, Math.min(input.offset, input.text.length));
  const prefix = tailWithin(input.text.slice(0, offset), budget.prefixTokens);
  const suffix = headWithin(input.text.slice(offset), budget.suffixTokens);
  const rules = headWithin(input.rules.trim(), Math.floor(budget.contextTokens * budget.rulesShare)).trim();
  let left = budget.contextTokens - estimateTokens(rules);
  const windowText = prefix + suffix;
  const seen = new Set<string>();
  const snippets: Snippet[] = [];
  const sorted = [...input.snippets].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const s of sorted) {
    const text = s.text.trim();
    if (!text || seen.has(text)) continue;
    // Already in the prompt: the windows show it.
    if (s.path === input.path && windowText.includes(text)) continue;
    const cost = estimateTokens(text) + estimateTokens(s.path) + 4;
    if (cost > left) {
      if (left < 64) break;
      const cut = headWithin(text, left - estimateTokens(s.path) - 4).trimEnd();
      if (!cut) continue;
      snippets.push({ ...s, text: cut });
      seen.add(text);
      left -= estimateTokens(cut) + estimateTokens(s.path) + 4;
      continue;
    }
    snippets.push({ ...s, text });
    seen.add(text);
    left -= cost;
  }
  return { path: input.path, languageId: input.languageId, prefix, suffix, snippets, rules };
}
