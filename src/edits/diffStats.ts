/** Line counts for a change, shown next to each proposal ("+12 −3"). */
import { diffLines } from 'diff';

export interface LineDiffStats {
  added: number;
  removed: number;
}

/**
 * Myers' diff slows down sharply with many scattered changes (a thousand changed lines in a
 * 10,000-line file takes a quarter second). Past this budget we count lines without a partner
 * on the other side instead, which is exact unless lines moved: fine for a badge, unlike a
 * frozen extension host.
 */
const DIFF_BUDGET_MS = 50;

/** `undefined` stands for a file that does not exist (created or deleted). */
export function lineDiffStats(before: string | undefined, after: string | undefined): LineDiffStats {
  const a = before ?? '';
  const b = after ?? '';
  if (a === b) return { added: 0, removed: 0 };
  const changes = diffLines(a, b, { timeout: DIFF_BUDGET_MS });
  if (!changes) return unpairedLines(a, b);
  let added = 0;
  let removed = 0;
  for (const c of changes) {
    if (c.added) added += c.count;
    else if (c.removed) removed += c.count;
  }
  return { added, removed };
}

function unpairedLines(a: string, b: string): LineDiffStats {
  const left = new Map<string, number>();
  const x = splitLines(a);
  for (const line of x) left.set(line, (left.get(line) ?? 0) + 1);
  let added = 0;
  for (const line of splitLines(b)) {
    const n = left.get(line) ?? 0;
    if (n > 0) left.set(line, n - 1);
    else added++;
  }
  let removed = 0;
  for (const n of left.values()) removed += n;
  return { added, removed };
}

/** Lines as `diffLines` counts them: a final newline ends the last line rather than starting another. */
function splitLines(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}
