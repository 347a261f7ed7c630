/**
 * `search_codebase` through ripgrep, without VS Code: where VS Code keeps its ripgrep, the
 * arguments, and reading its output. The VS Code adapter (src/vscode/codeSearch.ts) and the
 * benchmark both use this, so the benchmark times exactly what the product runs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { SENSITIVE_RULES } from '../guards/lists';
import type { SearchMatch, SearchResult } from '../tools/types';

export interface SearchQuery {
  query: string;
  isRegex: boolean;
  include?: string;
  maxResults: number;
  /**
   * Paths whose matches are dropped before they are counted, so neither the matches nor the
   * count of those left out say anything about files the agent may not read.
   */
  skip?: (path: string) => boolean;
}

/**
 * The built-in sensitive patterns as ripgrep exclusions, so ripgrep never opens those files (and
 * its time does not depend on them). A rule with a `!` exception (`id_*` but not `id_*.pub`) is
 * left to `skip`, because a positive ripgrep glob would restrict the whole search to it.
 */
const SENSITIVE_GLOBS = SENSITIVE_RULES.filter((r) => !r.patterns.some((p) => p.startsWith('!'))).flatMap((r) => r.patterns.flatMap((p) => ['--glob', `!${p}`]));

/** The ripgrep VS Code ships under its app root (`vscode.env.appRoot`), if any. */
export function findRipgrep(appRoot: string): string | undefined {
  const bin = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const candidates = [
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, bin),
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', bin),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', bin),
  ];
  return candidates.find((c) => existsSync(c));
}

/**
 * Arguments for a search run in the workspace folder. ripgrep honours .gitignore itself (also
 * outside a git repository, as the other tools do); `.agentignore` is passed as an ignore file
 * when the folder has one.
 */
export function ripgrepArgs(q: SearchQuery, options: { agentignore: boolean }): string[] {
  const args = ['--json', '--hidden', '--no-require-git', '--glob', '!.git', ...SENSITIVE_GLOBS];
  if (!q.isRegex) args.push('--fixed-strings');
  if (q.include) args.push('--glob', q.include);
  if (options.agentignore) args.push('--ignore-file', '.agentignore');
  args.push('--regexp', q.query, '--', '.');
  return args;
}

/** Longer than the tool shows (300), so it can mark a cut line with …. */
const MAX_TEXT = 1000;

/**
 * Reads ripgrep's `--json` output (one JSON object a line), keeping the first `maxResults`
 * matches and counting the rest. JSON, not `path:line:text`, because a path may contain `:`.
 * Paths or lines that are not UTF-8 come as base64 `bytes`; they are decoded loosely.
 */
export class RipgrepOutput {
  readonly matches: SearchMatch[] = [];
  omitted = 0;
  private rest = '';

  constructor(
    private readonly maxResults: number,
    private readonly skip: (path: string) => boolean = () => false,
  ) {}

  /** Feeds a chunk of stdout; a line split across chunks is kept until it is complete. */
  push(chunk: string): void {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  /** The output ended: a last line without a newline still counts. */
  end(): SearchResult {
    if (this.rest) this.line(this.rest);
    this.rest = '';
    return { matches: this.matches, omitted: this.omitted };
  }

  private line(line: string): void {
    const match = parseMatch(line);
    if (!match || this.skip(match.path)) return;
    if (this.matches.length < this.maxResults) this.matches.push(match);
    else this.omitted++;
  }
}

const Text = z.union([z.object({ text: z.string() }), z.object({ bytes: z.string() })]);
const MatchLine = z.object({
  type: z.literal('match'),
  data: z.object({ path: Text, lines: Text, line_number: z.number().int().nullable() }),
});

function parseMatch(line: string): SearchMatch | undefined {
  if (!line.startsWith('{"type":"match"')) return undefined;
  let parsed;
  try {
    parsed = MatchLine.safeParse(JSON.parse(line));
  } catch {
    return undefined;
  }
  if (!parsed.success || parsed.data.data.line_number === null) return undefined;
  const d = parsed.data.data;
  const text = textOf(d.lines).replace(/\r?\n$/, '').trim();
  return { path: textOf(d.path).replace(/^\.\//, ''), line: d.line_number!, text: text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) : text };
}

function textOf(t: z.infer<typeof Text>): string {
  return 'text' in t ? t.text : Buffer.from(t.bytes, 'base64').toString('utf8');
}

/** Runs ripgrep in `cwd` and resolves with its matches; the signal kills it. */
export function searchWithRipgrep(rg: string, cwd: string, q: SearchQuery, signal: AbortSignal): Promise<SearchResult> {
  const args = ripgrepArgs(q, { agentignore: existsSync(path.join(cwd, '.agentignore')) });
  return new Promise((resolve, reject) => {
    const child = spawn(rg, args, { cwd, signal });
    const output = new RipgrepOutput(q.maxResults, q.skip);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => output.push(chunk));
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = output.end();
      // 1 means no match; 2 with results means some files could not be read.
      if (code === 0 || code === 1 || (code === 2 && result.matches.length > 0)) resolve(result);
      else reject(new Error(stderr.trim().split('\n')[0] || `ripgrep failed (exit ${code})`));
    });
  });
}
