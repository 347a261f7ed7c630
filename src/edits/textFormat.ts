/**
 * A file's line endings, byte-order mark and final newline, split off so matching works on plain
 * LF text and the result can be given back in the file's own bytes: lines an edit does not touch
 * keep their own ending (CRLF, LF or a lone CR, mixed or not), and new lines take the ending of
 * the line they are written into.
 */
export type Eol = '\n' | '\r\n' | '\r';

export interface TextFormat {
  /** The ending most lines use (LF on a tie). */
  eol: Eol;
  bom: boolean;
  finalNewline: boolean;
}

/** Normalises any text the model sends (search or replace) to LF. */
export function toLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Where the LF body's newlines came from. `\n` at LF offset `o` was `\r\n` when `o` is in `crlf`,
 * a lone `\r` when it is in `cr`, else `\n`. Both lists ascend; both are empty for an LF file.
 */
export interface Endings {
  crlf: number[];
  cr: number[];
}

export function splitFormat(text: string): { body: string; format: TextFormat; endings: Endings } {
  const bom = text.charCodeAt(0) === 0xfeff;
  const raw = bom ? text.slice(1) : text;
  const endings: Endings = { crlf: [], cr: [] };
  if (!raw.includes('\r')) {
    return { body: raw, format: { eol: '\n', bom, finalNewline: raw.endsWith('\n') }, endings };
  }
  let removed = 0;
  for (let i = raw.indexOf('\r'); i !== -1; i = raw.indexOf('\r', i + 1)) {
    if (raw.charCodeAt(i + 1) === 10) {
      endings.crlf.push(i - removed);
      removed++;
      i++;
    } else {
      endings.cr.push(i - removed);
    }
  }
  const body = toLf(raw);
  const lf = countOf(body, '\n') - endings.crlf.length - endings.cr.length;
  const crlf = endings.crlf.length;
  const cr = endings.cr.length;
  const eol: Eol = crlf > lf && crlf >= cr ? '\r\n' : cr > lf && cr > crlf ? '\r' : '\n';
  return { body, format: { eol, bom, finalNewline: body.endsWith('\n') }, endings };
}

/**
 * One run of the edited text: a stretch `[from, to)` of the original LF body, or new text (LF) the
 * edits wrote.
 */
export type Run = { original: true; from: number; to: number } | { original: false; text: string };

/**
 * Writes edited text back in the file's bytes: original runs are copied from `raw` (the file
 * without its BOM) as they were, new text gets the ending of the original line it is written
 * into (the first original newline at or after where it lands, else the last one before).
 */
export function renderRuns(runs: Iterable<Run>, raw: string, body: string, endings: Endings, format: TextFormat): string {
  const plain = endings.crlf.length === 0 && endings.cr.length === 0;
  const toRaw = (o: number) => o + countBelow(endings.crlf, o);
  const parts: string[] = format.bom ? ['\ufeff'] : [];
  let at = 0;
  for (const run of runs) {
    if (run.original) {
      parts.push(plain ? raw.slice(run.from, run.to) : raw.slice(toRaw(run.from), toRaw(run.to)));
      at = run.to;
    } else {
      const eol = plain ? '\n' : eolNear(body, at, endings, format.eol);
      parts.push(eol === '\n' ? run.text : run.text.replace(/\n/g, eol));
    }
  }
  return parts.join('');
}

function eolNear(body: string, at: number, endings: Endings, fallback: Eol): Eol {
  let nl = body.indexOf('\n', at);
  if (nl === -1) nl = body.lastIndexOf('\n');
  if (nl === -1) return fallback;
  if (has(endings.crlf, nl)) return '\r\n';
  if (has(endings.cr, nl)) return '\r';
  return '\n';
}

/**
 * A whole new text for an existing file, given the existing file's usual line ending and
 * byte-order mark (the model writes LF without a BOM). Its final newline is left as written: a
 * rewrite says what the end of the file should be.
 */
export function inFormatOf(existing: string, text: string): string {
  const { format } = splitFormat(existing);
  let out = toLf(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (format.eol !== '\n') out = out.replace(/\n/g, format.eol);
  return format.bom ? '\ufeff' + out : out;
}

/** How many values of the ascending `xs` are below `x`. */
function countBelow(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function has(xs: readonly number[], x: number): boolean {
  const i = countBelow(xs, x);
  return i < xs.length && xs[i] === x;
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
