/**
 * Reading a check command's output: the problems it reports with their place (tsc, eslint, and
 * the common `file:line:col: message` form of compilers and linters), and whether the command
 * could run at all. Pure, so it is tested on real outputs.
 */
import { stripAnsi } from '../guards/output';
import type { CommandResult } from '../tools/types';

/** One problem a check or the editor reports. `path` is empty for a failure with no location. */
export interface Problem {
  path: string;
  line?: number;
  column?: number;
  message: string;
  /** Who reported it, when the editor did ("ts", "eslint"). */
  source?: string;
}

export interface ParsedOutput {
  /** Errors with a place, in output order; warnings are left out (they do not fail a check). */
  problems: Problem[];
  /** Lines that read like failures but name no place (a failed test, a crash). */
  unplaced: string[];
}

const MAX_CONTINUATION_LINES = 4;
const TSC = /^(?<path>[^\s(:][^():]*?)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning)(?<message> .*)$/;
const TSC_PRETTY = /^(?<path>[^\s:][^:]*?):(?<line>\d+):(?<column>\d+) - (?<severity>error|warning)(?<message> .*)$/;
const GENERIC = /^(?<path>(?:[A-Za-z]:)?[^\s:]+\.[A-Za-z0-9]{1,10}):(?<line>\d+)(?::(?<column>\d+))?:? (?<message>.*\S.*)$/;
/** `src/a.ts: message`: a file named, no line. */
const FILE_ONLY = /^(?<path>(?:[A-Za-z]:)?[^\s:]*[/\\][^\s:]*\.[A-Za-z0-9]{1,10}|[^\s:/\\]+\.(?:ts|tsx|js|jsx|mjs|cjs|py|rs|go|java|rb|php|cs|c|cc|cpp|h|hpp|vue|svelte|json)): (?<message>.*\S.*)$/;
const ESLINT_FILE = /^(?:[A-Za-z]:)?[^\s:]*[/\\][^\s:]*\.[A-Za-z0-9]{1,10}$|^[^\s:/\\]+\.[A-Za-z0-9]{1,10}$/;
const ESLINT_ROW = /^\s+(?<line>\d+):(?<column>\d+)\s+(?<severity>error|warning)\s+(?<message>.+?)(?:\s{2,}(?<rule>[\w@/-]+))?\s*$/;
const FAILURE_WORDS = /\b(error|errors|failed|failure|failing|exception|cannot|not ok|panicked)\b|\w(Error|Exception)\b|✗|✖|×/i;
/** Summary lines repeat what the problems already say. */
const TALLY = /^(found \d+ errors?|\d+ problems? \(|✖ \d+ problems?|errors\s+files?$|\s*\d+\s+\S+:\d+\s*$)/i;

export function parseCheckOutput(output: string): ParsedOutput {
  const problems: Problem[] = [];
  const unplaced: string[] = [];
  let eslintFile: string | undefined;
  let last: { problem: Problem; continued: number } | undefined;
  for (const raw of stripAnsi(output).split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, '');
    if (line === '') {
      last = undefined;
      continue;
    }
    const tsc = TSC.exec(line) ?? TSC_PRETTY.exec(line);
    if (tsc?.groups) {
      last = undefined;
      if (tsc.groups.severity === 'error') {
        const problem = placed(tsc.groups, `error${tsc.groups.message}`);
        problems.push(problem);
        last = { problem, continued: 0 };
      }
      continue;
    }
    // tsc indents the rest of a long message ("  Type 'x' is not assignable to ...").
    if (last && /^\s{2,}\S/.test(line) && !ESLINT_ROW.test(line)) {
      if (last.continued++ < MAX_CONTINUATION_LINES) last.problem.message += ` ${line.trim()}`;
      continue;
    }
    last = undefined;
    const row = ESLINT_ROW.exec(line);
    if (row?.groups && eslintFile) {
      if (row.groups.severity === 'error') problems.push(placed({ ...row.groups, path: eslintFile }, row.groups.message + (row.groups.rule ? ` (${row.groups.rule})` : '')));
      continue;
    }
    if (ESLINT_FILE.test(line)) {
      eslintFile = line;
      continue;
    }
    const generic = GENERIC.exec(line);
    if (generic?.groups) {
      if (!/^\s*(warning|note|info|hint)\b/i.test(generic.groups.message)) problems.push(placed(generic.groups, generic.groups.message.trim()));
      continue;
    }
    const fileOnly = FILE_ONLY.exec(line);
    if (fileOnly?.groups) {
      problems.push({ path: normalisePath(fileOnly.groups.path), message: fileOnly.groups.message.trim() });
      continue;
    }
    if (FAILURE_WORDS.test(line) && !TALLY.test(line.trim()) && !/^\s*(npm|pnpm|yarn) (ERR!|error) /.test(line)) unplaced.push(line.trim());
  }
  return { problems, unplaced };
}

function placed(g: Record<string, string | undefined>, message: string): Problem {
  return { path: normalisePath(g.path ?? ''), line: Number(g.line), ...(g.column ? { column: Number(g.column) } : {}), message };
}

export function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

/** Why a check could not judge the change at all, and what would make it run; `undefined` when it ran. */
export interface Unavailable {
  reason: string;
  remedy: string;
}

const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo)\b|network request to .* failed|npm (ERR!|error) network|Could not resolve host|Temporary failure in name resolution/i;

/**
 * "Could not run" is not "failed": a missing tool or dependency, or a check that needs the network,
 * says nothing about the change. `beforeTask` marks the run made before the task changed anything:
 * only there does a module that cannot be found mean missing dependencies (after a change it may
 * be the change's own broken import).
 */
export function unavailableCheck(command: string, result: CommandResult, beforeTask: boolean, timeoutMs: number): Unavailable | undefined {
  const output = stripAnsi(result.output);
  const install = installHint(command);
  if (result.timedOut) return { reason: `it did not finish within ${Math.round(timeoutMs / 1000)} s`, remedy: 'set a narrower Check Command (geminiAgent.checkCommand)' };
  if (result.exitCode === 0) return undefined;
  if (/npx canceled due to missing packages/i.test(output)) {
    const pkg = /missing packages[^[]*\[([^\]]*)\]/i.exec(output)?.[1]?.replace(/"/g, '');
    return { reason: `the tool is not installed in the workspace (npx would have to download ${pkg || 'it'})`, remedy: install };
  }
  const notFound = /(?:^|\s)([\w@./-]+): (?:command )?not found\s*$/im.exec(output) ?? /'([^']+)' is not recognized as an internal or external command/i.exec(output);
  if (result.exitCode === 127 || notFound) return { reason: `command not found${notFound ? `: ${notFound[1]}` : ''}`, remedy: install };
  if (/\bspawn\s+\S+\s+ENOENT\b|\bENOENT\b.*\bspawn\b/i.test(output)) return { reason: 'a program it starts is not installed', remedy: install };
  if (/npm (ERR!|error) Missing script:/i.test(output)) return { reason: 'the script it names does not exist in package.json', remedy: 'set Check Command (geminiAgent.checkCommand) to a command the project has' };
  if (NETWORK.test(output)) return { reason: 'it needs network access, which is not available', remedy: `${install}, then run it again` };
  if (beforeTask && /\b(ERR_MODULE_NOT_FOUND|MODULE_NOT_FOUND)\b|^Error: Cannot find (module|package) /m.test(output)) {
    return { reason: 'a module it needs is not installed', remedy: install };
  }
  return undefined;
}

function installHint(command: string): string {
  if (/^(npx|npm|node|tsc|eslint|jest|vitest|mocha)\b/.test(command)) return "install the project's dependencies (npm install)";
  if (/^pnpm\b/.test(command)) return "install the project's dependencies (pnpm install)";
  if (/^yarn\b/.test(command)) return "install the project's dependencies (yarn install)";
  if (/^bun\b/.test(command)) return "install the project's dependencies (bun install)";
  if (/^(python3?|pytest|mypy|ruff|flake8|pylint|tox)\b/.test(command)) return "install the project's Python dependencies (for example pip install -e . or pip install -r requirements.txt)";
  if (/^cargo\b/.test(command)) return 'install the Rust toolchain (rustup)';
  if (/^go\b/.test(command)) return 'install Go';
  return `install what \`${command.split(/\s+/)[0]}\` needs`;
}
