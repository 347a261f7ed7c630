/**
 * Whether to offer inline completions for a document at all. Never for files the guards call
 * sensitive (secrets: `.env`, keys, `.agentignore` entries) or hidden (`.gitignore`d,
 * `node_modules`), never in Restricted Mode unless the user allows it, not while snoozed, and
 * only for languages the per-language setting leaves on.
 */
export interface GateInput {
  enabled: boolean;
  /** Epoch ms until which completions are snoozed; 0 when not. */
  snoozedUntil: number;
  now: number;
  languageId: string;
  /** Per-language switch; `*` is the default for languages not named. */
  languages: Readonly<Record<string, boolean>>;
  trusted: boolean;
  allowInRestrictedMode: boolean;
  /** The guards' verdicts on the file's path. */
  sensitive: boolean;
  hidden: boolean;
}

export type GateVerdict = { ok: true } | { ok: false; reason: 'off' | 'snoozed' | 'language' | 'restricted' | 'sensitive' | 'ignored' };

export function mayComplete(g: GateInput): GateVerdict {
  if (!g.enabled) return { ok: false, reason: 'off' };
  if (g.snoozedUntil > g.now) return { ok: false, reason: 'snoozed' };
  if (!g.trusted && !g.allowInRestrictedMode) return { ok: false, reason: 'restricted' };
  if (g.sensitive) return { ok: false, reason: 'sensitive' };
  if (g.hidden) return { ok: false, reason: 'ignored' };
  const lang = g.languages[g.languageId] ?? g.languages['*'] ?? true;
  if (!lang) return { ok: false, reason: 'language' };
  return { ok: true };
}
