/**
 * The agent's event stream: what a run emits, in order. The loop produces these (it imports no
 * `vscode`); the panel, the output channel and the tests consume them. Schemas are zod so the
 * webview validates what it receives.
 */
import { z } from 'zod';
import { ImageChip, MentionChip } from './attachments';

export const TaskStatus = z.enum(['pending', 'running', 'done', 'failed']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const PlanTask = z.object({
  id: z.string(),
  description: z.string(),
  files: z.array(z.string()),
  status: TaskStatus,
});
export type PlanTask = z.infer<typeof PlanTask>;

export const UsageEvent = z.object({
  promptTokens: z.number(),
  outputTokens: z.number(),
  thoughtTokens: z.number(),
  cachedTokens: z.number(),
  totalTokens: z.number(),
});

export const Link = z.object({ url: z.string().max(2000).regex(/^https:\/\//), label: z.string().max(200) });
export type Link = z.infer<typeof Link>;

/** A rules file a run follows; `cut`: part of it was left out by a size cap. */
export const RulesFile = z.object({ path: z.string().max(1000), cut: z.boolean() });
export type RulesFile = z.infer<typeof RulesFile>;

export const RunEndStatus = z.enum(['completed', 'failed', 'cancelled', 'limit']);
export type RunEndStatus = z.infer<typeof RunEndStatus>;

/** A helper agent of a run (see src/agents): the planner, an explorer, the reviewer. */
export const SubagentRole = z.enum(['planner', 'explorer', 'reviewer']);
export type SubagentRole = z.infer<typeof SubagentRole>;

const TextDelta = z.object({ type: z.literal('textDelta'), text: z.string() });
const ThoughtDelta = z.object({ type: z.literal('thoughtDelta'), text: z.string() });
const ToolStarted = z.object({
  type: z.literal('toolStarted'),
  callId: z.string(),
  name: z.string(),
  /** Short human label: "Read src/a.ts", "Search 'useAuth'", "Run npm test". */
  label: z.string(),
});
const ToolFinished = z.object({
  type: z.literal('toolFinished'),
  callId: z.string(),
  ok: z.boolean(),
  /** A short result, or the error in plain words. */
  summary: z.string(),
  /** Longer output for the expandable card (command output tail...). */
  detail: z.string().optional(),
  exitCode: z.number().optional(),
});
const Retry = z.object({
  type: z.literal('retry'),
  attempt: z.number(),
  delayMs: z.number(),
  reason: z.string(),
  /** Characters of text and thought the failed attempt had already streamed; the retry sends them again. */
  discard: z.object({ text: z.number(), thought: z.number() }).optional(),
  /** How many retries this request gets at most, for "retry 2 of 4". */
  maxRetries: z.number().optional(),
  /** When the next attempt starts (ms since the epoch), for the panel's countdown. */
  at: z.number().optional(),
});

/** What a subagent's own work emits; the panel shows it inside the subagent's nested card. */
export const SubagentInnerEvent = z.discriminatedUnion('type', [TextDelta, ThoughtDelta, ToolStarted, ToolFinished, Retry]);
export type SubagentInnerEvent = z.infer<typeof SubagentInnerEvent>;

/** A file/line a subagent relied on or a reviewer commented on. */
export const CodeRef = z.object({ path: z.string().max(1000), line: z.number().int().positive().optional(), endLine: z.number().int().positive().optional() });
export type CodeRef = z.infer<typeof CodeRef>;

export const ReviewComment = CodeRef.extend({ body: z.string().max(4000) });
export type ReviewComment = z.infer<typeof ReviewComment>;

export const AgentEvent = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('runStarted'),
    runId: z.string(),
    request: z.string(),
    /** What the request's @-mentions added, and its images, shown with the request. */
    mentions: z.array(MentionChip).optional(),
    images: z.array(ImageChip).optional(),
  }),
  /**
   * Rules the run follows: at its start the personal instructions and the root's rules files, later
   * the rules files a task's files brought (only the new ones).
   */
  z.object({ type: z.literal('rules'), files: z.array(RulesFile), personal: z.boolean() }),
  z.object({ type: z.literal('plan'), tasks: z.array(PlanTask) }),
  z.object({ type: z.literal('taskStatus'), taskId: z.string(), status: TaskStatus, detail: z.string().optional() }),
  TextDelta,
  ThoughtDelta,
  ToolStarted,
  ToolFinished,
  z.object({
    type: z.literal('changeProposed'),
    changeId: z.string(),
    path: z.string(),
    kind: z.enum(['create', 'edit', 'delete']),
    added: z.number(),
    removed: z.number(),
  }),
  z.object({ type: z.literal('changeApplied'), changeId: z.string() }),
  z.object({ type: z.literal('changeRejected'), changeId: z.string(), reason: z.string().optional() }),
  z.object({ type: z.literal('validation'), taskId: z.string(), ok: z.boolean(), summary: z.string() }),
  Retry,
  /**
   * The last `chars` characters of streamed answer text were blocked: they are not the answer and
   * stay out of the history; the panel shows them struck through under `label`.
   */
  z.object({ type: z.literal('textWithdrawn'), chars: z.number().int().nonnegative(), label: z.string() }),
  /** `model`: the model that answered (for pricing), when the API said. */
  /** `byRole`: the run's usage split by who spent it (`coder` is the main loop), when subagents ran. */
  z.object({
    type: z.literal('usage'),
    request: UsageEvent,
    run: UsageEvent,
    model: z.string().max(200).optional(),
    byRole: z.partialRecord(z.enum(['coder', ...SubagentRole.options]), UsageEvent).optional(),
  }),
  /** An MCP server failed to start or died during the run; the run goes on without its tools. */
  z.object({ type: z.literal('mcpServerStopped'), server: z.string().max(200), reason: z.string().max(2000) }),
  /**
   * A subagent began: `parentCallId` is the tool card (e.g. an `explore` call) it works for, absent
   * for the planner and the reviewer, which the run starts itself; `taskId` the task it serves.
   */
  z.object({
    type: z.literal('subagentStarted'),
    agentId: z.string(),
    role: SubagentRole,
    /** What it was asked, shortened: "Where is the session cookie set?", "Review task 2". */
    title: z.string().max(500),
    model: z.string().max(200),
    parentCallId: z.string().optional(),
    taskId: z.string().optional(),
  }),
  /** Something the subagent's own work emitted (its streaming text, its tool cards, its retries). */
  z.object({ type: z.literal('subagentEvent'), agentId: z.string(), event: SubagentInnerEvent }),
  /**
   * A subagent ended. `partial`: it hit a cap (rounds, tokens, time, a loop) and returned what it
   * had, saying so in `summary`; `failed`: it could not work (the parent got the failure as a tool
   * result); `cancelled`: the user stopped the run. `usage` is its own total, already in the run's.
   */
  z.object({
    type: z.literal('subagentFinished'),
    agentId: z.string(),
    status: z.enum(['done', 'partial', 'failed', 'cancelled']),
    summary: z.string().max(20_000),
    refs: z.array(CodeRef).max(100).optional(),
    usage: UsageEvent,
  }),
  /**
   * The reviewer's verdict on a task's changes, round `round` (1-based). `changes`: the comments go
   * back to the coder (while rounds are left); the panel shows the verdict as a review card.
   */
  z.object({
    type: z.literal('review'),
    reviewId: z.string(),
    taskId: z.string(),
    round: z.number().int().positive(),
    verdict: z.enum(['approve', 'changes']),
    summary: z.string().max(4000),
    comments: z.array(ReviewComment).max(50),
  }),
  /** The user dismissed a review card. */
  z.object({ type: z.literal('reviewDismissed'), reviewId: z.string() }),
  /** `link`: a page that helps (e.g. Google's page to enable the API), opened outside the editor. */
  z.object({ type: z.literal('error'), message: z.string(), retryable: z.boolean(), link: Link.optional() }),
  z.object({ type: z.literal('runEnded'), status: RunEndStatus, message: z.string() }),
  /**
   * After the run: short follow-up requests that fit what it did, shown as chips under the latest
   * run's end (clicking one fills the composer). Sent at most once per run, and only when there are some.
   */
  z.object({ type: z.literal('nextSteps'), runId: z.string(), steps: z.array(z.string().max(200)).max(3) }),
  /** After the run: the user kept its changes or reverted them ("Revert this run", Keep / Undo). */
  z.object({ type: z.literal('runReviewed'), runId: z.string(), outcome: z.enum(['kept', 'reverted', 'revertFailed']), message: z.string() }),
]);
export type AgentEvent = z.infer<typeof AgentEvent>;
export type AgentEventOf<T extends AgentEvent['type']> = Extract<AgentEvent, { type: T }>;
