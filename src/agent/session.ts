/**
 * Wires the pieces of one run together by hand. Each piece gets only the small interfaces it
 * uses; this is the only place that knows them all.
 */
import { EXPLORE_HINT } from '../agents/prompts';
import { Team } from '../agents/team';
import { IgnoreFilter } from '../guards/ignore';
import { ProjectRules, systemRules, type RulesUse } from '../rules/index';
import { toFunctionDeclarations } from '../tools/index';
import { decodeText } from '../tools/text';
import type { ChangeApprover, Tool, ToolContext, WorkspaceFs } from '../tools/types';
import { PlanBoard } from './board';
import { ToolDispatcher } from './dispatch';
import { RunLimits } from './limits';
import { ModelCaller } from './modelCall';
import type { RequestPrefix } from './planner';
import { systemInstruction } from './prompts';
import { RepeatGuard } from './repeats';
import { TaskLoop, type TaskReviewer } from './taskLoop';
import { TrackingApprover } from './tracking';
import { DEFAULT_SETTINGS, type AgentDeps, type AgentSettings } from './types';
import { UsageMeter } from './usage';
import { TaskValidator } from './validation';

export interface Session {
  settings: AgentSettings;
  ignore: IgnoreFilter;
  board: PlanBoard;
  caller: ModelCaller;
  loop: TaskLoop;
  meter: UsageMeter;
  /** The system instruction, tools and temperature every request of the run starts with. */
  prefix: RequestPrefix;
  /** The project's rules files (none in Restricted Mode); the root's are in `prefix`. */
  rules: ProjectRules;
  /** What the system instruction's rules section holds, for the panel. */
  rulesUsed: { files: RulesUse[]; personal: boolean };
  /** The helper agents; absent when all are off. */
  team?: Team;
}

let fallbackCounter = 0;

export async function createSession(deps: AgentDeps, signal: AbortSignal): Promise<Session> {
  const settings: AgentSettings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const ws = deps.workspace;
  const emit = deps.emit;
  const newId = deps.newId ?? (() => globalThis.crypto?.randomUUID?.() ?? `id-${Date.now()}-${++fallbackCounter}`);
  const ignore = ws.ignore ?? (await loadIgnore(ws.fs));
  const meter = new UsageMeter();
  const limits = new RunLimits(deps.now, settings.maxRunMs, settings.maxRunTokens);
  const caller = new ModelCaller({ model: deps.model, emit, sleep: deps.sleep, now: deps.now, random: deps.random ?? Math.random, limits, meter, settings });
  const board = new PlanBoard(emit);
  const repeats = new RepeatGuard();
  const validator = new TaskValidator({ fs: ws.fs, diagnostics: ws.diagnostics, commands: ws.commands, emit, now: deps.now, settings });
  const tracker = new TrackingApprover(ws.approver, emit, () => repeats.reset());
  // Validation records how things stood before a change, so the task is judged on what it changed:
  // the file's problems before the change is shown, the check's baseline (a whole command, which
  // may take minutes) while the user reads the diff, finished before the change is written.
  const approver: ChangeApprover = {
    propose: async (change, signal) => {
      await validator.beforeChange(change, signal);
      return tracker.propose(change, signal, () => validator.beforeApply(change, signal));
    },
  };
  const toolContext = (taskId: string, signal: AbortSignal): ToolContext => ({
    fs: ws.fs,
    search: ws.search,
    commands: ws.commands,
    diagnostics: ws.diagnostics,
    approver,
    signal,
    taskId,
    ignore,
    readOnlyReason: ws.readOnlyReason,
    commandGate: ws.commandGate,
    commandTimeoutMs: settings.commandTimeoutMs,
    plan: board,
    newId,
    ...(ws.index ? { index: ws.index } : {}),
  });
  // Helpers only read: a change or a command from one is refused (none of their tools makes any).
  const readOnlyContext = (taskId: string | undefined, signal: AbortSignal): ToolContext => ({
    ...toolContext(taskId ?? '', signal),
    taskId,
    approver: { propose: async () => ({ approved: false, reason: 'Helper agents only read; the coder makes the changes.' }) },
    readOnlyReason: 'helper agents only read; the coder makes the changes.',
    plan: undefined,
    commandGate: undefined,
  });
  const agents = settings.agents;
  const team = Team.wanted(agents)
    ? new Team({
        agents,
        tools: deps.tools,
        hasIndex: ws.index !== undefined,
        model: deps.model,
        ...(deps.modelFor ? { modelFor: deps.modelFor } : {}),
        emit,
        sleep: deps.sleep,
        now: deps.now,
        random: deps.random ?? Math.random,
        newId,
        runLimits: limits,
        meter,
        settings,
        toolContext: readOnlyContext,
      })
    : undefined;
  const tools: readonly Tool[] = team?.explore ? [...deps.tools, team.explore] : deps.tools;
  // Built once from the same tools in the same order: every request, planning included, carries
  // the same bytes before its contents, which is what Gemini's implicit cache discounts. The
  // root's rules are read here, once, for the same reason; rules found later go into the contents.
  const rules = ws.trusted === false ? ProjectRules.none() : await ProjectRules.load(ws.fs, ignore, signal);
  const section = systemRules(settings.instructions, rules.root);
  const prefix: RequestPrefix = {
    systemInstruction: systemInstruction(section.text, team?.explore ? EXPLORE_HINT : undefined),
    tools: toFunctionDeclarations(tools),
    temperature: settings.temperature,
  };
  const reviewer: TaskReviewer | undefined =
    team?.reviews === true
      ? {
          maxRounds: team.maxReviewRounds,
          review: (task, request, round, earlier, signal) => team.review({ task, request, rules: section.text, source: tracker, round, ...(earlier ? { earlier } : {}) }, emit, signal),
          changesPrompt: (taskId, verdict, round) => team.changesPrompt(taskId, verdict, round),
        }
      : undefined;
  const loop = new TaskLoop({
    caller,
    dispatcher: new ToolDispatcher(tools, emit, newId, repeats),
    validator,
    tracker,
    limits,
    meter,
    prefix,
    settings,
    toolContext,
    emit,
    ...(reviewer ? { reviewer } : {}),
  });
  return { settings, ignore, board, caller, loop, meter, prefix, rules, rulesUsed: { files: section.used, personal: settings.instructions.trim() !== '' }, ...(team ? { team } : {}) };
}

/** The workspace's own ignore files; a missing or unreadable one simply adds no rules. */
export async function loadIgnore(fs: WorkspaceFs): Promise<IgnoreFilter> {
  const read = async (path: string) => {
    try {
      if ((await fs.stat(path))?.type !== 'file') return undefined;
      const decoded = decodeText(await fs.readFile(path));
      return decoded.kind === 'text' ? decoded.text : undefined;
    } catch {
      return undefined;
    }
  };
  return IgnoreFilter.create({ gitignore: await read('.gitignore'), agentignore: await read('.agentignore') });
}
