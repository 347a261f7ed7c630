/**
 * Replacing a run of whole lines found by a tolerant match. The replacement keeps the structure
 * the model wrote: it is moved to the file's indentation by a rule that is first proven on the
 * search lines (it must turn each of them into the file line it matched), lines the model left
 * unchanged are written back as the file has them, and blank lines the search left out stay.
 */
import { keptLines } from './align';
import { detectUnit, reindentLines, type IndentUnit, type Reindent } from './indent';
import { isBlank, leadingWhitespace } from './lines';
import type { LineCandidate } from './locate';
import type { Text } from './pieceText';

/** Replace `[start, end)` of the text with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export type LinePlan =
  | { ok: true; splice: Splice; reindented: boolean }
  /**
   * `nesting`: the search matches only with another relative indentation than the file's.
   * `blank-lines`: the search left out blank lines the file has, where the replacement changes
   * the lines around them; `line` is the first of them, 0-based within the candidate.
   */
  | { ok: false; why: 'nesting' }
  | { ok: false; why: 'blank-lines'; line: number; count: number };

/** How the search's indentation maps onto the file's, or `undefined` when no rule maps every line. */
export function indentRule(
  c: LineCandidate,
  searchLines: readonly string[],
  replacement: readonly string[],
  fileUnit: () => IndentUnit | undefined,
): Reindent | 'same' | undefined {
  const pairs: Array<[string, string]> = [];
  searchLines.forEach((l, i) => {
    if (!isBlank(l) && c.at[i] !== -1) pairs.push([l, c.lines[c.at[i]]]);
  });
  if (pairs.every(([s, f]) => leadingWhitespace(s) === leadingWhitespace(f))) return 'same';
  const [searchAnchor, fileAnchor] = pairs[0].map(leadingWhitespace);
  const units = [detectUnit([...searchLines, ...replacement]), fileUnit(), detectUnit(searchLines)];
  for (const modelUnit of units) {
    const rule: Reindent = { searchAnchor, fileAnchor, modelUnit, fileUnit: fileUnit() };
    const moved = reindentLines(pairs.map(([s]) => s), rule);
    if (moved.every((m, i) => leadingWhitespace(m) === leadingWhitespace(pairs[i][1]))) return rule;
  }
  return undefined;
}

/** The splice that replaces the candidate's lines with `replacement`, or why it must not be made. */
export function planLineEdit(
  body: Text,
  c: LineCandidate,
  searchLines: readonly string[],
  replacement: readonly string[],
  rule: Reindent | 'same',
): LinePlan {
  let first = 0;
  let last = searchLines.length;
  let model = replacement;
  if (c.skipped) {
    // The match covers the search's non-blank lines only; blank lines at its edges go from the replacement too.
    while (first < last && c.at[first] === -1) first++;
    while (last > first && c.at[last - 1] === -1) last--;
    model = trimBlankEdges(replacement, first, searchLines.length - last);
  }
  const out = rule === 'same' ? [...model] : reindentLines(model, rule);
  const kept = keptLines(searchLines.slice(first, last), model);
  for (const [s, r] of kept) {
    const at = c.at[first + s];
    if (at !== -1) out[r] = c.lines[at];
  }
  if (c.skipped) {
    const gaps = restoreBlankGaps(c, first, last, kept, out);
    if (!gaps.ok) return gaps;
  }
  return { ok: true, splice: spliceLines(body, c.start, c.end, out), reindented: rule !== 'same' };
}

/** Drops up to `lead` blank lines from the start of `lines` and up to `trail` from the end. */
function trimBlankEdges(lines: readonly string[], lead: number, trail: number): readonly string[] {
  let from = 0;
  let to = lines.length;
  while (lead-- > 0 && from < to && isBlank(lines[from])) from++;
  while (trail-- > 0 && to > from && isBlank(lines[to - 1])) to--;
  return lines.slice(from, to);
}

interface GapEdit {
  from: number;
  to: number;
  lines: string[];
  /** Where the file's blank lines are, 0-based within the candidate, and how many the search left out. */
  line: number;
  count: number;
}

/**
 * Where the file has another number of blank lines between two search lines than the search,
 * the file's blank lines are put back beside the line the replacement kept. When the replacement
 * changed the lines on both sides (or wrote new lines between them), where they belong is a guess:
 * refused if the file's blank lines would be lost, else the replacement stays as written.
 */
function restoreBlankGaps(
  c: LineCandidate,
  first: number,
  last: number,
  kept: ReadonlyMap<number, number>,
  out: string[],
): { ok: true } | { ok: false; why: 'blank-lines'; line: number; count: number } {
  const nonBlank: number[] = [];
  for (let i = first; i < last; i++) if (c.at[i] !== -1) nonBlank.push(i);
  const edits: GapEdit[] = [];
  for (let k = 0; k + 1 < nonBlank.length; k++) {
    const [a, b] = [nonBlank[k], nonBlank[k + 1]];
    const searchGap = b - a - 1;
    const fileGap = c.at[b] - c.at[a] - 1;
    if (searchGap === fileGap) continue;
    const fileBlanks = c.lines.slice(c.at[a] + 1, c.at[b]);
    const refuse = { ok: false as const, why: 'blank-lines' as const, line: c.at[a] + 1, count: fileGap - searchGap };
    const ka = kept.get(a - first);
    const kb = kept.get(b - first);
    if (ka !== undefined && kb !== undefined) {
      const between = out.slice(ka + 1, kb);
      if (between.length === searchGap && between.every(isBlank)) edits.push({ from: ka + 1, to: kb, lines: fileBlanks, line: refuse.line, count: refuse.count });
      else if (fileGap > searchGap) return refuse;
    } else if (fileGap < searchGap) {
      continue; // The search had blank lines the file lacks, and the replacement says what it wants there.
    } else if (ka !== undefined) {
      let run = 0;
      while (run < searchGap && ka + 1 + run < out.length && isBlank(out[ka + 1 + run])) run++;
      edits.push({ from: ka + 1, to: ka + 1 + run, lines: fileBlanks, line: refuse.line, count: refuse.count });
    } else if (kb !== undefined) {
      let run = 0;
      while (run < searchGap && kb - 1 - run >= 0 && isBlank(out[kb - 1 - run])) run++;
      edits.push({ from: kb - run, to: kb, lines: fileBlanks, line: refuse.line, count: refuse.count });
    } else {
      return refuse;
    }
  }
  edits.sort((x, y) => x.from - y.from);
  for (let i = 1; i < edits.length; i++) {
    // Two gaps landing on one spot (the lines between them deleted): one blank run or two is a guess.
    if (edits[i].from <= edits[i - 1].to) return { ok: false, why: 'blank-lines', line: edits[i - 1].line, count: edits[i - 1].count };
  }
  for (let i = edits.length - 1; i >= 0; i--) out.splice(edits[i].from, edits[i].to - edits[i].from, ...edits[i].lines);
  return { ok: true };
}

export function countNewlines(text: Text, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Deleting whole lines takes one of their newlines along, so no empty line is left behind. */
function spliceLines(body: Text, start: number, end: number, lines: readonly string[]): Splice {
  if (lines.length > 0) return { start, end, text: lines.join('\n') };
  if (end < body.length) return { start, end: end + 1, text: '' };
  return { start: Math.max(0, start - 1), end, text: '' };
}
