/**
 * Trusting MCP tools: what the user approved is pinned (a hash of the tool's name, description,
 * input schema and annotations), and a call is allowed without asking only when the user chose
 * "always allow" for that tool AND its definition is still the one pinned. Any change (a "rug
 * pull") asks again and lists what changed. Annotations such as `readOnlyHint` are shown, never
 * trusted: a server can claim anything. Starting a server from workspace configuration is
 * running a command: its launch line is approved once, asked again when it changes, and refused
 * in Restricted Mode.
 */
import { createHash } from 'node:crypto';
import type { ConfigSource } from './config';

export interface ToolDefinition {
  name: string;
  description: string;
  inputSchema: unknown;
  annotations?: Record<string, unknown>;
}

export interface Pin {
  hash: string;
  definition: ToolDefinition;
  alwaysAllow: boolean;
}

export function definitionHash(d: ToolDefinition): string {
  return createHash('sha256').update(canonical({ name: d.name, description: d.description, inputSchema: d.inputSchema ?? null, annotations: d.annotations ?? null })).digest('hex');
}

export type CallDecision = { kind: 'allow' } | { kind: 'ask'; reason: 'new' | 'changed' | 'not-always'; changes: string[] };

/** Whether a call may run without asking. */
export function callDecision(current: ToolDefinition, pin: Pin | undefined): CallDecision {
  if (!pin) return { kind: 'ask', reason: 'new', changes: [] };
  if (pin.hash !== definitionHash(current)) return { kind: 'ask', reason: 'changed', changes: definitionChanges(pin.definition, current) };
  return pin.alwaysAllow ? { kind: 'allow' } : { kind: 'ask', reason: 'not-always', changes: [] };
}

/** The pin stored after the user's answer; `undefined` leaves the old pin (a refusal). */
export function pinAfter(current: ToolDefinition, answer: 'once' | 'always' | 'deny', previous: Pin | undefined): Pin | undefined {
  if (answer === 'deny') return previous;
  const hash = definitionHash(current);
  // A changed definition loses "always allow" until the user gives it again.
  const keepAlways = previous !== undefined && previous.hash === hash && previous.alwaysAllow;
  return { hash, definition: current, alwaysAllow: answer === 'always' || keepAlways };
}

/** What changed between two definitions, in words, with the old and new text. */
export function definitionChanges(before: ToolDefinition, after: ToolDefinition): string[] {
  const out: string[] = [];
  if (before.name !== after.name) out.push(`name: ${before.name} → ${after.name}`);
  if (before.description !== after.description) out.push(`description was:\n${before.description}\nnow:\n${after.description}`);
  if (canonical(before.inputSchema ?? null) !== canonical(after.inputSchema ?? null)) out.push(`input schema was:\n${canonical(before.inputSchema ?? null)}\nnow:\n${canonical(after.inputSchema ?? null)}`);
  if (canonical(before.annotations ?? null) !== canonical(after.annotations ?? null)) out.push(`annotations were ${canonical(before.annotations ?? null)}, now ${canonical(after.annotations ?? null)}`);
  return out;
}

/** The hints a server claims about a tool, for display only. */
export function annotationLines(annotations: Record<string, unknown> | undefined): string[] {
  if (!annotations) return [];
  const hints = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'];
  return hints.filter((h) => typeof annotations[h] === 'boolean').map((h) => `${h}: ${String(annotations[h])} (claimed by the server, not verified)`);
}

export type LaunchDecision = { kind: 'start' } | { kind: 'ask'; line: string; changedFrom?: string } | { kind: 'refuse'; reason: string };

/**
 * Whether a server may start. User servers (the user's own settings) start; a workspace server
 * is refused in Restricted Mode and otherwise needs its exact launch line approved.
 */
export function launchDecision(input: { source: ConfigSource; trusted: boolean; line: string; approvedLine: string | undefined }): LaunchDecision {
  if (input.source === 'user') return { kind: 'start' };
  if (!input.trusted) return { kind: 'refuse', reason: 'workspace MCP servers do not start in Restricted Mode (trust the folder to use them)' };
  if (input.approvedLine === input.line) return { kind: 'start' };
  return { kind: 'ask', line: input.line, ...(input.approvedLine !== undefined ? { changedFrom: input.approvedLine } : {}) };
}

/** The text of an approval question for a call. */
export function callQuestion(q: { server: string; definition: ToolDefinition; args: unknown; decision: Extract<CallDecision, { kind: 'ask' }> }): string {
  const lines = [`MCP server "${q.server}" tool "${q.definition.name}"${q.decision.reason === 'changed' ? ' — ITS DEFINITION CHANGED since you approved it' : q.decision.reason === 'new' ? ' (first use)' : ''}`];
  lines.push(`Description: ${q.definition.description || '(none)'}`);
  lines.push(...annotationLines(q.definition.annotations));
  lines.push(`Arguments: ${JSON.stringify(q.args, null, 1)}`);
  if (q.decision.changes.length > 0) lines.push('What changed:', ...q.decision.changes);
  return lines.join('\n');
}

/** JSON with keys sorted at every level (stable for hashing and comparing). */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
