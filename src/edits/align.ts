/** Which replacement lines are search lines the model left as they were. */

/** Above this many cells the middle is not aligned (only the common start and end are): a guess is never needed for safety. */
const MAX_CELLS = 4_000_000;

/**
 * Pairs of (search line, replacement line) indices that a longest common subsequence keeps,
 * comparing lines without their trailing whitespace.
 */
export function keptLines(search: readonly string[], replacement: readonly string[]): Map<number, number> {
  const a = search.map((l) => l.trimEnd());
  const b = replacement.map((l) => l.trimEnd());
  const kept = new Map<number, number>();
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) kept.set(head, head++);
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) {
    kept.set(a.length - 1 - tail, b.length - 1 - tail);
    tail++;
  }
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) return kept;
  // lcs[i * (m + 1) + j]: length of the LCS of a[head + i..] and b[head + j..] (within the middle).
  const w = m + 1;
  const lcs = new Int32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[head + i] === b[head + j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
    }
  }
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[head + i] === b[head + j]) {
      kept.set(head + i, head + j);
      i++;
      j++;
    } else if (lcs[(i + 1) * w + j] >= lcs[i * w + j + 1]) i++;
    else j++;
  }
  return kept;
}
