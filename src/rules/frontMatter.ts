/**
 * The front matter of a `.instructions.md` file: a block between `---` lines at the very top,
 * of which only `applyTo` is used. Only simple `key: value` lines are understood (a quoted or
 * bare string, or a list in brackets); anything else in the block is ignored, never evaluated.
 */
import { splitPatterns } from './glob';

export interface Instructions {
  /** Empty when the file has no `applyTo`: such a file is attached by hand in other tools, so it is not applied here. */
  applyTo: string[];
  /** The text after the front matter. */
  body: string;
}

const BLOCK = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export function parseInstructions(text: string): Instructions {
  const m = BLOCK.exec(text);
  if (!m) return { applyTo: [], body: text };
  const body = text.slice(m[0].length);
  for (const line of m[1].split(/\r?\n/)) {
    const kv = /^applyTo[ \t]*:[ \t]*(.*)$/.exec(line);
    if (kv) return { applyTo: patternsOf(kv[1].trim()), body };
  }
  return { applyTo: [], body };
}

function patternsOf(value: string): string[] {
  const list = /^\[(.*)\]$/.exec(value);
  const items = list ? splitPatterns(list[1]) : [value];
  return items.flatMap((item) => splitPatterns(unquote(item.trim())));
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return m ? m[2] : value.replace(/[ \t]+#.*$/, '');
}
