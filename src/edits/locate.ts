/**
 * Finding where a search block sits in the text: exact occurrences, and runs of whole lines that
 * match once indentation, trailing spaces and (optionally) blank lines are ignored. Every finder
 * works on offsets in the one LF text and only looks closely at lines that contain the block's
 * longest line, so one edit costs about one `indexOf` pass over the file.
 */
import { isBlank, lineAt, lineText, nextLine, prevLine, type LineSpan } from './lines';
import type { Text } from './pieceText';

/** Offsets of every occurrence of `search`, overlapping ones included (they are still ambiguous). */
export function findExact(body: Text, search: string): number[] {
  const hits: number[] = [];
  for (let i = body.indexOf(search); i !== -1; i = body.indexOf(search, i + 1)) hits.push(i);
  return hits;
}

/**
 * What an exact occurrence is worth. `ok`: it is a match. `indented`: one line found after a
 * line's indentation and running to its end, which the line finder judges (it re-indents the
 * replacement). `partial`: it starts or ends inside a line or a name the search does not cover,
 * so it is no match at all (`count = 0⏎` inside `total_count = 0⏎`, `count` inside `counter`).
 */
export type ExactKind = 'ok' | 'indented' | 'partial';

/** Letters, digits, `_` and `$`: the characters a name is made of in the languages we edit. */
const NAME = /[\p{L}\p{N}_$]/u;

function isNameChar(ch: string): boolean {
  return ch !== '' && NAME.test(ch);
}

export function judgeExact(body: Text, hit: number, search: string, searchLines: readonly string[]): ExactKind {
  const end = hit + search.length;
  const wholeLines = search.endsWith('\n');
  // A search that starts with a newline starts at the end of a line: nothing before it is cut.
  const lineStart = search.startsWith('\n') ? hit : hit === 0 ? 0 : body.lastIndexOf('\n', hit - 1) + 1;
  const prefix = body.slice(lineStart, hit);
  const atLineEnd = wholeLines || end === body.length || body.slice(end, end + 1) === '\n';
  if (prefix !== '' && isBlank(prefix) && atLineEnd) {
    // Whole lines, the first found after part of its indentation. With more lines the others
    // matched as they are, so the first keeps the file's indentation; one line is re-indented.
    return searchLines.length > 1 ? 'ok' : 'indented';
  }
  if (wholeLines && prefix !== '') return 'partial';
  if (isNameChar(search.charAt(0)) && isNameChar(body.slice(hit - 1, hit))) return 'partial';
  if (!wholeLines && isNameChar(search.charAt(search.length - 1)) && isNameChar(body.slice(end, end + 1))) return 'partial';
  return 'ok';
}

/** A run of whole lines that matches the search lines once indentation and trailing spaces are set aside. */
export interface LineCandidate {
  /** Offset where the first matched line starts. */
  start: number;
  /** Offset where the last matched line ends (before its newline). */
  end: number;
  /** The file's lines from `start` to `end`. */
  lines: string[];
  /** For each search line, the index in `lines` of the line it matched; -1 for a blank search line left out. */
  at: number[];
  /** Blank lines were left out of the comparison, on the file's side or the search's. */
  skipped: boolean;
  /** The file line the search's longest line matched: where this candidate is. */
  probe: LineSpan;
}

/**
 * Whole-line matches ignoring leading and trailing whitespace. Where the lines do not match one
 * for one, a match that leaves blank lines out (on either side) is tried at the same place; it
 * then runs from the first to the last non-blank line.
 */
export function findLineMatches(body: Text, searchLines: readonly string[]): LineCandidate[] {
  const trimmed = searchLines.map((l) => l.trim());
  let probe = -1;
  for (let i = 0; i < trimmed.length; i++) if (trimmed[i] !== '' && (probe === -1 || trimmed[i].length > trimmed[probe].length)) probe = i;
  if (probe === -1) return [];
  const found: LineCandidate[] = [];
  for (let pos = 0; pos <= body.length; ) {
    const hit = body.indexOf(trimmed[probe], pos);
    if (hit === -1) break;
    const line = lineAt(body, hit);
    pos = line.end + 1;
    if (lineText(body, line).trim() !== trimmed[probe]) continue;
    const candidate = strict(body, line, trimmed, probe) ?? skipping(body, line, trimmed, probe);
    if (candidate) found.push(candidate);
  }
  return found;
}

/** Every search line against one file line, blank lines included. */
function strict(body: Text, probeLine: LineSpan, trimmed: readonly string[], probe: number): LineCandidate | undefined {
  const before: string[] = [];
  let first = probeLine;
  for (let j = probe - 1; j >= 0; j--) {
    const prev = prevLine(body, first);
    if (!prev) return undefined;
    const text = lineText(body, prev);
    if (text.trim() !== trimmed[j]) return undefined;
    before.push(text);
    first = prev;
  }
  const after: string[] = [];
  let last = probeLine;
  for (let j = probe + 1; j < trimmed.length; j++) {
    const next = nextLine(body, last);
    if (!next) return undefined;
    const text = lineText(body, next);
    if (text.trim() !== trimmed[j]) return undefined;
    after.push(text);
    last = next;
  }
  const lines = [...before.reverse(), lineText(body, probeLine), ...after];
  return { start: first.start, end: last.end, lines, at: lines.map((_, i) => i), skipped: false, probe: probeLine };
}

/** The non-blank search lines against the non-blank file lines, in order. */
function skipping(body: Text, probeLine: LineSpan, trimmed: readonly string[], probe: number): LineCandidate | undefined {
  // File lines from the probe outwards, each with the search line it matched (-1: a blank one skipped).
  const up: Array<[string, number]> = [];
  let first = probeLine;
  for (let j = probe - 1; j >= 0; j--) {
    if (trimmed[j] === '') continue;
    let prev = prevLine(body, first);
    const blanks: string[] = [];
    while (prev && isBlank(lineText(body, prev))) {
      blanks.push(lineText(body, prev));
      prev = prevLine(body, prev);
    }
    if (!prev || lineText(body, prev).trim() !== trimmed[j]) return undefined;
    for (const b of blanks) up.push([b, -1]);
    up.push([lineText(body, prev), j]);
    first = prev;
  }
  const down: Array<[string, number]> = [];
  let last = probeLine;
  for (let j = probe + 1; j < trimmed.length; j++) {
    if (trimmed[j] === '') continue;
    let next = nextLine(body, last);
    const blanks: string[] = [];
    while (next && isBlank(lineText(body, next))) {
      blanks.push(lineText(body, next));
      next = nextLine(body, next);
    }
    if (!next || lineText(body, next).trim() !== trimmed[j]) return undefined;
    for (const b of blanks) down.push([b, -1]);
    down.push([lineText(body, next), j]);
    last = next;
  }
  const rows = [...up.reverse(), [lineText(body, probeLine), probe] as [string, number], ...down];
  const at = trimmed.map(() => -1);
  rows.forEach(([, j], i) => {
    if (j !== -1) at[j] = i;
  });
  return { start: first.start, end: last.end, lines: rows.map(([l]) => l), at, skipped: true, probe: probeLine };
}
