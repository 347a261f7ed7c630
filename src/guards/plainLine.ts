/**
 * The subset of shell a line must stay inside to be approved without asking: plain words, single
 * quotes, double quotes without `$`, backquote, backslash or `!`, the chain operators `;` `&&` `||`
 * `|`, and the redirections `<`, `>`/`>>` with a target, `n>&m`. In that subset bash and dash
 * (and any POSIX shell) read a line the same way, and the words are exactly what the program gets.
 * Everything else — comments, `$` in any form, globs, `~`, braces, backslashes, background `&`,
 * subshells, here-documents, newlines, control characters, invisible Unicode — makes the line ask.
 */

/** Characters never allowed, even inside quotes: control characters (tab aside), invisible and odd Unicode. */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Cn}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/u;

const UNQUOTED_OK = /[A-Za-z0-9_\-.,/:=@%+^\p{L}\p{N}\p{M}]/u;

/** Shell words that start a compound command or change how the rest is read. */
const RESERVED = new Set(['!', '{', '}', '[[', ']]', 'case', 'coproc', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while']);

const WHY: Record<string, string> = {
  '#': 'it has a # (a comment hides the rest of the line from the shell, but not from you)',
  $: 'it uses $ (variables, $(…) and $\'…\' mean different things to different shells and are only known when it runs)',
  '`': 'it runs a command inside the line (`…`)',
  '\\': 'it uses a backslash escape',
  '*': 'it has an unquoted wildcard (* ? [ ]), which the shell expands to file names',
  '?': 'it has an unquoted wildcard (* ? [ ]), which the shell expands to file names',
  '[': 'it has an unquoted wildcard (* ? [ ]), which the shell expands to file names',
  ']': 'it has an unquoted wildcard (* ? [ ]), which the shell expands to file names',
  '~': 'it uses ~, which the shell expands to a home folder',
  '{': 'it uses braces, which bash expands and sh does not',
  '}': 'it uses braces, which bash expands and sh does not',
  '(': 'it uses parentheses (a subshell or substitution)',
  ')': 'it uses parentheses (a subshell or substitution)',
  '!': 'it uses !, which some shells read as negation or history',
};

/** Why `line` is outside the plain subset, or `undefined` when it is inside. */
export function unusualConstruct(line: string): string | undefined {
  const odd = INVISIBLE.exec(line.replace(/\t/g, ' '));
  if (odd) {
    const c = odd[0];
    if (c === '\n' || c === '\r') return 'it has more than one line (a newline starts another command)';
    return `it contains the invisible or control character ${codePoint(c)}`;
  }
  let atWordStart = true;
  let wordHasQuote = false;
  let wordText = '';
  let firstWord = true;
  const endWord = (): string | undefined => {
    if (!atWordStart) {
      if (firstWord && !wordHasQuote && RESERVED.has(wordText)) return `it starts with the shell keyword "${wordText}"`;
      firstWord = false;
    }
    atWordStart = true;
    wordHasQuote = false;
    wordText = '';
    return undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const next = line[i + 1];
    if (c === ' ' || c === '\t') {
      const r = endWord();
      if (r) return r;
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close === -1) return 'a single quote is never closed';
      wordHasQuote = true;
      atWordStart = false;
      i = close;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if ('$`\\!'.includes(line[j])) return `it uses ${line[j]} inside double quotes, which the shell expands`;
      }
      if (j >= line.length) return 'a double quote is never closed';
      wordHasQuote = true;
      atWordStart = false;
      i = j;
      continue;
    }
    if (c === ';' || c === '|' || c === '&') {
      const r = endWord();
      if (r) return r;
      if (c === ';' && next === ';') return 'it uses ;;';
      if (c === '&' && next !== '&') return 'it uses & (runs a command in the background, or bash-only redirection)';
      if (c === '|' && next === '&') return 'it uses |&, which only bash reads as a pipe';
      if ((c === '&' || c === '|') && next === c) i++;
      firstWord = true;
      continue;
    }
    if (c === '<' || c === '>') {
      if (!atWordStart && !/^\d$/.test(wordText)) {
        // `a>x` ends the word `a` first; `22>x` is a descriptor in bash but a word in dash.
        if (/^\d+$/.test(wordText) && !wordHasQuote) return 'a redirection uses a descriptor number over 9';
      }
      const digitFd = !atWordStart && /^\d$/.test(wordText) && !wordHasQuote;
      if (!digitFd) {
        const r = endWord();
        if (r) return r;
      } else {
        atWordStart = true;
        wordText = '';
      }
      if (c === '<' && (next === '<' || next === '>' || next === '&' || next === '(')) return 'it uses a here-document, <>, <& or process substitution';
      if (c === '>' && (next === '|' || next === '(')) return 'it uses >| or process substitution';
      if (c === '>' && next === '>' && line[i + 2] === '&') return 'it uses >>&';
      if (c === '>' && next === '>') i++;
      else if (c === '>' && next === '&') {
        if (!/^[0-9]$/.test(line[i + 2] ?? '') || !/^[\s;|&]?$/.test(line[i + 3] ?? '')) return 'it uses >& other than joining two streams (2>&1)';
        i += 2;
      }
      continue;
    }
    // `HEAD~1` is a plain word; `~` starting a word or after `=`/`:` (which bash expands in arguments, dash not) asks.
    if (c === '~' && !atWordStart && !/[=:]/.test(line[i - 1])) {
      wordText += c;
      continue;
    }
    if (!UNQUOTED_OK.test(c)) return WHY[c] ?? `it uses ${JSON.stringify(c)} outside quotes`;
    wordText += c;
    atWordStart = false;
  }
  return endWord();
}

export function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
