/**
 * A small POSIX-shell tokenizer, just enough to judge a command line: words with quotes and
 * escapes resolved, the operators that chain commands, redirections, and the constructs that can
 * run or write things the words do not show. It does not expand anything. Commands inside `$(…)`,
 * backticks and `<(…)` come out as their own chained parts, so rules see them too.
 */

export type ShellToken =
  | { kind: 'word'; value: string; start: number; end: number }
  /** `;` `&&` `||` `|` `|&` `&` newline `(` `)`, and the edges of a substitution. */
  | { kind: 'separator'; op: string; start: number; end: number }
  | { kind: 'redirect'; op: string; start: number; end: number };

export type Hazard = 'command-substitution' | 'process-substitution' | 'parameter-expansion' | 'heredoc';

export type Tokenized = { ok: true; tokens: ShellToken[]; hazards: Set<Hazard> } | { ok: false; error: string };

class Unreadable extends Error {}

export function tokenizeShell(src: string): Tokenized {
  const lexer = new Lexer(src);
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

  constructor(private readonly src: string) {}

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
      if (c === ' ' || c === '\t') {
        this.flush();
        this.pos++;
      } else if (c === '\n' || c === '\r' || c === ';' || c === '(' || c === ')') {
        if (c === '(') depth++;
        else if (c === ')' && depth > 0) depth--;
        this.separator(c === '\r' ? '\n' : c, 1);
      } else if (c === '&') {
        if (next === '>') this.redirect(s[this.pos + 2] === '>' ? '&>>' : '&>');
        else this.separator(next === '&' ? '&&' : '&', next === '&' ? 2 : 1);
      } else if (c === '|') {
        this.separator(next === '|' || next === '&' ? c + next : c, next === '|' || next === '&' ? 2 : 1);
      } else if (c === '<' || c === '>') {
        this.angle(c, next);
      } else if (c === '`') {
        this.substitution('command-substitution', 1, '`');
      } else if (c === '$' && next === '(') {
        this.substitution('command-substitution', 2, ')');
      } else if (c === '$' && next === '{') {
        this.braces();
      } else if (c === '$' && next === "'") {
        this.pos++;
        this.ansiC();
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

  /** `$'…'`: backslash escapes are kept as written; only where the quote ends matters here. */
  private ansiC(): void {
    let i = this.pos + 1;
    while (i < this.src.length && this.src[i] !== "'") i += this.src[i] === '\\' ? 2 : 1;
    if (i >= this.src.length) throw new Unreadable("a $' quote is never closed");
    this.append(this.src.slice(this.pos + 1, i), i + 1 - this.pos);
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
      else this.append(c, 1);
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
