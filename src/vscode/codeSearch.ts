/**
 * `search_codebase` with the ripgrep VS Code ships (it honours .gitignore and, passed as an ignore
 * file, .agentignore), falling back to `workspace.findFiles` and reading when it is missing.
 */
import * as vscode from 'vscode';
import { searchWithRipgrep, type SearchQuery } from '../search/ripgrep';
import type { CodeSearch, SearchMatch, SearchResult } from '../tools/types';

export { findRipgrep } from '../search/ripgrep';

export class RipgrepSearch implements CodeSearch {
  constructor(private readonly root: vscode.Uri, private readonly rg: string | undefined) {}

  search(q: SearchQuery, signal: AbortSignal): Promise<SearchResult> {
    return this.rg ? searchWithRipgrep(this.rg, this.root.fsPath, q, signal) : this.viaFindFiles(q, signal);
  }

  private async viaFindFiles(q: SearchQuery, signal: AbortSignal): Promise<SearchResult> {
    const re = new RegExp(q.isRegex ? q.query : q.query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const files = await vscode.workspace.findFiles(new vscode.RelativePattern(this.root, q.include ?? '**/*'), '**/{node_modules,.git}/**', 20_000);
    const matches: SearchMatch[] = [];
    let omitted = 0;
    for (const file of files) {
      if (signal.aborted) break;
      const relative = vscode.workspace.asRelativePath(file, false);
      if (q.skip?.(relative)) continue;
      const bytes = await vscode.workspace.fs.readFile(file);
      if (bytes.subarray(0, 8000).includes(0)) continue;
      const lines = Buffer.from(bytes).toString('utf8').split('\n');
      lines.forEach((text, i) => {
        if (!re.test(text)) return;
        if (matches.length < q.maxResults) matches.push({ path: relative, line: i + 1, text: text.trim().slice(0, 300) });
        else omitted++;
      });
    }
    return { matches, omitted };
  }
}
