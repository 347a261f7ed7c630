/**
 * Applies `edit_file`'s search/replace blocks to a file's text. A block matches where it occurs
 * exactly, or as whole lines once indentation, trailing spaces and blank lines are set aside,
 * because models copy code from memory with exactly these kinds of drift. Every rule that would
 * accept a place is asked at once, and the edit is made only when they all point at one place:
 * two places under any rule is ambiguous, never settled by which rule was tried first. Anything
 * looser risks editing the wrong place, so beyond that we refuse and show the closest region.
 */
import { findClosest, type ClosestRegion } from './closest';
import { replacementElision, searchElision } from './elision';
import { detectUnit, type IndentUnit, type Reindent } from './indent';
import { blockLines, isBlank, LineCounter, lineNumbersAt } from './lines';
import { countNewlines, indentRule, planLineEdit } from './lineReplace';
import { judgeExact, locate, type LineCandidate } from './locate';
import { PieceText } from './pieceText';
import { renderRuns, splitFormat, toLf } from './textFormat';

export type { ClosestRegion } from './closest';

export interface SearchReplace {
  search: string;
  replace: string;
}

/**
 * How a block was found: `exact`; `whitespace` (whole lines, only trailing whitespace differed);
 * `indentation` (whole lines at another depth or tab style: the replacement was re-indented);
 * `blank-lines` (also ignoring blank lines).
 */
export type MatchStrategy = 'exact' | 'whitespace' | 'indentation' | 'blank-lines';

export interface MatchInfo {
  editIndex: number;
  strategy: MatchStrategy;
  /** 1-based lines of the matched region, in the text as it was when this edit was applied. */
  startLine: number;
  endLine: number;
  reindented: boolean;
}

export type ApplyResult =
  | { ok: true; text: string; applied: MatchInfo[] }
  /** `editIndex` is the failing edit (0-based), -1 when the call as a whole was wrong. */
  | { ok: false; error: string; editIndex: number; closest?: ClosestRegion };

type StepResult = { ok: true; info: MatchInfo } | { ok: false; error: string; closest?: ClosestRegion };

/** What one edit needs besides its own text; shared by all edits of a call. */
interface StepContext {
  editIndex: number;
  lines: LineCounter;
  fileUnit: () => IndentUnit | undefined;
}

/** Indentation is guessed from this much of the file: enough for any real file's habits, and a 10 MB file is not split whole. */
const UNIT_SAMPLE = 256 * 1024;

/**
 * Applies all edits or none. Each edit matches against the text left by the ones before it, in
 * LF form; the result keeps the file's bytes wherever the edits did not write (each line's own
 * ending, the BOM) and its final newline (or lack of one). The edits splice a piece table, so the
 * file is copied once per call, not once per edit.
 */
export function applyEdits(text: string, edits: readonly SearchReplace[]): ApplyResult {
  if (edits.length === 0) return { ok: false, error: 'No edits were given.', editIndex: -1 };
  const { body: original, format, endings } = splitFormat(text);
  let unit: IndentUnit | undefined | null = null;
  const fileUnit = () => (unit === null ? (unit = detectUnit(original.slice(0, UNIT_SAMPLE).split('\n'))) : unit);
  const lines = new LineCounter();
  const body = new PieceText(original);
  const applied: MatchInfo[] = [];
  for (let i = 0; i < edits.length; i++) {
    const step = applyOne(body, edits[i], { editIndex: i, lines, fileUnit });
    if (!step.ok) {
      const label = edits.length > 1 ? `Edit ${i + 1} of ${edits.length}` : 'The edit';
      const note = edits.length > 1 ? ' No edit in this call was applied; send them again once fixed.' : '';
      const counted = i > 0 && step.closest ? ` Line numbers count as if edits 1–${i} were applied.` : '';
      return { ok: false, error: `${label}: ${step.error}${note}${counted}`, editIndex: i, closest: step.closest };
    }
    applied.push(step.info);
  }
  // The final newline is put back or taken away as the original had it: a replacement's trailing
  // newline at the end of a file is nearly always an accident, and a silent change is diff noise.
  const len = body.length;
  if (len > 0) {
    const endsNl = body.slice(len - 1) === '\n';
    if (format.finalNewline && !endsNl) body.splice(len, len, '\n');
    else if (!format.finalNewline && endsNl) body.splice(len - 1, len, '');
  }
  const raw = format.bom ? text.slice(1) : text;
  return { ok: true, text: renderRuns(body.runs(), raw, original, endings, format), applied };
}

/** One place a search matches: an exact occurrence, or a run of lines with the rule that maps its indentation. */
type Place = { kind: 'exact'; hit: number } | { kind: 'lines'; c: LineCandidate; rule: Reindent | 'same' };

/** Matches one edit and, when it is found in one place, splices it into `body`. */
function applyOne(body: PieceText, edit: SearchReplace, ctx: StepContext): StepResult {
  const search = toLf(edit.search);
  let replace = toLf(edit.replace);
  if (search === '') return { ok: false, error: 'the search text is empty. Give the exact lines to replace, with a little context.' };
  if (isBlank(search)) return { ok: false, error: 'the search text is only whitespace. Include at least one line with text on it.' };
  // A search of whole lines with a replacement missing its last newline would glue the next line on.
  if (search.endsWith('\n') && replace !== '' && !replace.endsWith('\n')) replace += '\n';
  const searchLines = blockLines(search);
  const replaceLines = blockLines(replace);
  const elided = replacementElision(searchLines, replaceLines);
  if (elided !== -1) {
    return {
      ok: false,
      error: `line ${elided + 1} of the replacement, "${replaceLines[elided].trim()}", stands for code left out: it would be written into the file as it is and the code it stands for deleted. Write the lines out in full, or make smaller edits that leave that code outside the search text.`,
    };
  }

  const places: Place[] = [];
  const partial: number[] = [];
  const exactHits: number[] = [];
  const found = locate(body, search, searchLines);
  for (const hit of found.exact) {
    const kind = judgeExact(body, hit, search, searchLines);
    if (kind === 'ok') exactHits.push(hit);
    else if (kind === 'partial') partial.push(hit);
  }
  for (const hit of exactHits) places.push({ kind: 'exact', hit });
  const misnested: LineCandidate[] = [];
  for (const c of found.lines) {
    // The same place found exactly: one place, taken exactly.
    if (coveredBy(exactHits, search.length, c.probe.start, c.probe.end)) continue;
    const rule = indentRule(c, searchLines, replaceLines, ctx.fileUnit);
    if (rule) places.push({ kind: 'lines', c, rule });
    else misnested.push(c);
  }
  if (places.length > 1) {
    const starts = places.map((p) => (p.kind === 'exact' ? p.hit : p.c.start)).sort((a, b) => a - b);
    return ambiguous(places.length, lineNumbersAt(body, starts));
  }
  if (places.length === 1) {
    const place = places[0];
    if (place.kind === 'exact') return exactEdit(body, place.hit, search, replace, searchLines.length, ctx);
    return lineEdit(body, place.c, place.rule, searchLines, replaceLines, ctx);
  }
  return notFound(body, search, searchLines, misnested, partial, ctx);
}

/** Whether one of the ascending exact `hits` (each `len` long) overlaps `[start, end]`. */
function coveredBy(hits: readonly number[], len: number, start: number, end: number): boolean {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid] + len < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < hits.length && hits[lo] <= end;
}

function exactEdit(body: PieceText, hit: number, search: string, replace: string, height: number, ctx: StepContext): StepResult {
  const startLine = ctx.lines.lineAt(body, hit);
  ctx.lines.keep(hit, startLine);
  const info: MatchInfo = { editIndex: ctx.editIndex, strategy: 'exact', startLine, endLine: startLine + height - 1, reindented: false };
  body.splice(hit, hit + search.length, replace);
  return { ok: true, info };
}

function lineEdit(body: PieceText, c: LineCandidate, rule: Reindent | 'same', searchLines: string[], replaceLines: string[], ctx: StepContext): StepResult {
  const startLine = ctx.lines.lineAt(body, c.start);
  const plan = planLineEdit(body, c, searchLines, replaceLines, rule);
  if (!plan.ok) {
    const endLine = startLine + c.lines.length - 1;
    const at = startLine + (plan.why === 'blank-lines' ? plan.line : 0);
    return {
      ok: false,
      error: `the search text matches lines ${startLine}–${endLine} only by leaving out the blank line(s) the file has at line ${at}, and the replacement changes the lines around them, so they would be lost or misplaced. Include those blank lines in the search text (and in the replacement where they belong).`,
      closest: { startLine, endLine, text: c.lines.join('\n'), similarity: 1 },
    };
  }
  ctx.lines.keep(c.start, startLine);
  const strategy: MatchStrategy = c.skipped ? 'blank-lines' : rule === 'same' ? 'whitespace' : 'indentation';
  const endLine = startLine + countNewlines(body, c.start, c.end);
  const info: MatchInfo = { editIndex: ctx.editIndex, strategy, startLine, endLine, reindented: plan.reindented };
  body.splice(plan.splice.start, plan.splice.end, plan.splice.text);
  return { ok: true, info };
}

/** No place matched: say why as precisely as we can, with the part of the file the model should copy from. */
function notFound(body: PieceText, search: string, searchLines: string[], misnested: LineCandidate[], partial: number[], ctx: StepContext): StepResult {
  const elided = searchElision(searchLines);
  if (elided !== -1) {
    return {
      ok: false,
      error: `the search text was not found, and line ${elided + 1} of it, "${searchLines[elided].trim()}", looks like an elision standing for lines left out. The search text must quote the file's lines in full, exactly; to change lines far apart, send one edit for each.`,
    };
  }
  if (misnested.length > 0) {
    const c = misnested[0];
    const startLine = ctx.lines.lineAt(body, c.start);
    const endLine = startLine + c.lines.length - 1;
    const also = misnested.length > 1 ? ` (and ${misnested.length - 1} more place(s))` : '';
    return {
      ok: false,
      error: `the search text matches lines ${startLine}–${endLine}${also} only if its lines are nested differently: the file indents them relative to each other in another way (see "closest"), so the replacement's indentation cannot be trusted. Copy the lines with their indentation as they are in the file.`,
      closest: { startLine, endLine, text: c.lines.join('\n'), similarity: 1 },
    };
  }
  if (partial.length > 0) {
    const hit = partial[0];
    const start = hit === 0 ? 0 : body.lastIndexOf('\n', hit - 1) + 1;
    let end = body.indexOf('\n', hit + Math.max(0, search.length - 1));
    if (end === -1) end = body.length;
    const text = body.slice(start, end);
    const startLine = ctx.lines.lineAt(body, start);
    const endLine = startLine + countNewlines(body, start, end);
    const shape = search.endsWith('\n') ? 'whole lines, which match only whole lines' : 'text that must not start or end in the middle of a name';
    return {
      ok: false,
      error: `the search text occurs only as part of longer text, at line ${startLine} (in "closest"); it is written as ${shape}. Copy the lines from the file exactly, whole.`,
      closest: { startLine, endLine, text, similarity: search.length / Math.max(1, text.length) },
    };
  }
  const closest = findClosest(body.toString(), search);
  const hint = closest
    ? ` The most similar part of the file is lines ${closest.startLine}–${closest.endLine} (in "closest"); copy the search text from there exactly.`
    : ' Read the file again and copy the search text from it exactly.';
  return { ok: false, error: `the search text was not found, not even ignoring indentation, trailing spaces and blank lines.${hint}`, closest };
}

function ambiguous(count: number, lines: number[]): StepResult {
  const unique = [...new Set(lines)];
  const shown = unique.slice(0, 10).join(', ') + (unique.length > 10 ? ', …' : '');
  return {
    ok: false,
    error: `the search text matches ${count} places (lines ${shown}). Add a few surrounding lines to the search text so it matches only one place.`,
  };
}
