/**
 * `search_codebase`: text or regex search through the CodeSearch seam (ripgrep in the product).
 * Matches in files the agent may not read are dropped by the backend before it counts (`skip`),
 * and here again, whatever the backend honours. Nothing in the result says whether such files
 * matched: a count of dropped matches would let a regex query spell out a secret.
 */
import { z } from 'zod';
import { ignoreOf } from './paths';
import type { Tool } from './types';

/** How many times the cap the backend is asked for. */
const SEARCH_HEADROOM = 4;
export const MAX_SEARCH_RESULTS = 100;
const MAX_MATCH_CHARS = 300;

const parameters = z.object({
  query: z.string().min(1).describe('Text to find (or a regular expression when is_regex is true).'),
  is_regex: z.boolean().optional().describe('Treat query as a regular expression. Default false.'),
  include: z.string().optional().describe('Glob limiting the files searched, e.g. "src/**/*.ts".'),
});

export const searchCodebaseTool: Tool<typeof parameters> = {
  name: 'search_codebase',
  description: `Search the workspace's files for text or a regular expression. Returns up to ${MAX_SEARCH_RESULTS} matches as path, line and text, and how many more were left out.`,
  parameters,
  label: (a) => `Search ${JSON.stringify(a.query)}${a.include ? ` in ${a.include}` : ''}`,
  report: (_a, r) => ({ summary: `${(r.matches as unknown[]).length} matches${r.omitted ? `, ${r.omitted} more` : ''}` }),
  async execute(args, ctx) {
    const isRegex = args.is_regex ?? false;
    if (isRegex) {
      try {
        new RegExp(args.query);
      } catch (err) {
        return { error: `The regular expression is invalid: ${(err as Error).message}` };
      }
    }
    const ignore = ignoreOf(ctx);
    const skip = (path: string) => ignore.isSensitive(path) || ignore.isHidden(path, false);
    // Asks for more than it shows: matches in hidden files are dropped below, and must not use up the cap.
    const found = await ctx.search.search({ query: args.query, isRegex, include: args.include, maxResults: MAX_SEARCH_RESULTS * SEARCH_HEADROOM, skip }, ctx.signal);
    // The search may not know every rule (.gitignore outside a git repository, built-in defaults).
    const allowed = found.matches.filter((m) => !skip(m.path));
    const kept = allowed.slice(0, MAX_SEARCH_RESULTS);
    const omitted = found.omitted + (allowed.length - kept.length);
    const matches = kept.map((m) => ({ path: m.path, line: m.line, text: m.text.length > MAX_MATCH_CHARS ? `${m.text.slice(0, MAX_MATCH_CHARS)}…` : m.text }));
    const result: Record<string, unknown> = { matches };
    if (omitted > 0) result.omitted = omitted;
    if (omitted > 0) result.note = `${omitted} more matches were left out; narrow the query or use include.`;
    if (matches.length === 0 && omitted === 0) result.note = 'No matches.';
    return result;
  },
};
