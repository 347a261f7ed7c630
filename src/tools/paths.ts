/**
 * The one gate every tool path goes through: resolved inside the workspace, then checked against
 * the sensitive set. Refusals carry the reason so the model (and the user reading along) knows
 * why and does not try the same path again.
 */
import { IgnoreFilter } from '../guards/ignore';
import { resolveWorkspacePath } from '../guards/paths';
import type { ToolContext } from './types';

export type GuardedPath = { ok: true; path: string } | { ok: false; error: string };

const defaults = IgnoreFilter.create();

export function ignoreOf(ctx: ToolContext): IgnoreFilter {
  return ctx.ignore ?? defaults;
}

/**
 * A path the agent may read or change, or why not. A path through a symbolic link is judged, and
 * then used, by where the link really leads: `g -> .git` must not make `g/hooks/pre-commit` an
 * ordinary file, nor `docs -> .vscode` turn `docs/tasks.json` into anything but the protected file.
 */
export async function guardPath(input: string, ctx: ToolContext, access: 'read' | 'write' = 'read'): Promise<GuardedPath> {
  const resolved = resolveWorkspacePath(input);
  if (!resolved.ok) return { ok: false, error: `Refused: ${resolved.reason}.` };
  const ignore = ignoreOf(ctx);
  if (ignore.isSensitive(resolved.path)) {
    return { ok: false, error: `Refused: ${resolved.path} is off limits (${forAccess(ignore.why(resolved.path) ?? 'sensitive file', access)}).` };
  }
  let real: string;
  try {
    real = (await ctx.fs.realPath?.(resolved.path)) ?? resolved.path;
  } catch (err) {
    return { ok: false, error: `Refused: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (real !== resolved.path && ignore.isSensitive(real)) {
    return { ok: false, error: `Refused: ${resolved.path} is a symbolic link to ${real}, which is off limits (${forAccess(ignore.why(real) ?? 'sensitive file', access)}).` };
  }
  return { ok: true, path: real };
}

/** File changes and commands are refused in Restricted Mode. */
export function readOnlyError(ctx: ToolContext): Record<string, unknown> | undefined {
  return ctx.readOnlyReason ? { error: `Refused: ${ctx.readOnlyReason}` } : undefined;
}

/** The checks every file-changing tool makes first: not in Restricted Mode, and a path it may touch. */
export async function guardWritePath(input: string, ctx: ToolContext): Promise<GuardedPath> {
  if (ctx.readOnlyReason) return { ok: false, error: `Refused: ${ctx.readOnlyReason}` };
  return guardPath(input, ctx, 'write');
}

/**
 * The sensitive-file reasons are worded for reading ("the agent never reads them"); a refused
 * write says that the agent neither reads nor writes such a file.
 */
function forAccess(reason: string, access: 'read' | 'write'): string {
  if (access === 'read') return reason;
  return reason.replace(/\bnever reads them\b/, 'neither reads nor writes them').replace(/\bis never read by the agent\b/, 'is never read or written by the agent').replace(/\bare never read by the agent\b/, 'are never read or written by the agent');
}
