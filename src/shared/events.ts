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
  z.object({ type: z.literal('textDelta'), text: z.string() }),
  z.object({ type: z.literal('thoughtDelta'), text: z.string() }),
  z.object({
    type: z.literal('toolStarted'),
    callId: z.string(),
    name: z.string(),
    /** Short human label: "Read src/a.ts", "Search 'useAuth'", "Run npm test". */
    label: z.string(),
  }),
  z.object({
    type: z.literal('toolFinished'),
    callId: z.string(),
    ok: z.boolean(),
    /** A short result, or the error in plain words. */
    summary: z.string(),
    /** Longer output for the expandable card (command output tail...). */
    detail: z.string().optional(),
    exitCode: z.number().optional(),
  }),
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
  z.object({
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
  }),
  /**
   * The last `chars` characters of streamed answer text were blocked: they are not the answer and
   * stay out of the history; the panel shows them struck through under `label`.
   */
  z.object({ type: z.literal('textWithdrawn'), chars: z.number().int().nonnegative(), label: z.string() }),
  /** `model`: the model that answered (for pricing), when the API said. */
  z.object({ type: z.literal('usage'), request: UsageEvent, run: UsageEvent, model: z.string().max(200).optional() }),
  /** An MCP server failed to start or died during the run; the run goes on without its tools. */
  z.object({ type: z.literal('mcpServerStopped'), server: z.string().max(200), reason: z.string().max(2000) }),
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
