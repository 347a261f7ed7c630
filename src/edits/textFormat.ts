/**
 * A file's line endings, byte-order mark and final newline, split off so matching works on plain
 * LF text and the result can be given back in the file's own format.
 */
export interface TextFormat {
  eol: '\n' | '\r\n';
  bom: boolean;
  finalNewline: boolean;
}

/** Normalises any text the model sends (search or replace) to LF. */
export function toLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/**
 * Mixed files are written back with the ending most of their lines use: keeping each line's own
 * ending through an edit is not worth the bookkeeping, and mixed endings are almost always an
 * accident anyway.
 */
export function splitFormat(text: string): { body: string; format: TextFormat } {
  const bom = text.charCodeAt(0) === 0xfeff;
  const raw = bom ? text.slice(1) : text;
  const crlf = countOf(raw, '\r\n');
  const lf = countOf(raw, '\n') - crlf;
  const body = toLf(raw);
  return { body, format: { eol: crlf > lf ? '\r\n' : '\n', bom, finalNewline: body.endsWith('\n') } };
}

/**
 * Gives `body` (LF) the file's format back. The final newline is put back or taken away as the
 * original had it: a replacement's trailing newline at the end of a file is nearly always an
 * accident, and a silent change to it shows up as noise in every diff.
 */
export function joinFormat(body: string, format: TextFormat): string {
  let out = body;
  if (out !== '') {
    if (format.finalNewline && !out.endsWith('\n')) out += '\n';
    else if (!format.finalNewline && out.endsWith('\n')) out = out.slice(0, -1);
  }
  if (format.eol === '\r\n') out = out.replace(/\n/g, '\r\n');
  return format.bom ? '\ufeff' + out : out;
}

/**
 * A whole new text for an existing file, given the existing file's line endings and byte-order
 * mark (the model writes LF without a BOM). Its final newline is left as written: a rewrite says
 * what the end of the file should be.
 */
export function inFormatOf(existing: string, text: string): string {
  const { format } = splitFormat(existing);
  let out = toLf(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  if (format.eol === '\r\n') out = out.replace(/\n/g, '\r\n');
  return format.bom ? '\ufeff' + out : out;
}

function countOf(text: string, needle: string): number {
  let n = 0;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) n++;
  return n;
}
