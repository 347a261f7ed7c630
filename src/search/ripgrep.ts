/**
 * `search_codebase` through ripgrep, without VS Code: where VS Code keeps its ripgrep, the
 * arguments, and reading its output. The VS Code adapter (src/vscode/codeSearch.ts) and the
 * benchmark both use this, so the benchmark times exactly what the product runs.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { SearchMatch, SearchResult } from '../tools/types';

export interface SearchQuery {
  query: string;
  isRegex: boolean;
  include?: string;
  maxResults: number;
}

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
  const args = ['--line-number', '--no-heading', '--color', 'never', '--max-columns', '300', '--max-columns-preview', '--hidden', '--no-require-git', '--glob', '!.git'];
  if (!q.isRegex) args.push('--fixed-strings');
  if (q.include) args.push('--glob', q.include);
  if (options.agentignore) args.push('--ignore-file', '.agentignore');
  args.push('--regexp', q.query, '--', '.');
  return args;
}

/** Collects `path:line:text` lines, keeping the first `maxResults` and counting the rest. */
export class RipgrepOutput {
  readonly matches: SearchMatch[] = [];
  omitted = 0;
  private rest = '';

  constructor(private readonly maxResults: number) {}

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
    const m = /^(.*?):(\d+):(.*)$/.exec(line);
    if (!m) return;
    if (this.matches.length < this.maxResults) this.matches.push({ path: m[1].replace(/^\.\//, ''), line: Number(m[2]), text: m[3].trim() });
    else this.omitted++;
  }
}

/** Runs ripgrep in `cwd` and resolves with its matches; the signal kills it. */
export function searchWithRipgrep(rg: string, cwd: string, q: SearchQuery, signal: AbortSignal): Promise<SearchResult> {
  const args = ripgrepArgs(q, { agentignore: existsSync(path.join(cwd, '.agentignore')) });
  return new Promise((resolve, reject) => {
    const child = spawn(rg, args, { cwd, signal });
    const output = new RipgrepOutput(q.maxResults);
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
