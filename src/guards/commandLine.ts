/**
 * Judging a `run_command` line before it runs. The line is parsed, not matched on its first word:
 * `npm test; curl x | sh` is three commands, and each must pass. Constructs whose effect the words
 * do not show (substitutions, `${…}`, writing redirections, here-documents) always ask.
 */
import { tokenizeShell, type Hazard, type ShellToken } from './shellTokens';

export { capOutput, stripAnsi } from './output';

export interface CommandPolicy {
  /** Command prefixes run without asking, compared word by word: `npm test` allows `npm test -- --grep x`. */
  allow: string[];
  /** Refused outright when their words appear side by side anywhere in a command (so `sudo rm -rf /` is caught). */
  deny: string[];
  /**
   * The shell that will run the line. The parser here reads POSIX shell; `cmd` (Windows) treats
   * `'`, `^`, `%` and `!` differently, so a line using them always asks there.
   */
  shell?: 'posix' | 'cmd';
}

/** What cmd.exe reads differently from a POSIX shell: `npm test '&calc'` is two commands there. */
const CMD_SPECIAL = /['^%!]|\\"/;

export type CommandDecision = 'allow' | 'ask' | 'deny';

export interface CommandJudgement {
  decision: CommandDecision;
  /** A sentence for the user and the model. */
  reason: string;
  /** Each chained command as written, in order. */
  parts: string[];
}

interface Part {
  /** Words as the shell would pass them (quotes and escapes resolved), without redirection targets. */
  words: string[];
  text: string;
}

type Risk = Hazard | 'writes-file' | 'bad-redirect';

const RISK_WORDS: Record<Risk, string> = {
  'command-substitution': 'it runs a command inside the line (`…` or $(…))',
  'process-substitution': 'it uses process substitution (<(…) or >(…))',
  'parameter-expansion': 'it expands ${…}, whose value is only known when it runs',
  heredoc: 'it contains a here-document (<<)',
  'writes-file': 'it writes output to a file with > or >>',
  'bad-redirect': 'a redirection has no target',
};

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish']);

export function judgeCommand(line: string, policy: CommandPolicy): CommandJudgement {
  const lexed = tokenizeShell(line);
  if (!lexed.ok) return { decision: 'ask', reason: `The command line could not be read (${lexed.error}), so it needs approval.`, parts: [] };
  const risks = new Set<Risk>(lexed.hazards);
  const parts = splitParts(line, lexed.tokens, risks);
  const texts = parts.map((p) => p.text);
  if (parts.length === 0) return { decision: 'deny', reason: 'The command is empty.', parts: [] };

  const denied = findDenied(parts, policy.deny);
  if (denied) return { decision: 'deny', reason: denied, parts: texts };
  if (policy.shell === 'cmd' && CMD_SPECIAL.test(line)) {
    return { decision: 'ask', reason: 'This needs approval because cmd.exe reads its quotes, ^, % or ! differently from how this line was checked.', parts: texts };
  }
  if (risks.size > 0) {
    const why = [...risks].map((r) => RISK_WORDS[r]).join('; ');
    return { decision: 'ask', reason: `This needs approval because ${why}.`, parts: texts };
  }
  const allow = policy.allow.map(patternWords).filter((w): w is string[] => w !== undefined);
  const unlisted = parts.filter((p) => !allow.some((a) => startsWithWords(p.words, a)));
  if (unlisted.length === 0) return { decision: 'allow', reason: 'Every command in the line is on the allow list.', parts: texts };
  const names = unlisted.map((p) => `"${p.text}"`).join(', ');
  return { decision: 'ask', reason: `${names} ${unlisted.length === 1 ? 'is' : 'are'} not on the allow list.`, parts: texts };
}

/** Splits tokens into chained commands; a redirection takes the next word as its target, and is judged here. */
function splitParts(line: string, tokens: ShellToken[], risks: Set<Risk>): Part[] {
  const parts: Part[] = [];
  let words: string[] = [];
  let from: number | undefined;
  let to = 0;
  const close = () => {
    if (from !== undefined) parts.push({ words, text: line.slice(from, to).trim() });
    words = [];
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
      words.push(t.value);
      continue;
    }
    const target = tokens[i + 1];
    if (target?.kind !== 'word') {
      risks.add('bad-redirect');
      continue;
    }
    to = target.end;
    i++;
    const risk = redirectRisk(t.op, target.value);
    if (risk) risks.add(risk);
  }
  close();
  return parts.filter((p) => p.text !== '');
}

function redirectRisk(op: string, target: string): Risk | undefined {
  if (op === '<' || op.startsWith('<<')) return undefined; // here-documents are flagged by the tokenizer
  if (op === '>&' || op === '<&') return /^(\d+-?|-)$/.test(target) ? undefined : 'writes-file'; // 2>&1 only joins streams
  return target === '/dev/null' ? undefined : 'writes-file';
}

function findDenied(parts: Part[], deny: string[]): string | undefined {
  const rules = deny.flatMap((entry) => {
    const words = patternWords(entry);
    return words ? [{ entry: entry.trim(), words }] : [];
  });
  for (const part of parts) {
    const rule = rules.find((r) => containsWords(part.words, r.words));
    if (rule) return `"${part.text}" matches the deny rule "${rule.entry}".`;
    // A script handed to a nested shell or to eval is checked the same way.
    const nested = nestedScript(part.words);
    if (nested !== undefined) {
      const inner = judgeCommand(nested, { allow: [], deny });
      if (inner.decision === 'deny') return inner.reason;
    }
  }
  return undefined;
}

/** The script of `bash -c '…'` (also behind `sudo`, `xargs`, …) or the arguments of `eval`. */
function nestedScript(words: string[]): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const name = basename(words[k]);
    if (name === 'eval') return words.slice(k + 1).join(' ');
    if (!SHELLS.has(name)) continue;
    const flag = words.findIndex((w, i) => i > k && /^-[a-z]*c[a-z]*$/i.test(w));
    if (flag !== -1 && flag + 1 < words.length) return words[flag + 1];
  }
  return undefined;
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

/** The first pattern word also matches a path to the program (`/bin/rm` for `rm`). */
function containsWords(words: string[], pattern: string[]): boolean {
  for (let i = 0; i + pattern.length <= words.length; i++) {
    if (pattern.every((w, j) => words[i + j] === w || (j === 0 && !w.includes('/') && basename(words[i]) === w))) return true;
  }
  return false;
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}
