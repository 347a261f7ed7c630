/**
 * `semantic_search`: code found by meaning through the codebase index (vectors, BM25 and recent
 * edits fused), beside `search_codebase` for exact text. The answer fits a budget of characters;
 * when the index is not built yet it says so and answers lexically; when indexing is off it falls
 * back to a text search for the query's words. A missing index is never an error.
 */
import { z } from 'zod';
import { resolveWorkspacePath } from '../guards/paths';
import { tokenize } from '../index/bm25';
import { ignoreOf } from './paths';
import type { Tool, ToolContext } from './types';

export const MAX_SEMANTIC_RESULTS = 10;
/** About 5,000 tokens of code in one answer. */
export const SEMANTIC_BUDGET_CHARS = 20_000;
const MAX_CHUNK_CHARS = 4_000;

const parameters = z.object({
  query: z.string().min(1).describe('What you are looking for, in plain words: "where are API keys validated", "retry with backoff".'),
  path: z.string().optional().describe('A file or folder to search in, e.g. "src/auth". Default: the whole workspace.'),
});

export const semanticSearchTool: Tool<typeof parameters> = {
  name: 'semantic_search',
  description:
    'Find code by meaning: describe what it does in plain words and get the most relevant functions, classes and blocks (path, line range, symbol, score, code). ' +
    'Use it when you do not know the names or the exact text. Use search_codebase instead for exact text, identifiers and regular expressions, or to find every occurrence.',
  parameters,
  label: (a) => `Semantic search ${JSON.stringify(a.query)}${a.path ? ` in ${a.path}` : ''}`,
  report: (_a, r) => reportOf(r),
  async execute(args, ctx) {
    let path: string | undefined;
    if (args.path !== undefined && args.path.trim() !== '' && args.path.trim() !== '.') {
      const resolved = resolveWorkspacePath(args.path);
      if (!resolved.ok) return { error: `Refused: ${resolved.reason}.` };
      const ignore = ignoreOf(ctx);
      if (ignore.isSensitive(resolved.path)) return { error: `Refused: ${resolved.path} is off limits (${ignore.why(resolved.path) ?? 'sensitive file'}).` };
      path = resolved.path;
    }
    if (!ctx.index) return textFallback(args.query, path, ctx);
    const outcome = await ctx.index.search(args.query, { path, limit: MAX_SEMANTIC_RESULTS }, ctx.signal);
    const ignore = ignoreOf(ctx);
    const results: Array<Record<string, unknown>> = [];
    let used = 0;
    let omitted = 0;
    for (const hit of outcome.hits) {
      if (ignore.isSensitive(hit.path)) continue;
      const code = hit.text.length > MAX_CHUNK_CHARS ? `${hit.text.slice(0, MAX_CHUNK_CHARS)}\n…` : hit.text;
      if (results.length > 0 && used + code.length > SEMANTIC_BUDGET_CHARS) {
        omitted++;
        continue;
      }
      used += code.length;
      results.push({ path: hit.path, lines: `${hit.startLine}-${hit.endLine}`, ...(hit.symbol ? { symbol: hit.symbol } : {}), score: hit.score, code });
    }
    const notes = [outcome.note, omitted ? `${omitted} more results were left out to keep the answer short; narrow with path.` : undefined, results.length === 0 ? 'No results.' : undefined].filter(Boolean);
    return { mode: outcome.mode, results, ...(notes.length ? { note: notes.join(' ') } : {}) };
  },
};

/** The call card: how many results, and one line each (where, what, score) to open the card on. */
export function reportOf(r: Record<string, unknown>): { summary: string; detail?: string } {
  const results = (r.results ?? []) as Array<{ path: string; lines: string; symbol?: string; score?: number }>;
  const mode = r.mode === 'lexical' ? ' (lexical)' : r.mode === 'text' ? ' (text)' : '';
  const lines = results.map((x) => `${x.path}:${x.lines}${x.symbol ? `  ${x.symbol}` : ''}${x.score !== undefined ? `  ${x.score.toFixed(4)}` : ''}`);
  return { summary: `${results.length} results${mode}`, ...(lines.length ? { detail: lines.join('\n') } : {}) };
}

/** Indexing is off: a case-insensitive text search for the query's longer words. */
async function textFallback(query: string, path: string | undefined, ctx: ToolContext): Promise<Record<string, unknown>> {
  const words = [...new Set(tokenize(query).filter((w) => w.length >= 3 && /^[a-z0-9_]+$/.test(w)))].slice(0, 8);
  const note = 'The codebase index is off (setting geminiAgent.index.enabled), so these are plain text matches for the query\'s words.';
  if (words.length === 0) return { mode: 'text', results: [], note: `${note} No words to search for.` };
  const ignore = ignoreOf(ctx);
  const skip = (p: string) => ignore.isSensitive(p) || ignore.isHidden(p, false);
  const include = path ? `${path}/**` : undefined;
  // Case folded by hand: ripgrep's and JavaScript's regex syntaxes share character classes, not `(?i)`.
  const anyCase = words.map((w) => w.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`));
  const found = await ctx.search.search({ query: `(${anyCase.join('|')})`, isRegex: true, include, maxResults: 4 * MAX_SEMANTIC_RESULTS, skip }, ctx.signal);
  const results = found.matches.filter((m) => !skip(m.path) && (!path || m.path === path || m.path.startsWith(`${path}/`))).slice(0, 2 * MAX_SEMANTIC_RESULTS).map((m) => ({ path: m.path, lines: `${m.line}-${m.line}`, code: m.text.slice(0, 300) }));
  return { mode: 'text', results, note };
}
