/**
 * The small interfaces tools work against. Pure code implements or consumes these; the VS Code
 * adapters in `src/vscode/` implement them for a real workspace, tests with in-memory fakes.
 * Every path is relative to the workspace folder, with `/` separators.
 */
import type { z } from 'zod';
import type { CommandPolicy } from '../guards/commandLine';
import type { IgnoreFilter } from '../guards/ignore';

export type EntryType = 'file' | 'directory';

export interface FileStat {
  type: EntryType;
  size: number;
  mtime: number;
}

/** File access for one workspace folder. Implementations refuse paths that leave it. */
export interface WorkspaceFs {
  readFile(path: string): Promise<Uint8Array>;
  /** Writes the whole file, creating parent folders; never leaves a truncated file behind. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  delete(path: string): Promise<void>;
  /** `undefined` when nothing is there. */
  stat(path: string): Promise<FileStat | undefined>;
  readDirectory(path: string): Promise<Array<[name: string, type: EntryType]>>;
  /**
   * The workspace-relative path with symbolic links resolved (the path itself when none is on the
   * way; a path that does not exist yet is resolved as far as it exists). Throws when a link leads
   * out of the workspace. File systems without links leave it out.
   */
  realPath?(path: string): Promise<string>;
}

export interface SearchMatch {
  path: string;
  line: number;
  text: string;
}

export interface SearchResult {
  matches: SearchMatch[];
  /** Matches left out because of the cap (matches in skipped paths are not counted). */
  omitted: number;
}

export interface CodeSearch {
  /** `skip`: paths whose matches are dropped before counting (files the agent may not read). */
  search(query: { query: string; isRegex: boolean; include?: string; maxResults: number; skip?: (path: string) => boolean }, signal: AbortSignal): Promise<SearchResult>;
}

/** One chunk found by `semantic_search`. Lines are 1-based and inclusive. */
export interface SemanticHit {
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string;
  score: number;
  text: string;
}

/** The codebase index as the tools see it (src/index/codeIndex.ts in the product). */
export interface SemanticIndex {
  /** Never throws because the index is not built: answers lexically then, with a `note` saying so. */
  search(query: string, options: { path?: string; limit: number }, signal: AbortSignal): Promise<{ hits: SemanticHit[]; mode: 'hybrid' | 'lexical'; note?: string }>;
}

export interface CommandResult {
  exitCode: number | undefined;
  output: string;
  timedOut: boolean;
  cancelled: boolean;
}

/** Runs a shell command visibly (a VS Code task in the real product). */
export interface CommandRunner {
  run(command: { command: string; cwd?: string; timeoutMs: number }, signal: AbortSignal): Promise<CommandResult>;
}

export interface Diagnostic {
  path: string;
  line: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
}

export interface DiagnosticsSource {
  get(paths?: string[]): Diagnostic[];
  /** Resolves when diagnostics for these paths have stopped changing (or after `timeoutMs`). */
  settle(paths: string[], timeoutMs: number, signal: AbortSignal): Promise<void>;
}

/** A change a tool wants to make to one file. `after === undefined` means delete. */
export interface ProposedChange {
  id: string;
  path: string;
  before: string | undefined;
  after: string | undefined;
  taskId?: string;
}

export type ApprovalDecision = { approved: true } | { approved: false; reason?: string };

/**
 * Decides whether a proposed change is applied (the user's diff review in the product), and applies
 * it. `beforeApply`, when given, is awaited after the change is approved and before it is written:
 * work that must see the files as they were (the check's baseline) runs while the user reads the diff.
 */
export interface ChangeApprover {
  propose(change: ProposedChange, signal: AbortSignal, beforeApply?: () => Promise<void>): Promise<ApprovalDecision>;
}

/**
 * Decides whether `run_command` may run a line the policy does not allow outright. Without a gate
 * `run_command` refuses every line; the product passes one that asks.
 */
export interface CommandGate {
  policy: CommandPolicy;
  /** `parts`: the commands the judge split the line into, shown to the person deciding. */
  approve(request: { command: string; cwd: string; reason: string; parts?: string[] }, signal: AbortSignal): Promise<ApprovalDecision>;
}

/** A task of the plan as the model may write it in `update_plan`. */
export interface PlanTaskInput {
  id: string;
  description: string;
  files: string[];
}

/** The run's plan, as `update_plan` sees it. */
export interface PlanEditor {
  /** Replaces the pending part of the plan; returns an error in words, or the plan as it now stands. */
  revise(tasks: PlanTaskInput[]): { ok: true; plan: Array<PlanTaskInput & { status: string }> } | { ok: false; error: string };
}

/** What a tool gets when it runs. */
export interface ToolContext {
  fs: WorkspaceFs;
  search: CodeSearch;
  commands: CommandRunner;
  diagnostics: DiagnosticsSource;
  approver: ChangeApprover;
  signal: AbortSignal;
  /** Id of the task the call belongs to, for proposals and checkpoints. */
  taskId?: string;
  /** Hidden and sensitive paths. Absent: the built-in sensitive defaults still apply. */
  ignore?: IgnoreFilter;
  /** Set in Restricted Mode (an untrusted folder): file changes and commands are refused with this text. */
  readOnlyReason?: string;
  commandGate?: CommandGate;
  /** Timeout for `run_command`; a default applies when absent. */
  commandTimeoutMs?: number;
  plan?: PlanEditor;
  /** Ids for proposed changes; a counter when absent. */
  newId?: () => string;
  /** The codebase index; absent when indexing is off (`semantic_search` then falls back to text search). */
  index?: SemanticIndex;
  /** The id of this call's card in the panel (set by the dispatcher), for work nested under it. */
  callId?: string;
}

/** What the UI shows when a tool call finished. */
export interface ToolReport {
  summary: string;
  detail?: string;
  exitCode?: number;
}

/** A tool: its zod schema is both the declaration sent to Gemini and the validator of the model's arguments. */
export interface Tool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  parameters: S;
  /**
   * The declaration's `parameters` when they do not come from `parameters` (MCP tools: the
   * server's JSON Schema, already converted; `null` for none). `parameters` still validates.
   */
  declaredParameters?: Record<string, unknown> | null;
  /**
   * Returns the function response sent back to the model; a response with an `error` field counts
   * as a failed call. Throwing is allowed: the loop reports it.
   */
  execute(args: z.infer<S>, ctx: ToolContext): Promise<Record<string, unknown>>;
  /**
   * Calls of this tool may run at the same time as the other calls of the same model turn: it
   * changes nothing and waits for no one (`explore`). Absent: calls run one after another.
   */
  parallel?: boolean;
  /** Short label for the call card ("Read src/a.ts"). */
  label?(args: z.infer<S>): string;
  /** Summary of a successful result for the call card. */
  report?(args: z.infer<S>, result: Record<string, unknown>): ToolReport;
}
