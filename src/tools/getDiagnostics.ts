/** `get_diagnostics`: errors and warnings from the Problems view, for some files or the workspace. */
import { z } from 'zod';
import { guardPath } from './paths';
import type { Tool } from './types';

export const MAX_DIAGNOSTICS = 200;
const ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

const parameters = z.object({
  paths: z.array(z.string()).optional().describe('Files to get problems for. Default: the whole workspace.'),
});

export const getDiagnosticsTool: Tool<typeof parameters> = {
  name: 'get_diagnostics',
  description: `Get the errors and warnings (compiler, linter) that the editor reports, for the given files or the whole workspace. At most ${MAX_DIAGNOSTICS}, errors first.`,
  parameters,
  label: (a) => (a.paths?.length ? `Problems in ${a.paths.join(', ')}` : 'Problems in the workspace'),
  report: (_a, r) => ({ summary: `${r.errors} errors, ${r.warnings} warnings` }),
  async execute(args, ctx) {
    let paths: string[] | undefined;
    if (args.paths?.length) {
      paths = [];
      for (const p of args.paths) {
        const guarded = await guardPath(p, ctx);
        if (!guarded.ok) return { error: guarded.error };
        paths.push(guarded.path);
      }
    }
    const all = ctx.diagnostics.get(paths).sort((a, b) => ORDER[a.severity] - ORDER[b.severity] || a.path.localeCompare(b.path) || a.line - b.line);
    const shown = all.slice(0, MAX_DIAGNOSTICS).map((d) => ({ path: d.path, line: d.line, severity: d.severity, message: d.message, ...(d.source ? { source: d.source } : {}) }));
    const result: Record<string, unknown> = {
      errors: all.filter((d) => d.severity === 'error').length,
      warnings: all.filter((d) => d.severity === 'warning').length,
      diagnostics: shown,
    };
    if (all.length > shown.length) result.omitted = all.length - shown.length;
    return result;
  },
};
