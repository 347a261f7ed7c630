/** Replacing a run of whole lines found by a tolerant match, re-indenting when the depth drifted. */
import { detectUnit, reindentLines, type IndentUnit } from './indent';
import { isBlank, leadingWhitespace } from './lines';
import type { LineCandidate } from './locate';

/** Returns the new text with the candidate's lines replaced by `replacement`. */
export function replaceMatchedLines(
  body: string,
  c: LineCandidate,
  searchLines: readonly string[],
  replacement: readonly string[],
  skipBlankLines: boolean,
  fileUnit: () => IndentUnit | undefined,
): string {
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

export function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Deleting whole lines takes one of their newlines along, so no empty line is left behind. */
function spliceLines(body: string, start: number, end: number, lines: readonly string[]): string {
  if (lines.length > 0) return body.slice(0, start) + lines.join('\n') + body.slice(end);
  if (end < body.length) return body.slice(0, start) + body.slice(end + 1);
  return start > 0 ? body.slice(0, start - 1) : '';
}
