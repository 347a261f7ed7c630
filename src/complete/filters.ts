/**
 * Post-processing of a raw completion: markers and code fences stripped, no echo of the line
 * before the cursor, no repeat of the text after it, brackets that would close what the suffix
 * already closes cut off, one line inside a line. Multi-line completions only where a block
 * starts (see `completionMode`).
 */
import { HOLE, type CompletionMode } from './prompt';

const OPENERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const CLOSERS = new Set([')', ']', '}']);

/** 'line' when the cursor is inside a line or after a plain statement; 'block' where a block starts. */
export function completionMode(prefix: string, suffix: string): CompletionMode {
  const after = suffix.slice(0, endOfLine(suffix)).trim();
  const lineStart = prefix.lastIndexOf('\n') + 1;
  const before = prefix.slice(lineStart);
  // Text after the cursor means inside a line, except a brace closing the block just opened: `{|}`.
  if (after !== '' && !(/\{\s*$/.test(before) && after === '}')) return 'line';
  if (/[{([:]\s*$|=>\s*$/.test(before)) return 'block';
  if (before.trim() === '') {
    const previous = prefix.slice(0, lineStart).trimEnd();
    if (/[{([:]$|=>$/.test(previous)) return 'block';
  }
  return 'line';
}

export interface FilterInput {
  prefix: string;
  suffix: string;
  mode: CompletionMode;
}

/** The text to show, or undefined when nothing useful is left. */
export function postProcess(raw: string, input: FilterInput): string | undefined {
  let text = stripMarkup(raw);
  text = dropEchoedLine(text, input.prefix);
  if (input.mode === 'line') {
    // Leading line breaks in line mode mean the model answered for the next line.
    const nl = text.indexOf('\n');
    if (nl >= 0) text = text.slice(0, nl);
  }
  text = dropSuffixRepeat(text, input.suffix, input.mode);
  text = cutUnbalanced(text, input.suffix);
  text = text.replace(/[ \t]+$/gm, '');
  if (input.mode === 'block') text = text.replace(/\n+$/, '');
  return text.trim() === '' ? undefined : text;
}

/** Code fences around the answer, hole markers and prompt tags. */
export function stripMarkup(raw: string): string {
  let text = raw.split(HOLE).join('');
  text = text.replace(/<\/?(file|snippet|project_rules)\b[^>]*>/g, '');
  const fence = /^\s*```[\w+-]*[ \t]*\n/.exec(text);
  if (fence) text = text.slice(fence[0].length);
  text = text.replace(/\n?```\s*$/, '');
  return text;
}

/** The model sometimes starts by repeating the current line up to the cursor. */
function dropEchoedLine(text: string, prefix: string): string {
  const before = prefix.slice(prefix.lastIndexOf('\n') + 1).trimStart();
  if (before.length < 3) return text;
  const lead = text.trimStart();
  return lead.startsWith(before) ? lead.slice(before.length) : text;
}

function dropSuffixRepeat(text: string, suffix: string, mode: CompletionMode): string {
  const rest = suffix.slice(0, endOfLine(suffix)).trim();
  if (rest && text.trimEnd().endsWith(rest)) {
    text = text.trimEnd().slice(0, text.trimEnd().length - rest.length);
  }
  if (mode === 'block') {
    // Trailing lines that are the lines right after the cursor.
    const next = suffix.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const lines = text.split('\n');
    let k = 0;
    while (k < next.length && k < lines.length) {
      const tail = lines.slice(lines.length - k - 1).map((l) => l.trim());
      if (tail.join('\n') === next.slice(0, k + 1).join('\n')) k++;
      else break;
    }
    if (k > 0) text = lines.slice(0, lines.length - k).join('\n');
  }
  return text;
}

/**
 * Cuts the completion at a closing bracket that matches nothing inside it when the text after the
 * cursor already closes the same way (it would be doubled), or when it mismatches an opener.
 */
function cutUnbalanced(text: string, suffix: string): string {
  const stack: string[] = [];
  const suffixStart = suffix.trimStart()[0] ?? '';
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote || c === '\n') quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      continue;
    }
    if (OPENERS[c]) stack.push(OPENERS[c]);
    else if (CLOSERS.has(c)) {
      if (stack.length > 0) {
        if (stack.pop() !== c) return text.slice(0, i).trimEnd();
      } else if (suffixStart === c) {
        return text.slice(0, i).trimEnd();
      }
    }
  }
  return text;
}

function endOfLine(s: string): number {
  const nl = s.indexOf('\n');
  return nl < 0 ? s.length : nl;
}
