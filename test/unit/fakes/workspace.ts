/** Fakes for the rest of the workspace: commands, diagnostics, approval, search. */
import type {
  ApprovalDecision,
  ChangeApprover,
  CodeSearch,
  CommandResult,
  CommandRunner,
  Diagnostic,
  DiagnosticsSource,
  ProposedChange,
  SearchResult,
} from '../../../src/tools/types';
import type { MemoryFs } from './memoryFs';

export const exit = (exitCode: number, output = ''): CommandResult => ({ exitCode, output, timedOut: false, cancelled: false });

export class FakeCommands implements CommandRunner {
  readonly runs: Array<{ command: string; cwd?: string; timeoutMs: number }> = [];

  constructor(private readonly respond: (command: string, index: number) => CommandResult | Promise<CommandResult> = () => exit(0)) {}

  async run(req: { command: string; cwd?: string; timeoutMs: number }, signal: AbortSignal): Promise<CommandResult> {
    this.runs.push(req);
    signal.throwIfAborted();
    return this.respond(req.command, this.runs.length - 1);
  }
}

export class FakeDiagnostics implements DiagnosticsSource {
  list: Diagnostic[] = [];
  readonly settled: string[][] = [];

  get(paths?: string[]): Diagnostic[] {
    return paths ? this.list.filter((d) => paths.includes(d.path)) : [...this.list];
  }

  async settle(paths: string[], _timeoutMs: number, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.settled.push(paths);
  }
}

/** Applies approved changes to the in-memory folder; `decide` can reject or wait. */
export class FakeApprover implements ChangeApprover {
  readonly proposals: ProposedChange[] = [];

  constructor(
    private readonly fs: MemoryFs,
    public decide: (change: ProposedChange, signal: AbortSignal) => ApprovalDecision | Promise<ApprovalDecision> = () => ({ approved: true }),
  ) {}

  async propose(change: ProposedChange, signal: AbortSignal, beforeApply?: () => Promise<void>): Promise<ApprovalDecision> {
    this.proposals.push(change);
    const decision = await this.decide(change, signal);
    if (!decision.approved) return decision;
    await beforeApply?.();
    if (change.after === undefined) await this.fs.delete(change.path);
    else await this.fs.writeFile(change.path, new TextEncoder().encode(change.after));
    return decision;
  }
}

/** Plain substring search over the in-memory files. */
export class FakeSearch implements CodeSearch {
  readonly queries: Array<{ query: string; isRegex: boolean; include?: string; maxResults: number; skip?: (path: string) => boolean }> = [];

  constructor(private readonly fs: MemoryFs) {}

  async search(q: { query: string; isRegex: boolean; include?: string; maxResults: number; skip?: (path: string) => boolean }): Promise<SearchResult> {
    this.queries.push(q);
    const matches: SearchResult['matches'] = [];
    let omitted = 0;
    const re = q.isRegex ? new RegExp(q.query) : undefined;
    for (const path of [...this.fs.files.keys()].sort()) {
      if (q.skip?.(path)) continue;
      (this.fs.text(path) ?? '').split('\n').forEach((text, i) => {
        if (!(re ? re.test(text) : text.includes(q.query))) return;
        if (matches.length < q.maxResults) matches.push({ path, line: i + 1, text });
        else omitted++;
      });
    }
    return { matches, omitted };
  }
}
