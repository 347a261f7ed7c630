/**
 * Builds what one agent run needs from the VS Code adapters, fresh per run so settings, the key
 * and workspace trust are read when the run starts. This is the only place that knows them all.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { agentRunner, createTools, type AgentDeps } from '../agent/index';
import type { Runner, RunRequest } from '../chat/types';
import { loadIgnore } from '../agent/session';
import type { IgnoreFilter } from '../guards/ignore';
import { chooseShell, type ShellChoice } from '../guards/shellChoice';
import { redactOutput } from '../model/redact';
import type { ModelClient } from '../model/types';
import type { AgentEvent } from '../shared/events';
import type { CodeSearch, CommandRunner, DiagnosticsSource, SemanticIndex, WorkspaceFs } from '../tools/types';
import { folderIgnore, folderProtection } from '../workspace/folderRules';
import { MultiRootCommands, MultiRootDiagnostics, MultiRootFs, MultiRootSearch } from '../workspace/multiRoot';
import { findRipgrep, RipgrepSearch } from './codeSearch';
import { TaskCommandRunner } from './commandRunner';
import type { ApiKeyStore } from './apiKey';
import type { CheckCommandApprovals } from './checkCommandApproval';
import { AskingCommandGate, type PendingCommands } from './commandGate';
import { VscodeDiagnostics } from './diagnostics';
import { DiffApprover, type PendingChanges } from './diffApprover';
import type { McpService } from './mcp';
import type { ModelFactory } from './modelFactory';
import type { ProposalContentProvider } from './proposals';
import type { RecentFiles } from './recentFiles';
import type { RunReviews } from './runReviews';
import { DEFAULT_DENIED, personalInstructions, readAgentsSettings, readSettings } from './settings';
import { abortableSleep } from './sleep';
import { WorkspaceFolders } from './folders';

export interface RuntimeParts {
  models: ModelFactory;
  proposals: ProposalContentProvider;
  pendingChanges: PendingChanges;
  pendingCommands: PendingCommands;
  reviews: RunReviews;
  keys: ApiKeyStore;
  checkApprovals: CheckCommandApprovals;
  recent: () => RecentFiles | undefined;
  log: vscode.LogOutputChannel;
  /** The user's MCP servers; their tools are added to a run's tools at its start. */
  mcp?: McpService;
  /** The codebase index for `semantic_search`; `undefined` when indexing is off. */
  index?: () => SemanticIndex | undefined;
}

export const RESTRICTED_MODE =
  'this folder is open in Restricted Mode, so the agent may read and chat but not change files or run commands. Trust the folder (Manage Workspace Trust) to let it act.';

interface WorkspaceParts {
  fs: WorkspaceFs;
  search: CodeSearch;
  commands: CommandRunner;
  diagnostics: DiagnosticsSource;
  /** Multi-root only: each folder's own ignore files, and the folder names for the model. */
  ignore?: IgnoreFilter;
  folders?: string[];
}

/**
 * The tools' view of the workspace: one folder's adapters as they are, or, with several folders,
 * each folder's adapters behind `folder/…` paths, its own ignore files judging its own paths.
 */
async function workspaceParts(folders: WorkspaceFolders, rg: string | undefined, shell: ShellChoice, redact: (text: string) => string): Promise<WorkspaceParts> {
  const roots = folders.roots;
  const each = roots.roots.map((r) => {
    const uri = folders.uriOfRoot(r);
    return { fs: folders.folderFs(r), search: new RipgrepSearch(uri, rg), commands: new TaskCommandRunner(uri, shell, redact), diagnostics: new VscodeDiagnostics(uri) };
  });
  if (!roots.multi) return each[0];
  const filters = await Promise.all(each.map((e) => loadIgnore(e.fs)));
  return {
    fs: new MultiRootFs(roots, (r) => each[r.index].fs),
    search: new MultiRootSearch(roots, (r) => each[r.index].search),
    commands: new MultiRootCommands(roots, (r) => each[r.index].commands),
    diagnostics: new MultiRootDiagnostics(roots, (r) => each[r.index].diagnostics),
    ignore: folderIgnore(roots, filters),
    folders: roots.names,
  };
}

export function createAgentRunner(parts: RuntimeParts): Runner {
  const rg = findRipgrep(vscode.env.appRoot);
  const shell = chooseShell(process.platform, existsSync);
  return {
    async run(request: RunRequest, history, emit, signal, runId = randomUUID()) {
      const folders = WorkspaceFolders.current();
      if (!folders) throw new Error('Open a folder first: the agent works on the files of a workspace folder.');
      const makeDeps = async (emitEvent: (e: AgentEvent) => void): Promise<AgentDeps> => {
        const model = await parts.models.create();
        const contextWindow = await parts.models.contextWindow();
        const s = readSettings();
        const checkpoint = parts.reviews.checkpointFor(runId);
        parts.pendingChanges.resetTaskDecisions();
        const trusted = vscode.workspace.isTrusted;
        // A key given by environment variable is readable by commands (/proc), so it is redacted too.
        const secrets = [await parts.keys.get(), process.env.GEMINI_API_KEY].filter((k): k is string => !!k);
        const ws = await workspaceParts(folders, rg, shell, (text) => redactOutput(text, secrets));
        const fs = ws.fs;
        const index = parts.index?.();
        const agents = readAgentsSettings(s.model);
        // One client per helper model, made before the run (the key is read once, here).
        const roleModels = new Map<string, ModelClient>();
        for (const name of [agents.planner, agents.explorer, agents.reviewer].filter((r) => r.enabled).map((r) => r.model)) {
          if (name && name !== s.model && !roleModels.has(name)) roleModels.set(name, await parts.models.create(name));
        }
        return {
          model,
          modelFor: (name) => roleModels.get(name) ?? model,
          // MCP tools are fixed here, once per run: every request of the run declares the same tools.
          tools: [...createTools(), ...(parts.mcp ? await parts.mcp.toolsForRun(signal) : [])],
          workspace: {
            ...ws,
            ...(index ? { index } : {}),
            approver: new DiffApprover(parts.proposals, parts.pendingChanges, {
              uriOf: (p) => folders.uri(p),
              mode: s.approvalMode,
              isProtected: (c) => folderProtection(folders.roots, c, s.protectedFiles),
              record: (c) => checkpoint.record(c),
              realPath: async (p) => (fs.realPath ? fs.realPath(p) : p),
            }),
            commandGate: new AskingCommandGate(
              { allow: s.allowedCommands, deny: [...DEFAULT_DENIED, ...s.deniedCommands], shell: shell.grammar, protectedFiles: s.protectedFiles },
              parts.pendingCommands,
            ),
            readOnlyReason: trusted ? undefined : RESTRICTED_MODE,
            trusted,
          },
          settings: {
            maxToolRounds: s.maxToolRounds,
            maxRunTokens: s.maxRunTokens,
            maxRunMs: s.maxRunMinutes * 60_000,
            commandTimeoutMs: s.commandTimeoutSeconds * 1000,
            maxFixAttempts: s.maxFixAttempts,
            checkCommand: parts.checkApprovals.commandForRun(s.checkCommand),
            instructions: personalInstructions(),
            agents,
            ...(contextWindow ? { contextWindowTokens: contextWindow } : {}),
          },
          emit: (e) => {
            logEvent(parts.log, e, s.debugLogging);
            emitEvent(e);
          },
          sleep: abortableSleep,
          now: Date.now,
          newId: randomUUID,
        };
      };
      const recentFiles = parts.recent()?.list();
      // A server that fails to start or dies during the run shows in the panel; the run goes on.
      const stopWatch = parts.mcp?.watch(emit);
      try {
        return await agentRunner(makeDeps).run({ ...request, recentFiles }, history, emit, signal);
      } finally {
        stopWatch?.();
      }
    },
  };
}

/** Requests and results without contents, unless debug logging is on. */
function logEvent(log: vscode.LogOutputChannel, e: AgentEvent, debug: boolean): void {
  switch (e.type) {
    case 'textDelta':
    case 'thoughtDelta':
      if (debug) log.trace(`${e.type}: ${e.text}`);
      return;
    case 'toolStarted':
      log.info(`tool ${e.name} started${debug ? `: ${e.label}` : ''}`);
      return;
    case 'toolFinished':
      log.info(`tool call ${e.ok ? 'succeeded' : 'failed'}${debug ? `: ${e.summary}` : ''}`);
      return;
    case 'usage':
      log.info(`usage: prompt ${e.request.promptTokens}, output ${e.request.outputTokens}, thoughts ${e.request.thoughtTokens}; run total ${e.run.totalTokens}`);
      return;
    case 'retry':
      log.warn(`retry ${e.attempt} in ${e.delayMs} ms: ${e.reason}`);
      return;
    case 'error':
      log.error(e.link ? `${e.message} (${e.link.url})` : e.message);
      return;
    case 'textWithdrawn':
      log.warn(`${e.label} (${e.chars} characters)`);
      return;
    case 'subagentStarted':
      log.info(`${e.role} ${e.agentId} started on ${e.model}${debug ? `: ${e.title}` : ''}`);
      return;
    case 'subagentFinished':
      log.info(`subagent ${e.agentId} ${e.status}; ${e.usage.totalTokens} tokens${debug ? ` — ${e.summary}` : ''}`);
      return;
    case 'subagentEvent':
      if (debug) log.debug(`subagent ${e.agentId}: ${JSON.stringify(e.event)}`);
      return;
    case 'review':
      log.info(`review of task ${e.taskId}, round ${e.round}: ${e.verdict}, ${e.comments.length} comment(s)`);
      return;
    case 'runEnded':
      log.info(`run ended: ${e.status}${debug ? ` — ${e.message}` : ''}`);
      return;
    default:
      if (debug) log.debug(JSON.stringify(e));
  }
}
