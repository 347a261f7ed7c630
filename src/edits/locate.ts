/**
 * Finding where a search block sits in the text, from strict to tolerant. Every finder works on
 * offsets in the one LF string and only looks closely at lines that contain the block's first
 * line, so one edit costs about one `indexOf` pass over the file.
 */
import { isBlank, leadingWhitespace, lineAt, lineText, nextLine, prevLine, type LineSpan } from './lines';
import type { Text } from './pieceText';

/** Offsets of every occurrence of `search`, overlapping ones included (they are still ambiguous). */
export function findExact(body: Text, search: string): number[] {
  const hits: number[] = [];
  for (let i = body.indexOf(search); i !== -1; i = body.indexOf(search, i + 1)) hits.push(i);
  return hits;
}

/** A run of whole lines that matches the search lines once edges are trimmed. */
export interface LineCandidate {
  /** Offset where the first matched line starts. */
  start: number;
  /** Offset where the last matched line ends (before its newline). */
  end: number;
  /** Every compared line has the same indentation as the model's; only trailing whitespace differed. */
  sameIndent: boolean;
  /** Indentation of the file line matched by the first non-blank search line. */
  fileAnchor: string;
}

/**
 * Whole-line matches ignoring leading and trailing whitespace. With `skipBlankLines`, blank lines
 * on either side are left out of the comparison, so a block matches across added or removed
 * blank lines; the match then runs from the first to the last non-blank line.
 */
export function findLineMatches(body: Text, searchLines: readonly string[], skipBlankLines: boolean): LineCandidate[] {
  const pattern = skipBlankLines ? searchLines.filter((l) => !isBlank(l)) : searchLines;
  const trimmed = pattern.map((l) => l.trim());
  const anchor = trimmed.findIndex((l) => l !== '');
  if (anchor === -1) return [];
  const found: LineCandidate[] = [];
  for (let pos = 0; pos <= body.length; ) {
    const hit = body.indexOf(trimmed[anchor], pos);
    if (hit === -1) break;
    const line = lineAt(body, hit);
    pos = line.end + 1;
    if (lineText(body, line).trim() !== trimmed[anchor]) continue;
    const candidate = extend(body, line, pattern, trimmed, anchor, skipBlankLines);
    if (candidate) found.push(candidate);
  }
  return found;
}

function extend(
  body: Text,
  anchorLine: LineSpan,
  pattern: readonly string[],
  trimmed: readonly string[],
  anchor: number,
  skipBlankLines: boolean,
): LineCandidate | undefined {
  const anchorText = lineText(body, anchorLine);
  let sameIndent = anchorText.trimEnd() === pattern[anchor].trimEnd();
  // Lines before the anchor are blank in the pattern (it is the first non-blank one).
  let first = anchorLine;
  for (let j = anchor - 1; j >= 0; j--) {
    const prev = prevLine(body, first);
    if (!prev || !isBlank(lineText(body, prev))) return undefined;
    first = prev;
  }
  let last = anchorLine;
  for (let j = anchor + 1; j < pattern.length; j++) {
    let next = nextLine(body, last);
    while (skipBlankLines && next && isBlank(lineText(body, next))) next = nextLine(body, next);
    if (!next) return undefined;
    const text = lineText(body, next);
    if (text.trim() !== trimmed[j]) return undefined;
    if (text.trimEnd() !== pattern[j].trimEnd()) sameIndent = false;
    last = next;
  }
  return { start: first.start, end: last.end, sameIndent, fileAnchor: leadingWhitespace(anchorText) };
}
