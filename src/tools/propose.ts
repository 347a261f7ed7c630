/**
 * Hands a file change to the approver and turns its decision into the function response. A
 * rejection goes back to the model with the user's reason, so it can change course instead of
 * proposing the same thing again.
 */
import type { ProposedChange, ToolContext } from './types';

let counter = 0;

export async function proposeChange(
  ctx: ToolContext,
  change: { path: string; before: string | undefined; after: string | undefined },
): Promise<{ applied: true } | { applied: false; response: Record<string, unknown> }> {
  ctx.signal.throwIfAborted();
  const proposal: ProposedChange = { id: ctx.newId?.() ?? `change-${++counter}`, taskId: ctx.taskId, ...change };
  const decision = await ctx.approver.propose(proposal, ctx.signal);
  // A stop while the approval was pending must end the run, not read as the user's rejection.
  ctx.signal.throwIfAborted();
  if (decision.approved) return { applied: true };
  const reason = decision.reason?.trim();
  return {
    applied: false,
    response: {
      error: `The change to ${change.path} was rejected${reason ? `: ${reason}` : ' by the user'}. It was not applied.`,
      rejected: true,
      ...(reason ? { reason } : {}),
    },
  };
}
