// What a rule check returns: the HTTP answer the real API gives a request it refuses, and the
// rule that refused it (named in test/emulator/README.md's table).

/** The ids of the rules in test/emulator/README.md; a scenario's `expectRejection` names one. */
export const ruleIds = [
  'unknown-model',
  'object-properties',
  'enum-type',
  'function-name',
  'tool-config-mode',
  'allowed-function-names',
  'function-response-object',
  'function-response-count',
  'json-mode-tools',
  'json-mode-history',
  'thinking-both',
  'thinking-budget-range',
  'thinking-level-model',
  'thinking-budget-model',
  'thinking-level-value',
  'stop-sequences',
  'content-role',
  'empty-parts',
  'inline-data-mime',
  'inline-data-base64',
  'inline-data-size',
  'thought-signature',
  'embed-batch-size',
  'embed-task-type',
  'embed-title',
  'embed-dimensionality',
  'embed-content',
] as const;

export type RuleId = (typeof ruleIds)[number];

/** A refused request: the rule, and the error body fields the real API would send. */
export interface Violation {
  rule: RuleId;
  httpStatus: number;
  status: string;
  message: string;
}

/**
 * A field-level 400 in the real API's wording: `* GenerateContentRequest.<path>: <what>\n`. The
 * real API lists every such field of one request in one message, one line each.
 */
export function fieldViolation(rule: RuleId, request: string, path: string, what: string): Violation {
  return { rule, httpStatus: 400, status: 'INVALID_ARGUMENT', message: `* ${request}.${path}: ${what}\n` };
}

/** A 400 whose message is a sentence rather than a field line. */
export function invalidArgument(rule: RuleId, message: string): Violation {
  return { rule, httpStatus: 400, status: 'INVALID_ARGUMENT', message };
}

/** One answer for several violations: field lines are joined like the real API joins them; otherwise the first wins. */
export function combine(violations: Violation[]): Violation | undefined {
  const [first] = violations;
  if (!first) return undefined;
  if (!first.message.startsWith('* ')) return first;
  const fieldLines = violations.filter((v) => v.message.startsWith('* ') && v.httpStatus === first.httpStatus);
  return { ...first, message: fieldLines.map((v) => v.message).join('') };
}

/** Reads a plain object field, or undefined. */
export function obj(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** Reads an array field, or an empty array. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
