/** Whether the codebase index may be built: a pure decision, so Restricted Mode is held by a unit test. */

export interface IndexConditions {
  /** `geminiAgent.index.enabled`. */
  enabled: boolean;
  /** Workspace trust: an untrusted folder is never indexed (its code would be sent to a model). */
  trusted: boolean;
  /** Where the index would be stored; absent without a workspace. */
  storage: string | undefined;
}

/** Why the index stays off, or `undefined` when it may be built. */
export function indexOffReason(c: IndexConditions): string | undefined {
  if (!c.enabled) return 'turned off (geminiAgent.index.enabled)';
  if (!c.trusted) return 'Restricted Mode: the index is never built for an untrusted folder';
  if (!c.storage) return 'no workspace storage (open a folder)';
  return undefined;
}
