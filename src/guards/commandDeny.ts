/**
 * Deny rules matched on normalised commands, not word for word: `rm -rf /` also catches
 * `rm -fr /`, `rm -r -f /`, `rm --recursive --force /*`, `/bin/rm -rf //`; `~`, `$HOME` and
 * `${HOME}` are one word; and the scripts handed to `sh|bash|zsh -c [--]`, `eval`, `env -S`,
 * `xargs`, `find -exec` and inline-code interpreters (`python -c`, `node -e`, …) are checked too.
 * A rule's first word matches the program anywhere in a command (so `sudo` catches `env sudo`).
 */
import { tokenizeShell, type ShellToken } from './shellTokens';

export interface DenyRule {
  entry: string;
  program: string;
  /** Short flags as single letters (aliases folded), long flags with their `--`. */
  flags: Set<string>;
  operands: string[];
}

/** Stands for operands a program gets from elsewhere (stdin through xargs). */
const ANY = '\u0000any';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish', 'ash', 'busybox']);

/** Option forms that mean the same thing, per program. */
const FLAG_ALIASES: Record<string, Record<string, string>> = {
  rm: { R: 'r', '--recursive': 'r', '--force': 'f', '--dir': 'd' },
  cp: { R: 'r', '--recursive': 'r', '--force': 'f' },
  chmod: { '--recursive': 'R' },
  chown: { '--recursive': 'R' },
};

/** Interpreters and the options whose value is code: `python -c CODE`, `node -e CODE`, … */
const INLINE_CODE: Record<string, RegExp> = {
  python: /^-[A-Za-z]*c$/,
  node: /^(-e|--eval|-p|--print)$/,
  bun: /^(-e|--eval|-p|--print)$/,
  perl: /^-[A-Za-z]*[eE]$/,
  ruby: /^-[A-Za-z]*e$/,
  php: /^-[rBRE]$/,
  lua: /^-e$/,
  osascript: /^-e$/,
  rscript: /^-e$/,
  deno: /^eval$/,
  pwsh: /^(-c|-command|-encodedcommand)$/i,
  powershell: /^(-c|-command)$/i,
};

export function parseDenyRules(entries: readonly string[]): DenyRule[] {
  return entries.flatMap((entry) => {
    const lexed = tokenizeShell(entry);
    if (!lexed.ok || lexed.hazards.size > 0) return [];
    const words = lexed.tokens.filter((t): t is Extract<ShellToken, { kind: 'word' }> => t.kind === 'word').map((t) => t.value);
    if (words.length === 0 || words.length !== lexed.tokens.length) return [];
    const program = basename(normalise(words[0]));
    const { flags, operands } = classify(program, words.slice(1));
    return [{ entry: entry.trim(), program, flags, operands }];
  });
}

/**
 * The first rule a command (its words, as one reading of the shell gives them) breaks, with the
 * text that broke it; `undefined` if none. `nestedLine` judges a nested script, both readings.
 */
export function findDenied(words: string[], rules: DenyRule[], nestedLine: (line: string) => string | undefined): string | undefined {
  if (rules.length === 0) return undefined;
  const normal = words.map(normalise);
  for (const candidate of [normal, ...derivedCommands(normal)]) {
    const rule = rules.find((r) => matches(candidate, r));
    if (rule) return rule.entry;
  }
  for (const script of nestedScripts(words)) {
    const hit = nestedLine(script);
    if (hit) return hit;
  }
  return undefined;
}

function matches(words: string[], rule: DenyRule): boolean {
  for (let i = 0; i < words.length; i++) {
    if (!isProgram(words[i], rule.program)) continue;
    if (rule.flags.size === 0 && rule.operands.length === 0) return true;
    const { flags, operands } = classify(rule.program, words.slice(i + 1));
    if (![...rule.flags].every((f) => flags.has(f))) continue;
    if (rule.operands.every((o) => operands.includes(o) || operands.includes(ANY))) return true;
  }
  return false;
}

/** `rm` matches `rm`, `/bin/rm`, and `mkfs` matches `mkfs.ext4`. */
function isProgram(word: string, program: string): boolean {
  const name = basename(word);
  return name === program || name.startsWith(program + '.');
}

function classify(program: string, args: string[]): { flags: Set<string>; operands: string[] } {
  const aliases = FLAG_ALIASES[program] ?? {};
  const flags = new Set<string>();
  const operands: string[] = [];
  let optionsEnded = false;
  for (const a of args) {
    if (!optionsEnded && a === '--') optionsEnded = true;
    else if (!optionsEnded && /^--[A-Za-z]/.test(a)) {
      const name = a.split('=')[0];
      flags.add(aliases[name] ?? name);
    } else if (!optionsEnded && /^-[A-Za-z0-9]+$/.test(a)) {
      for (const ch of a.slice(1)) flags.add(aliases[ch] ?? ch);
    } else operands.push(a);
  }
  return { flags, operands };
}

/**
 * A word as the rules compare it: `$HOME`, `${HOME}` and `~` are `~`; trailing `/`, `/.` and `/*`
 * are dropped, so `//`, `/.` and `/*` are `/`, and `~/` is `~`.
 */
export function normalise(word: string): string {
  let w = word.replace(/^(\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  w = w.replace(/\/+/g, '/');
  while (/.\/(\.|\*)?$/.test(w)) w = w.replace(/\/(\.|\*)?$/, '');
  if (/^\/(\.|\*)?$/.test(w)) w = '/';
  return w;
}

/** Commands that run with other words: what follows `xargs` (plus what stdin brings), `find -exec … {}`. */
function derivedCommands(words: string[]): string[][] {
  const out: string[][] = [];
  words.forEach((w, k) => {
    const name = basename(w);
    if (name === 'xargs') {
      let j = k + 1;
      while (j < words.length && words[j].startsWith('-')) j++;
      if (j < words.length) out.push([...words.slice(j), ANY]);
    }
    if (name === 'find') {
      const starts: string[] = [];
      let j = k + 1;
      for (; j < words.length && !/^[-(!]/.test(words[j]); j++) starts.push(words[j]);
      for (; j < words.length; j++) {
        if (!/^-(exec|execdir|ok|okdir)$/.test(words[j])) continue;
        const end = words.findIndex((x, e) => e > j && (x === ';' || x === '+'));
        const inner = words.slice(j + 1, end === -1 ? undefined : end);
        for (const s of starts.length > 0 ? starts : ['.']) out.push(inner.map((x) => (x === '{}' ? normalise(s) : x)));
      }
    }
  });
  return out;
}

/**
 * Scripts a command hands to another interpreter: `sh -c [--] S`, `eval S…`, `env -S S`, and the
 * code of `python -c`, `node -e` … (its string literals as shell lines, and its words as a command).
 */
function nestedScripts(words: string[]): string[] {
  const out: string[] = [];
  words.forEach((w, k) => {
    const name = basename(w).toLowerCase();
    const rest = words.slice(k + 1);
    if (name === 'eval') out.push(rest.join(' '));
    if (SHELLS.has(name)) {
      const flag = rest.findIndex((x) => /^-[A-Za-z]*c[A-Za-z]*$/.test(x));
      if (flag !== -1) {
        const script = rest.slice(flag + 1).find((x) => x !== '--');
        if (script !== undefined) out.push(script);
      }
    }
    if (name === 'env') {
      rest.forEach((x, i) => {
        if (x === '-S' || x === '--split-string') out.push(rest.slice(i + 1).join(' '));
        else if (/^(-S|--split-string=)./.test(x)) out.push([x.replace(/^(-S|--split-string=)/, ''), ...rest.slice(i + 1)].join(' '));
      });
    }
    const codeFlag = INLINE_CODE[interpreterName(name)];
    if (codeFlag) {
      rest.forEach((x, i) => {
        if (codeFlag.test(x) && rest[i + 1] !== undefined) out.push(...codeScripts(rest[i + 1]));
      });
    }
  });
  return out;
}

/** `python3.12` → `python`, `Rscript` → `rscript`. */
function interpreterName(name: string): string {
  return name.replace(/\.exe$/, '').replace(/[0-9.]+$/, '');
}

/** Shell lines hidden in a piece of code: each string literal, and the code's words taken as one command. */
function codeScripts(code: string): string[] {
  const literals = [...code.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  const words = code.split(/[\s"'`,;()[\]{}]+/).filter((w) => w !== '');
  return [...literals, words.map(quote).join(' ')];
}

function quote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}
