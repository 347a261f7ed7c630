/**
 * What an agent run needs and what it gives back. The extension builds these by hand from VS Code
 * adapters; tests build them from in-memory fakes. Nothing here imports `vscode`.
 */
import type { AgentsSettings } from '../agents/settings';
import { NO_AGENTS } from '../agents/settings';
import type { IgnoreFilter } from '../guards/ignore';
import type { Content, ModelClient, Usage } from '../model/types';
import type { AgentEvent, PlanTask, RunEndStatus } from '../shared/events';
import type { ChangeApprover, CodeSearch, CommandGate, CommandRunner, DiagnosticsSource, SemanticIndex, Tool, WorkspaceFs } from '../tools/types';

/** Where the request came from, when it came from an editor (plain data, gathered by the caller). */
export interface EditorContext {
  path: string;
  selection?: { startLine: number; endLine: number; text: string };
  diagnostics?: string[];
}

export interface AgentRequest {
  text: string;
  editor?: EditorContext;
  /** Workspace-relative paths changed recently, newest first (from a file watcher). */
  recentFiles?: string[];
  /** What the message's @-mentions added (a section each), sent once, in this request's user message. */
  mentions?: Array<{ text?: string }>;
  /** The message's images, by reference to their stored bytes. */
  images?: Array<{ ref: string; mimeType: string }>;
}

export interface AgentSettings {
  /** Model turns with tool calls per task (fix attempts included) before the run stops. */
  maxToolRounds: number;
  /** Prompt + output tokens for the whole run. */
  maxRunTokens: number;
  maxRunMs: number;
  maxFixAttempts: number;
  /** Empty: detected from package.json and tsconfig.json. */
  checkCommand: string;
  /** The model's input window (`ModelInfo.inputTokenLimit`). */
  contextWindowTokens: number;
  /** Retries of one request after rate limits, outages and cut streams. */
  maxRetries: number;
  /** A server asking to wait longer than this is not waited for. */
  maxRetryDelayMs: number;
  commandTimeoutMs: number;
  checkTimeoutMs: number;
  diagnosticsSettleMs: number;
  temperature?: number;
  /** The user's personal instructions (a setting), given to the model with the project's rules. */
  instructions: string;
  /** The helper agents (planner, explorers, reviewer) and their caps; none by default. */
  agents: AgentsSettings;
}

export const DEFAULT_SETTINGS: AgentSettings = {
  maxToolRounds: 25,
  maxRunTokens: 2_000_000,
  maxRunMs: 30 * 60_000,
  maxFixAttempts: 2,
  checkCommand: '',
  contextWindowTokens: 1_048_576,
  maxRetries: 4,
  maxRetryDelayMs: 120_000,
  commandTimeoutMs: 5 * 60_000,
  checkTimeoutMs: 5 * 60_000,
  diagnosticsSettleMs: 3000,
  instructions: '',
  agents: NO_AGENTS,
};

/** The workspace side of the tool context. */
export interface AgentWorkspace {
  fs: WorkspaceFs;
  search: CodeSearch;
  commands: CommandRunner;
  diagnostics: DiagnosticsSource;
  approver: ChangeApprover;
  commandGate?: CommandGate;
  /** Restricted Mode: changes and commands are refused with this text. */
  readOnlyReason?: string;
  /**
   * `false` in Restricted Mode: the project's rules files are not read, since an untrusted
   * repository must not steer the agent. Absent: trusted.
   */
  trusted?: boolean;
  /** Absent: read from the workspace's `.gitignore` and `.agentignore` at the start of the run. */
  ignore?: IgnoreFilter;
  /** A multi-root workspace's folder names, which start every path; absent with one folder. */
  folders?: string[];
  /** The codebase index for `semantic_search`; absent when indexing is off. */
  index?: SemanticIndex;
}

export interface AgentDeps {
  model: ModelClient;
  /**
   * A client for another model by name (a role's model setting). Absent, or for the empty name:
   * `model` serves every role.
   */
  modelFor?(name: string): ModelClient;
  tools: readonly Tool[];
  workspace: AgentWorkspace;
  settings?: Partial<AgentSettings>;
  emit(event: AgentEvent): void;
  /** Rejects when the signal aborts. Injected so tests do not wait for real backoff. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  now(): number;
  /** In [0, 1); Math.random when absent. Injected so tests get exact backoff delays. */
  random?(): number;
  /** Ids for tool calls and changes; must be unique across runs of a chat. */
  newId?(): string;
}

export interface RunResult {
  status: RunEndStatus;
  message: string;
  /** The conversation including this run, to pass to the next run of the chat. */
  history: Content[];
  tasks: PlanTask[];
  usage: Usage;
}
