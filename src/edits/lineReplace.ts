/** Replacing a run of whole lines found by a tolerant match, re-indenting when the depth drifted. */
import { detectUnit, reindentLines, type IndentUnit } from './indent';
import { isBlank, leadingWhitespace } from './lines';
import type { LineCandidate } from './locate';
import type { Text } from './pieceText';

/** Replace `[start, end)` of the text with `text`. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** The splice that replaces the candidate's lines with `replacement`. */
export function replaceMatchedLines(
  body: Text,
  c: LineCandidate,
  searchLines: readonly string[],
  replacement: readonly string[],
  skipBlankLines: boolean,
  fileUnit: () => IndentUnit | undefined,
): Splice {
  let lines = skipBlankLines ? trimBlankEdges(replacement, searchLines) : replacement;
  if (!c.sameIndent) {
    const anchorLine = searchLines.find((l) => !isBlank(l)) ?? '';
    lines = reindentLines(lines, {
      searchAnchor: leadingWhitespace(anchorLine),
      fileAnchor: c.fileAnchor,
      modelUnit: detectUnit([...searchLines, ...replacement]),
      fileUnit: fileUnit(),
    });
  }
  return spliceLines(body, c.start, c.end, lines);
}

/**
 * A blank-line-tolerant match covers only the search block's non-blank lines, so blank lines the
 * search had at its edges are dropped from the replacement too (as many as the search had).
 */
function trimBlankEdges(lines: readonly string[], searchLines: readonly string[]): readonly string[] {
  let lead = searchLines.findIndex((l) => !isBlank(l));
  let trail = 0;
  while (trail < searchLines.length && isBlank(searchLines[searchLines.length - 1 - trail])) trail++;
  let from = 0;
  let to = lines.length;
  while (lead-- > 0 && from < to && isBlank(lines[from])) from++;
  while (trail-- > 0 && to > from && isBlank(lines[to - 1])) to--;
  return lines.slice(from, to);
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
