/**
 * Applies `edit_file`'s search/replace blocks to a file's text. Matching goes from strict to
 * tolerant (exact, then whole lines ignoring indentation and trailing spaces, then also ignoring
 * blank lines) because models copy code from memory with exactly these kinds of drift; anything
 * looser risks editing the wrong place, so beyond that we refuse and show the closest region.
 */
import { findClosest, type ClosestRegion } from './closest';
import { detectUnit, type IndentUnit } from './indent';
import { blockLines, isBlank, LineCounter, lineNumbersAt } from './lines';
import { countNewlines, replaceMatchedLines } from './lineReplace';
import { findExact, findLineMatches, type LineCandidate } from './locate';
import { PieceText } from './pieceText';
import { joinFormat, splitFormat, toLf } from './textFormat';

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

/**
 * Applies all edits or none. Each edit matches against the text left by the ones before it, in
 * LF form; the result keeps the file's line endings, BOM and final newline (or lack of one). The
 * edits splice a piece table, so the file is copied once per call, not once per edit.
 */
export function applyEdits(text: string, edits: readonly SearchReplace[]): ApplyResult {
  if (edits.length === 0) return { ok: false, error: 'No edits were given.', editIndex: -1 };
  const { body: original, format } = splitFormat(text);
  let unit: IndentUnit | undefined | null = null;
  const fileUnit = () => (unit === null ? (unit = detectUnit(original.split('\n'))) : unit);
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
  return { ok: true, text: joinFormat(body.toString(), format), applied };
}

/** Matches one edit and, when it is found, splices it into `body`. */
function applyOne(body: PieceText, edit: SearchReplace, ctx: StepContext): StepResult {
  const search = toLf(edit.search);
  let replace = toLf(edit.replace);
  if (search === '') return { ok: false, error: 'the search text is empty. Give the exact lines to replace, with a little context.' };
  if (isBlank(search)) return { ok: false, error: 'the search text is only whitespace. Include at least one line with text on it.' };
  // A search of whole lines with a replacement missing its last newline would glue the next line on.
  if (search.endsWith('\n') && replace !== '' && !replace.endsWith('\n')) replace += '\n';
  const searchLines = blockLines(search);
  const replaceLines = blockLines(replace);

  const exact = findExact(body, search);
  if (exact.length > 1) return ambiguous(exact.length, lineNumbersAt(body, exact));
  if (exact.length === 1) {
    const hit = exact[0];
    // One line found inside a line's indentation ("b();" in "    b();"): a replacement of several
    // lines would keep the model's indentation after its first line, so take the re-indenting
    // path. A longer search is left exact: its other lines matched the file's indentation as is.
    const lineStart = body.lastIndexOf('\n', hit - 1) + 1;
    if (hit > lineStart && isBlank(body.slice(lineStart, hit)) && searchLines.length === 1 && replaceLines.length > 1) {
      const same = findLineMatches(body, searchLines, false).filter((c) => c.start === lineStart);
      if (same.length === 1) return lineEdit(body, same[0], searchLines, replaceLines, false, ctx);
    }
    const startLine = ctx.lines.lineAt(body, hit);
    ctx.lines.keep(hit, startLine);
    const info: MatchInfo = { editIndex: ctx.editIndex, strategy: 'exact', startLine, endLine: startLine + searchLines.length - 1, reindented: false };
    body.splice(hit, hit + search.length, replace);
    return { ok: true, info };
  }

  for (const skipBlankLines of [false, true]) {
    const found = findLineMatches(body, searchLines, skipBlankLines);
    if (found.length === 0) continue;
    const chosen = pick(found);
    if (!chosen) return ambiguous(found.length, lineNumbersAt(body, found.map((c) => c.start)));
    return lineEdit(body, chosen, searchLines, replaceLines, skipBlankLines, ctx);
  }
  const closest = findClosest(body.toString(), search);
  const hint = closest
    ? ` The most similar part of the file is lines ${closest.startLine}–${closest.endLine} (in "closest"); copy the search text from there exactly.`
    : ' Read the file again and copy the search text from it exactly.';
  return { ok: false, error: `the search text was not found, not even ignoring indentation, trailing spaces and blank lines.${hint}`, closest };
}

function lineEdit(body: PieceText, c: LineCandidate, searchLines: string[], replaceLines: string[], skipBlankLines: boolean, ctx: StepContext): StepResult {
  const startLine = ctx.lines.lineAt(body, c.start);
  ctx.lines.keep(c.start, startLine);
  const strategy: MatchStrategy = skipBlankLines ? 'blank-lines' : c.sameIndent ? 'whitespace' : 'indentation';
  const endLine = startLine + countNewlines(body, c.start, c.end);
  const info: MatchInfo = { editIndex: ctx.editIndex, strategy, startLine, endLine, reindented: !c.sameIndent };
  const splice = replaceMatchedLines(body, c, searchLines, replaceLines, skipBlankLines, ctx.fileUnit);
  body.splice(splice.start, splice.end, splice.text);
  return { ok: true, info };
}

/** Several tolerant matches are fine if exactly one also has the model's indentation. */
function pick(found: LineCandidate[]): LineCandidate | undefined {
  if (found.length === 1) return found[0];
  const same = found.filter((c) => c.sameIndent);
  return same.length === 1 ? same[0] : undefined;
}

function ambiguous(count: number, lines: number[]): StepResult {
  const unique = [...new Set(lines)];
  const shown = unique.slice(0, 10).join(', ') + (unique.length > 10 ? ', …' : '');
  return {
    ok: false,
    error: `the search text matches ${count} places (lines ${shown}). Add a few surrounding lines to the search text so it matches only one place.`,
  };
}
