/**
 * `search_codebase` with the ripgrep VS Code ships (it honours .gitignore and, passed as an ignore
 * file, .agentignore), falling back to `workspace.findFiles` and reading when it is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CodeSearch, SearchMatch, SearchResult } from '../tools/types';

export function findRipgrep(appRoot: string): string | undefined {
  const bin = process.platform === 'win32' ? 'rg.exe' : 'rg';
  const candidates = [
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep-universal', 'bin', `${process.platform}-${process.arch}`, bin),
    path.join(appRoot, 'node_modules', '@vscode', 'ripgrep', 'bin', bin),
    path.join(appRoot, 'node_modules.asar.unpacked', '@vscode', 'ripgrep', 'bin', bin),
  ];
  return candidates.find((c) => existsSync(c));
}

export class RipgrepSearch implements CodeSearch {
  constructor(private readonly root: vscode.Uri, private readonly rg: string | undefined) {}

  search(q: { query: string; isRegex: boolean; include?: string; maxResults: number }, signal: AbortSignal): Promise<SearchResult> {
    return this.rg ? this.viaRipgrep(this.rg, q, signal) : this.viaFindFiles(q, signal);
  }

  private viaRipgrep(rg: string, q: { query: string; isRegex: boolean; include?: string; maxResults: number }, signal: AbortSignal): Promise<SearchResult> {
    const args = ['--line-number', '--no-heading', '--color', 'never', '--max-columns', '300', '--max-columns-preview', '--hidden', '--glob', '!.git'];
    if (!q.isRegex) args.push('--fixed-strings');
    if (q.include) args.push('--glob', q.include);
    if (existsSync(path.join(this.root.fsPath, '.agentignore'))) args.push('--ignore-file', '.agentignore');
    args.push('--regexp', q.query, '--', '.');
    return new Promise((resolve, reject) => {
      const child = spawn(rg, args, { cwd: this.root.fsPath, signal });
      const matches: SearchMatch[] = [];
      let omitted = 0;
      let rest = '';
      child.stdout.on('data', (b: Buffer) => {
        const lines = (rest + b.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) {
          const m = line.match(/^(.*?):(\d+):(.*)$/);
          if (!m) continue;
          if (matches.length < q.maxResults) matches.push({ path: m[1].replace(/^\.\//, ''), line: Number(m[2]), text: m[3].trim() });
          else omitted++;
        }
      });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('error', reject);
      child.on('close', (code) => {
        // 1 means no match; 2 with results means some files could not be read.
        if (code === 0 || code === 1 || (code === 2 && matches.length > 0)) resolve({ matches, omitted });
        else reject(new Error(stderr.trim().split('\n')[0] || `ripgrep failed (exit ${code})`));
      });
    });
  }

  private async viaFindFiles(q: { query: string; isRegex: boolean; include?: string; maxResults: number }, signal: AbortSignal): Promise<SearchResult> {
    const re = new RegExp(q.isRegex ? q.query : q.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(this.root, q.include ?? '**/*'), '**/{node_modules,.git}/**', 20_000);
    const matches: SearchMatch[] = [];
    let omitted = 0;
    for (const file of files) {
      if (signal.aborted) break;
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.subarray(0, 8000).includes(0)) continue;
      const lines = Buffer.from(bytes).toString('utf8').split('\n');
      lines.forEach((text, i) => {
        if (!re.test(text)) return;
        if (matches.length < q.maxResults) matches.push({ path: vscode.workspace.asRelativePath(file, false), line: i + 1, text: text.trim().slice(0, 300) });
        else omitted++;
      });
    }
    return { matches, omitted };
  }
}
