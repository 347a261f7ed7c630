/** Line helpers that work on offsets in one LF text, so a search never splits the whole file. */
import type { Text } from './pieceText';

/** A line as `[start, end)` offsets; `end` is the offset of its `\n` or the end of the text. */
export interface LineSpan {
  start: number;
  end: number;
}

export function lineAt(text: Text, pos: number): LineSpan {
  const start = pos === 0 ? 0 : text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  return { start, end: nl === -1 ? text.length : nl };
}

export function nextLine(text: Text, span: LineSpan): LineSpan | undefined {
  if (span.end >= text.length) return undefined;
  return lineAt(text, span.end + 1);
}

export function prevLine(text: Text, span: LineSpan): LineSpan | undefined {
  if (span.start === 0) return undefined;
  return lineAt(text, span.start - 1);
}

export function lineText(text: Text, span: LineSpan): string {
  return text.slice(span.start, span.end);
}

/**
 * 1-based line numbers in a text that changes edit by edit. An edit leaves the text before its
 * start alone, so the line number found for that start stays true and later lookups count on from
 * there: edits given top to bottom cost one pass over the file in all, not one pass each.
 */
export class LineCounter {
  private at = 0;
  private line = 1;

  lineAt(text: Text, offset: number): number {
    const resume = offset >= this.at;
    let line = resume ? this.line : 1;
    for (let i = text.indexOf('\n', resume ? this.at : 0); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
    return line;
  }

  /** Records that `offset` is on `line` and that nothing before it will change. */
  keep(offset: number, line: number): void {
    this.at = offset;
    this.line = line;
  }
}

/** 1-based line numbers of ascending offsets, in one pass (an ambiguous `}` can hit thousands of times). */
export function lineNumbersAt(text: Text, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let nl = text.indexOf('\n');
  for (const offset of offsets) {
    while (nl !== -1 && nl < offset) {
      line++;
      nl = text.indexOf('\n', nl + 1);
    }
    out.push(line);
  }
  return out;
}

/** Splits a search or replace block into lines; one trailing newline ends the last line, it does not start a new one. */
export function blockLines(block: string): string[] {
  if (block === '') return [];
  return (block.endsWith('\n') ? block.slice(0, -1) : block).split('\n');
}

export function isBlank(line: string): boolean {
  return line.trim() === '';
}

export function leadingWhitespace(line: string): string {
  return line.slice(0, line.length - line.trimStart().length);
}
