/**
 * Judging problems against a baseline, and the words the model gets for them. Problems are matched
 * by file and message, not line: the task's own edits move lines. A problem counts against the task
 * only when it is new or occurs more often than before.
 */
import { normalisePath, type Problem } from './checkOutput';

export const REPORT_BUDGET = 6000;
const MAX_MESSAGE = 400;
const MAX_UNPLACED = 12;
const MAX_BEFORE_EXAMPLES = 3;
const SUMMARY_ROOM = 400;

export function problemKey(p: Problem): string {
  // The editor says "Type 'x' is not ..." where tsc says "error TS2322: Type 'x' is not ...".
  const message = p.message.replace(/^(error|warning)\s+(TS\d+:\s*)?/i, '').replace(/\s+/g, ' ').trim();
  return `${normalisePath(p.path)}\u0000${message}`;
}

/** The problems of `after` that `before` did not have (as many times). */
export function newProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const left = new Map<string, number>();
  for (const p of before) left.set(problemKey(p), (left.get(problemKey(p)) ?? 0) + 1);
  const out: Problem[] = [];
  for (const p of after) {
    const k = problemKey(p);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(p);
  }
  return out;
}

/** The problems of `after` that were there before too. */
export function oldProblems(before: readonly Problem[], after: readonly Problem[]): Problem[] {
  const fresh = new Set(newProblems(before, after));
  return after.filter((p) => !fresh.has(p));
}

/** Problems listed once: the editor and the check often report the same error. */
export function unique(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${problemKey(p)}\u0000${p.line ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Whether `path` (as a check printed it, maybe absolute) is one of the workspace-relative `files`. */
export function isOneOf(path: string, files: readonly string[]): boolean {
  const p = normalisePath(path);
  return files.some((f) => p === f || p.endsWith(`/${f}`));
}

/** 0: a changed file; 1: the same folder as one; 2: the same top folder; 3: elsewhere. */
function distance(path: string, changed: readonly string[]): number {
  if (isOneOf(path, changed)) return 0;
  const p = normalisePath(path);
  const dir = (f: string) => f.slice(0, Math.max(0, f.lastIndexOf('/')));
  const same = (a: string, b: string) => a === b || (b !== '' && a.endsWith(`/${b}`));
  if (changed.some((f) => same(dir(p), dir(f)))) return 1;
  if (changed.some((f) => f.includes('/') && (p.startsWith(`${f.split('/')[0]}/`) || p.includes(`/${f.split('/')[0]}/`)))) return 2;
  return 3;
}

export function formatProblem(p: Problem): string {
  const where = p.path ? `${p.path}${p.line ? `:${p.line}` : ''}${p.line && p.column ? `:${p.column}` : ''}: ` : '';
  const message = p.message.length > MAX_MESSAGE ? `${p.message.slice(0, MAX_MESSAGE)}…` : p.message;
  return `- ${where}${message}${p.source ? ` (${p.source})` : ''}`;
}

export interface ReportInput {
  /** Files the task changed. */
  changed: readonly string[];
  /** New problems (editor and check together). */
  fresh: readonly Problem[];
  /** Failure lines of the check with no place, new since the baseline. */
  unplaced: readonly string[];
  /** Problems that were there before the task: context, not blame. */
  before: readonly Problem[];
  /** Set when the check failed: its command, for the headings. */
  command?: string;
  budget?: number;
}

/**
 * The fix prompt's body: new problems in the changed files first, then the ones nearest to them,
 * with file, line and message; what does not fit is summed up per file; then, as context only, what
 * was already failing before the task.
 */
export function problemReport(input: ReportInput): string {
  const budget = input.budget ?? REPORT_BUDGET;
  const sorted = unique(input.fresh)
    .map((p, i) => ({ p, i, d: distance(p.path, input.changed) }))
    .sort((a, b) => a.d - b.d || a.i - b.i);
  const inChanged = sorted.filter((s) => s.d === 0).map((s) => s.p);
  const elsewhere = sorted.filter((s) => s.d > 0).map((s) => s.p);
  const beforeText = alreadyFailing(input.before);
  const unplacedText = input.unplaced.length
    ? `${input.command ? `\`${input.command}\`` : 'The check'} also reported, without a file:\n${input.unplaced.slice(0, MAX_UNPLACED).map((l) => `  ${l.slice(0, MAX_MESSAGE)}`).join('\n')}${input.unplaced.length > MAX_UNPLACED ? `\n  … ${input.unplaced.length - MAX_UNPLACED} more such lines` : ''}`
    : '';
  // Room is kept for the line that sums up what did not fit, and for the blank lines between sections.
  let room = budget - beforeText.length - unplacedText.length - SUMMARY_ROOM;
  const sections: string[] = [];
  const left: Problem[] = [];
  for (const [heading, list] of [
    ['New problems in the files this task changed:', inChanged],
    [`New problems in other files${input.command ? ` (from \`${input.command}\`)` : ''}:`, elsewhere],
  ] as const) {
    if (list.length === 0) continue;
    room -= heading.length + 2;
    const lines: string[] = [];
    for (const p of list) {
      const line = formatProblem(p);
      if (line.length + 1 > room) {
        left.push(p);
        continue;
      }
      lines.push(line);
      room -= line.length + 1;
    }
    if (lines.length > 0) sections.push(`${heading}\n${lines.join('\n')}`);
  }
  if (left.length > 0) sections.push(`… and ${left.length} more new problem${left.length === 1 ? '' : 's'} not shown: ${perFile(left)}.`);
  if (unplacedText) sections.push(unplacedText);
  if (beforeText) sections.push(beforeText);
  return sections.join('\n\n');
}

function alreadyFailing(all: readonly Problem[]): string {
  const before = unique(all);
  if (before.length === 0) return '';
  const files = new Set(before.map((p) => p.path || '(no file)'));
  const examples = before.slice(0, MAX_BEFORE_EXAMPLES).map((p) => formatProblem(p));
  return `Already failing before this task (not caused by it; leave these alone unless the task is about them): ${before.length} problem${before.length === 1 ? '' : 's'} in ${files.size} file${files.size === 1 ? '' : 's'}, for example:\n${examples.join('\n')}`;
}

/** "src/a.ts (12), src/b.ts (3), and 4 other files". */
export function perFile(problems: readonly Problem[], shown = 5): string {
  const counts = new Map<string, number>();
  for (const p of problems) counts.set(p.path || '(no file)', (counts.get(p.path || '(no file)') ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const named = ranked.slice(0, shown).map(([f, n]) => `${f} (${n})`);
  const rest = ranked.length - shown;
  return rest > 0 ? `${named.join(', ')}, and ${rest} other file${rest === 1 ? '' : 's'}` : named.join(', ');
}
