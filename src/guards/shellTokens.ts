/**
 * A small shell tokenizer, just enough to judge a command line: words with quotes and escapes
 * resolved, the operators that chain commands, redirections, comments, and the constructs that
 * can run or write things the words do not show. It does not expand anything. Commands inside
 * `$(…)`, backticks and `<(…)` come out as their own chained parts, so rules see them too.
 *
 * Two dialects, because the same text means different things to them: `bash`, and `posix` (dash,
 * which is `/bin/sh` on Debian and Ubuntu). In posix `$'…'` is a `$` followed by a plain
 * single-quoted string, `&>` is `&` then `>`, and `|&` is `|` then `&`. Deny rules are checked
 * against both readings; a line is allowed only when both readings agree.
 */

export type Dialect = 'bash' | 'posix';

export type ShellToken =
  | { kind: 'word'; value: string; start: number; end: number }
  /** `;` `&&` `||` `|` `|&` `&` newline `(` `)`, and the edges of a substitution. */
  | { kind: 'separator'; op: string; start: number; end: number }
  | { kind: 'redirect'; op: string; start: number; end: number };

export type Hazard = 'command-substitution' | 'process-substitution' | 'parameter-expansion' | 'heredoc' | 'comment' | 'ansi-c-quote' | 'variable';

export type Tokenized = { ok: true; tokens: ShellToken[]; hazards: Set<Hazard> } | { ok: false; error: string };

class Unreadable extends Error {}

export function tokenizeShell(src: string, dialect: Dialect = 'bash'): Tokenized {
  const lexer = new Lexer(src, dialect);
  try {
    lexer.run(undefined);
    return { ok: true, tokens: lexer.tokens, hazards: lexer.hazards };
  } catch (e) {
    if (e instanceof Unreadable) return { ok: false, error: e.message };
    throw e;
  }
}

class Lexer {
  readonly tokens: ShellToken[] = [];
  readonly hazards = new Set<Hazard>();
  private pos = 0;
  private word: string | undefined;
  private wordStart = 0;

  constructor(
    private readonly src: string,
    private readonly dialect: Dialect,
  ) {}

  /** Reads until the end, or until `until` closes the substitution being read. */
  run(until: ')' | '`' | undefined): void {
    const s = this.src;
    let depth = 0; // plain parentheses (subshells, `$((…))`) opened inside this level
    while (this.pos < s.length) {
      const c = s[this.pos];
      const next = s[this.pos + 1];
      if (c === until && (c === '`' || depth === 0)) {
        this.flush();
        this.pos++;
        return;
      }
      if (c === '#' && this.word === undefined) {
        this.comment();
      } else if (c === ' ' || c === '\t') {
        this.flush();
        this.pos++;
      } else if (c === '\n' || c === '\r' || c === ';' || c === '(' || c === ')') {
        if (c === '(') depth++;
        else if (c === ')' && depth > 0) depth--;
        this.separator(c === '\r' ? '\n' : c, 1);
      } else if (c === '&') {
        if (next === '>' && this.dialect === 'bash') this.redirect(s[this.pos + 2] === '>' ? '&>>' : '&>');
        else this.separator(next === '&' ? '&&' : '&', next === '&' ? 2 : 1);
      } else if (c === '|') {
        const two = next === '|' || (next === '&' && this.dialect === 'bash');
        this.separator(two ? c + next : c, two ? 2 : 1);
      } else if (c === '<' || c === '>') {
        this.angle(c, next);
      } else if (c === '`') {
        this.substitution('command-substitution', 1, '`');
      } else if (c === '$' && next === '(') {
        this.substitution('command-substitution', 2, ')');
      } else if (c === '$' && next === '{') {
        this.braces();
      } else if (c === '$' && (next === "'" || next === '"')) {
        this.hazards.add('ansi-c-quote');
        if (this.dialect === 'bash') {
          this.append('', 1); // the word starts at the `$`
          if (next === "'") this.ansiC();
        } else {
          this.append('$', 1);
        }
      } else if (c === '$' && next !== undefined && /[A-Za-z0-9_@*#?$!-]/.test(next)) {
        this.hazards.add('variable');
        this.append(c, 1);
      } else if (c === "'") {
        this.single();
      } else if (c === '"') {
        this.double();
      } else if (c === '\\') {
        this.escape();
      } else {
        this.append(c, 1);
      }
    }
    if (until) throw new Unreadable(until === ')' ? "a '$(' or '(' is never closed" : 'a backquote is never closed');
    this.flush();
  }

  /** `#` at the start of a word: the rest of the line is ignored by the shell, up to the newline. */
  private comment(): void {
    this.hazards.add('comment');
    const nl = this.src.slice(this.pos).search(/[\r\n]/);
    this.pos = nl === -1 ? this.src.length : this.pos + nl;
  }

  private append(text: string, advance: number): void {
    if (this.word === undefined) {
      this.word = '';
      this.wordStart = this.pos;
    }
    this.word += text;
    this.pos += advance;
  }

  private flush(): void {
    if (this.word === undefined) return;
    this.tokens.push({ kind: 'word', value: this.word, start: this.wordStart, end: this.pos });
    this.word = undefined;
  }

  private separator(op: string, length: number): void {
    this.flush();
    this.tokens.push({ kind: 'separator', op, start: this.pos, end: this.pos + length });
    this.pos += length;
  }

  private redirect(op: string): void {
    this.flush();
    this.tokens.push({ kind: 'redirect', op, start: this.pos, end: this.pos + op.length });
    this.pos += op.length;
  }

  /** `<` and `>` forms. A bare number just before (`2>`) names the descriptor, not an argument. */
  private angle(c: '<' | '>', next: string | undefined): void {
    if (next === '(') return this.substitution('process-substitution', 2, ')');
    let start = this.pos;
    if (this.word !== undefined && /^\d+$/.test(this.word) && this.src.slice(this.wordStart, this.pos) === this.word) {
      start = this.wordStart;
      this.word = undefined;
    }
    this.flush();
    const rest = this.src.slice(this.pos, this.pos + 3);
    const ops = c === '>' ? ['>>', '>&', '>|', '>'] : ['<<<', '<<-', '<<', '<&', '<>', '<'];
    const op = ops.find((o) => rest.startsWith(o))!;
    if (op.startsWith('<<')) this.hazards.add('heredoc');
    this.pos += op.length;
    this.tokens.push({ kind: 'redirect', op, start, end: this.pos });
  }

  private substitution(hazard: Hazard, opener: number, until: ')' | '`'): void {
    this.hazards.add(hazard);
    this.separator(this.src.slice(this.pos, this.pos + opener), opener);
    this.run(until);
    this.tokens.push({ kind: 'separator', op: until, start: this.pos - 1, end: this.pos });
  }

  /** `${…}`: kept as literal text of the word; its value is unknown until the shell runs. */
  private braces(): void {
    this.hazards.add('parameter-expansion');
    const close = this.src.indexOf('}', this.pos);
    if (close === -1) throw new Unreadable("a '${' is never closed");
    this.append(this.src.slice(this.pos, close + 1), close + 1 - this.pos);
  }

  private single(): void {
    const close = this.src.indexOf("'", this.pos + 1);
    if (close === -1) throw new Unreadable('a single quote is never closed');
    this.append(this.src.slice(this.pos + 1, close), close + 1 - this.pos);
  }

  /** bash's `$'…'`, decoded as bash does, so `$'\x72m'` is the word `rm`. `pos` is at the quote. */
  private ansiC(): void {
    let i = this.pos + 1;
    let out = '';
    const s = this.src;
    while (i < s.length && s[i] !== "'") {
      if (s[i] !== '\\') {
        out += s[i++];
        continue;
      }
      const [text, length] = decodeEscape(s, i + 1);
      out += text;
      i += 1 + length;
    }
    if (i >= s.length) throw new Unreadable("a $' quote is never closed");
    this.append(out, i + 1 - this.pos);
  }

  private double(): void {
    this.append('', 1);
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      const next = this.src[this.pos + 1];
      if (c === '"') return this.append('', 1);
      if (c === '\\' && next !== undefined && '$`"\\\n'.includes(next)) this.append(next === '\n' ? '' : next, 2);
      else if (c === '`' || (c === '$' && next === '(')) this.inDoubleQuotes(c === '`' ? 1 : 2, c === '`' ? '`' : ')');
      else if (c === '$' && next === '{') this.braces();
      else {
        if (c === '$' && next !== undefined && /[A-Za-z0-9_@*#?$!-]/.test(next)) this.hazards.add('variable');
        this.append(c, 1);
      }
    }
    throw new Unreadable('a double quote is never closed');
  }

  /** A substitution inside double quotes splits the word around it; the result is asked about anyway. */
  private inDoubleQuotes(opener: number, until: ')' | '`'): void {
    this.substitution('command-substitution', opener, until);
    this.append('', 0);
  }

  private escape(): void {
    const next = this.src[this.pos + 1];
    if (next === undefined) throw new Unreadable('the line ends with a backslash');
    if (next === '\n') this.pos += 2;
    else this.append(next, 2);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** One escape of `$'…'` starting after the backslash: its text and how many characters it used. */
function decodeEscape(s: string, i: number): [string, number] {
  const c = s[i];
  if (c === undefined) return ['\\', 0];
  if (SIMPLE_ESCAPES[c] !== undefined) return [SIMPLE_ESCAPES[c], 1];
  const hex = (max: number, from: number) => /^[0-9a-fA-F]*/.exec(s.slice(from, from + max))![0];
  if (/[0-7]/.test(c)) {
    const digits = /^[0-7]{1,3}/.exec(s.slice(i))![0];
    return [String.fromCharCode(parseInt(digits, 8) & 0xff), digits.length];
  }
  if (c === 'x') {
    const h = hex(2, i + 1);
    return h ? [String.fromCharCode(parseInt(h, 16)), 1 + h.length] : ['\\x', 1];
  }
  if (c === 'u' || c === 'U') {
    const h = hex(c === 'u' ? 4 : 8, i + 1);
    const code = h ? parseInt(h, 16) : NaN;
    return h && code <= 0x10ffff ? [String.fromCodePoint(code), 1 + h.length] : ['\\' + c, 1];
  }
  if (c === 'c' && s[i + 1] !== undefined) return [String.fromCharCode(s.charCodeAt(i + 1) & 0x1f), 2];
  return ['\\' + c, 1];
}
