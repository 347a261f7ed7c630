/**
 * Judging a `run_command` line before it runs. The line is parsed, not matched on its first word:
 * `npm test; curl x | sh` is three commands, and each must pass.
 *
 * - **deny** when any command, in the bash or the POSIX-sh reading of the line, or in a script it
 *   hands on (`sh -c`, `eval`, `env -S`, `xargs`, `find -exec`, `python -c`, …), breaks a deny
 *   rule (normalised: ./commandDeny.ts).
 * - **allow** only when the line stays inside the plain subset both shells read alike
 *   (./plainLine.ts), both readings agree, it runs under bash or cmd (never an unknown `sh`),
 *   every command starts with an allow entry, no option after the entry loads code or writes
 *   files, and no argument names a protected or sensitive path, an absolute path, a home folder or
 *   a path outside the workspace (./commandArgs.ts).
 * - **ask** otherwise, with the reason.
 */
import { riskyOption, riskyPath, type PathJudge } from './commandArgs';
import { findDenied, parseDenyRules, type DenyRule } from './commandDeny';
import { IgnoreFilter } from './ignore';
import { unusualConstruct } from './plainLine';
import { isProtectedPath } from './protected';
import { tokenizeShell, type Dialect, type ShellToken } from './shellTokens';

export { capOutput, stripAnsi } from './output';
export type { PathJudge } from './commandArgs';

export interface CommandPolicy {
  /** Command prefixes run without asking, compared word by word: `npm test` allows `npm test -- --grep x`. */
  allow: string[];
  /** Refused outright when a command in the line matches one (normalised; see ./commandDeny.ts). */
  deny: string[];
  /**
   * The shell that will run the line: `bash` (the judge's grammar), `cmd` (Windows, which reads
   * `'`, `^`, `%` and `!` differently, so those always ask), or `sh`, a POSIX shell that is not
   * known to be bash: nothing is allowed without asking there. Default `bash`.
   */
  shell?: 'bash' | 'cmd' | 'sh';
  /** Extra protected patterns from settings; arguments naming them ask. */
  protectedFiles?: readonly string[];
}

export interface JudgeContext {
  /** Workspace-relative folder the command runs in; default the root. */
  cwd?: string;
  /** The workspace's sensitive and protected lists; default the built-in ones. */
  paths?: PathJudge;
}

/** What cmd.exe reads differently from a POSIX shell: `npm test '&calc'` is two commands there. */
const CMD_SPECIAL = /['^%!]|\\"/;

export type CommandDecision = 'allow' | 'ask' | 'deny';

export interface CommandJudgement {
  decision: CommandDecision;
  /** A sentence for the user and the model. */
  reason: string;
  /** Each chained command as written, in order (the bash reading). */
  parts: string[];
}

interface Part {
  /** Words as the shell would pass them (quotes and escapes resolved), without redirections. */
  words: string[];
  /** Redirections with their targets. */
  redirects: Array<{ op: string; target: string | undefined }>;
  text: string;
}

const MAX_NESTING = 6;

export function judgeCommand(line: string, policy: CommandPolicy, context: JudgeContext = {}): CommandJudgement {
  const rules = parseDenyRules(policy.deny);
  const readings = (['bash', 'posix'] as const).map((d) => read(line, d));
  const bash = readings[0];
  const texts = bash.ok ? bash.parts.map((p) => p.text) : [];

  const denied = deniedIn(line, rules, 0);
  if (denied) return { decision: 'deny', reason: denied, parts: texts };
  const ask = (reason: string): CommandJudgement => ({ decision: 'ask', reason: `This needs approval because ${reason}.`, parts: texts });

  if (!bash.ok) return { decision: 'ask', reason: `The command line could not be read (${bash.error}), so it needs approval.`, parts: [] };
  if (bash.parts.length === 0) return { decision: 'deny', reason: 'The command is empty.', parts: [] };
  const shell = policy.shell ?? 'bash';
  if (shell === 'sh') return ask('commands run under /bin/sh here (bash was not found), whose grammar the judge does not check');
  if (shell === 'cmd' && CMD_SPECIAL.test(line)) return ask("cmd.exe reads its quotes, ^, % or ! differently from how this line was checked");
  const unusual = unusualConstruct(line);
  if (unusual) return ask(unusual);
  if (!sameReading(bash, readings[1])) return ask('bash and sh would read this line differently');

  const allow = policy.allow.map(patternWords).filter((w): w is string[] => w !== undefined);
  const unlisted = bash.parts.filter((p) => !allow.some((a) => startsWithWords(p.words, a)));
  if (unlisted.length > 0) {
    const names = unlisted.map((p) => `"${p.text}"`).join(', ');
    return { decision: 'ask', reason: `${names} ${unlisted.length === 1 ? 'is' : 'are'} not on the allow list.`, parts: texts };
  }
  const cwd = context.cwd ?? '.';
  const paths = context.paths ?? defaultPaths(policy.protectedFiles ?? []);
  for (const part of bash.parts) {
    const prefix = allow.filter((a) => startsWithWords(part.words, a)).reduce((x, y) => (y.length > x.length ? y : x));
    const option = riskyOption(part.words, part.words.slice(prefix.length));
    if (option) return ask(option);
    for (const r of part.redirects) {
      if (r.op === '>&' || r.op === '<&') continue; // 2>&1: checked to be a descriptor by unusualConstruct
      if (r.target === undefined) return ask('a redirection has no target');
      if (r.op !== '<' && r.target !== '/dev/null') return ask(`it writes output to a file with ${r.op}`);
    }
    for (const word of [...part.words, ...part.redirects.flatMap((r) => (r.target ? [r.target] : []))]) {
      const path = riskyPath(word, cwd, paths);
      if (path) return ask(path);
    }
  }
  return { decision: 'allow', reason: 'Every command in the line is on the allow list.', parts: texts };
}

/** The built-in lists, plus `protectedFiles` from settings. */
export function defaultPaths(protectedFiles: readonly string[], ignore: IgnoreFilter = builtIn()): PathJudge {
  return {
    sensitive: (p) => (ignore.isSensitive(p) ? (ignore.why(p) ?? 'sensitive file') : undefined),
    protected: (p) => isProtectedPath(p, protectedFiles),
  };
}

let builtInFilter: IgnoreFilter | undefined;
function builtIn(): IgnoreFilter {
  return (builtInFilter ??= IgnoreFilter.create());
}

/** The deny rule some command of `line` breaks, in either reading, as a sentence; `undefined` if none. */
function deniedIn(line: string, rules: DenyRule[], depth: number): string | undefined {
  if (rules.length === 0) return undefined;
  for (const dialect of ['bash', 'posix'] as const) {
    const r = read(line, dialect);
    if (!r.ok) continue;
    for (const part of r.parts) {
      const hit = findDenied(part.words, rules, (nested) => (depth < MAX_NESTING ? deniedIn(nested, rules, depth + 1) : undefined));
      if (hit) return hit.startsWith('"') ? hit : `"${part.text}" matches the deny rule "${hit}".`;
    }
  }
  return undefined;
}

type Reading = { ok: true; parts: Part[]; tokens: ShellToken[] } | { ok: false; error: string };

function read(line: string, dialect: Dialect): Reading {
  const lexed = tokenizeShell(line, dialect);
  if (!lexed.ok) return lexed;
  return { ok: true, parts: splitParts(line, lexed.tokens), tokens: lexed.tokens };
}

/** Both readings give the same tokens (which they do inside the plain subset: a second safety net). */
function sameReading(a: Reading, b: Reading): boolean {
  if (!a.ok || !b.ok || a.tokens.length !== b.tokens.length) return false;
  return a.tokens.every((t, i) => {
    const u = b.tokens[i];
    return t.kind === u.kind && t.start === u.start && t.end === u.end && (t.kind === 'word' ? t.value === (u as typeof t).value : t.op === (u as typeof t).op);
  });
}

/** Splits tokens into chained commands; a redirection takes the next word as its target. */
function splitParts(line: string, tokens: ShellToken[]): Part[] {
  const parts: Part[] = [];
  let current: Part = { words: [], redirects: [], text: '' };
  let from: number | undefined;
  let to = 0;
  const close = () => {
    if (from !== undefined) parts.push({ ...current, text: line.slice(from, to).trim() });
    current = { words: [], redirects: [], text: '' };
    from = undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'separator') {
      close();
      continue;
    }
    from ??= t.start;
    to = t.end;
    if (t.kind === 'word') {
      current.words.push(t.value);
      continue;
    }
    const target = tokens[i + 1];
    if (target?.kind !== 'word') {
      current.redirects.push({ op: t.op, target: undefined });
      continue;
    }
    to = target.end;
    i++;
    current.redirects.push({ op: t.op, target: target.value });
  }
  close();
  return parts.filter((p) => p.text !== '');
}

/** A policy entry counts only if it is one plain command (no chaining, no substitutions); `undefined` otherwise. */
function patternWords(entry: string): string[] | undefined {
  const lexed = tokenizeShell(entry);
  if (!lexed.ok || lexed.hazards.size > 0 || lexed.tokens.length === 0) return undefined;
  const words: string[] = [];
  for (const t of lexed.tokens) {
    if (t.kind !== 'word') return undefined;
    words.push(t.value);
  }
  return words;
}

function startsWithWords(words: string[], prefix: string[]): boolean {
  return prefix.length <= words.length && prefix.every((w, i) => words[i] === w);
}

/** The commands of `line` as bash reads it: each one's words (the program's argv) and text; `undefined` if unreadable. */
export function splitCommand(line: string): Array<{ words: string[]; text: string }> | undefined {
  const r = read(line, 'bash');
  return r.ok ? r.parts.map((p) => ({ words: p.words, text: p.text })) : undefined;
}
