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

/** Where a search may apply: its exact occurrences, and its whole-line matches. */
export interface Located {
  /** Offsets of every exact occurrence, overlapping ones included (they are still ambiguous). */
  exact: number[];
  lines: LineCandidate[];
}

/**
 * One pass over the text for the search's rarest line (the probe): every exact occurrence holds
 * the probe at a known offset, and every whole-line match holds it as a line. Whole-line matches
 * ignore leading and trailing whitespace; where the lines do not match one for one, a match that
 * leaves blank lines out (on either side) is tried at the same place, running from the first to
 * the last non-blank line.
 */
export function locate(body: Text, search: string, searchLines: readonly string[]): Located {
  const trimmed = searchLines.map((l) => l.trim());
  const { probe, hits } = rarestLine(body, trimmed);
  if (probe === -1) return { exact: findExact(body, search), lines: [] };
  const shift = search.indexOf(trimmed[probe]);
  const exact: number[] = [];
  for (const hit of hits) {
    const at = hit - shift;
    if (at >= 0 && body.slice(at, at + search.length) === search) exact.push(at);
  }
  const lines: LineCandidate[] = [];
  let checkedUpTo = -1;
  for (const hit of hits) {
    if (hit <= checkedUpTo) continue; // Another hit on a line already looked at.
    const line = lineAt(body, hit);
    checkedUpTo = line.end;
    if (lineText(body, line).trim() !== trimmed[probe]) continue;
    const candidate = strict(body, line, trimmed, probe) ?? skipping(body, line, trimmed, probe);
    if (candidate) lines.push(candidate);
  }
  return { exact, lines };
}

/** Long lines tried as the probe; the one found least often wins. */
const PROBES = 3;
const COMMENT = /^(\/\/|\/\*|\*|#|--|<!--)/;

/**
 * The search line to look for first, with every offset where it occurs: of the longest few lines,
 * the one occurring least often in the text (a comment line repeated in every function would
 * make every one a candidate to check).
 */
function rarestLine(body: Text, trimmed: readonly string[]): { probe: number; hits: number[] } {
  // Comments repeat (doc comments, banners); lines of code carry the names that make a place unique.
  const byLength = trimmed
    .map((l, i) => [COMMENT.test(l) ? 0 : 1, l.length, i] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  const tried = new Set<string>();
  let best = { probe: -1, hits: [] as number[] };
  for (const [, , i] of byLength) {
    const line = trimmed[i];
    if (tried.has(line)) continue;
    tried.add(line);
    const hits: number[] = [];
    for (let at = body.indexOf(line); at !== -1 && (best.probe === -1 || hits.length < best.hits.length); at = body.indexOf(line, at + 1)) hits.push(at);
    if (best.probe === -1 || hits.length < best.hits.length) best = { probe: i, hits };
    if (tried.size === PROBES || best.hits.length <= 1) break;
  }
  return best;
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
