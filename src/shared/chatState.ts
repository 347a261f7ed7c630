/**
 * The chat as the panel shows it, and the one reducer that folds agent events into it. The
 * extension owns the state and sends events; the webview applies the same reducer, so a reload
 * (which starts from a snapshot) ends up exactly where a live panel would be.
 */
import { z } from 'zod';
import { ImageChip, MentionChip } from './attachments';
import { AgentEvent, CodeRef, Link, PlanTask, ReviewComment, RulesFile, RunEndStatus, SubagentRole, UsageEvent, type SubagentInnerEvent } from './events';

const AssistantItem = z.object({
  kind: z.literal('assistant'),
  id: z.string(),
  text: z.string(),
  thought: z.string(),
  /** Text that streamed and was then blocked: shown struck through, never part of the answer. */
  withdrawn: z.object({ text: z.string(), label: z.string() }).optional(),
});

const ToolItem = z.object({
  kind: z.literal('tool'),
  id: z.string(),
  name: z.string(),
  label: z.string(),
  status: z.enum(['running', 'ok', 'failed']),
  summary: z.string(),
  detail: z.string().optional(),
  exitCode: z.number().optional(),
});

const NoticeItem = z.object({
  kind: z.literal('notice'),
  id: z.string(),
  level: z.enum(['info', 'retry', 'error']),
  text: z.string(),
  retryable: z.boolean(),
  link: Link.optional(),
  /** A retry's wait, which the panel counts down to `at` (ms since the epoch). */
  countdown: z.object({ reason: z.string(), at: z.number(), attempt: z.number(), maxRetries: z.number().optional() }).optional(),
});

/** What a subagent's card holds: its own streamed text, tool cards and retry notices. */
export const SubagentInnerItem = z.discriminatedUnion('kind', [AssistantItem, ToolItem, NoticeItem]);
export type SubagentInnerItem = z.infer<typeof SubagentInnerItem>;

export const SubagentStatus = z.enum(['running', 'done', 'partial', 'failed', 'cancelled']);
export type SubagentStatus = z.infer<typeof SubagentStatus>;

export const ChatItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    id: z.string(),
    text: z.string(),
    mentions: z.array(MentionChip).optional(),
    images: z.array(ImageChip).optional(),
  }),
  AssistantItem,
  /** The rules a run followed: one line per run ("Rules: AGENTS.md, …"). */
  z.object({ kind: z.literal('rules'), id: z.string(), files: z.array(RulesFile), personal: z.boolean() }),
  z.object({ kind: z.literal('plan'), id: z.string(), tasks: z.array(PlanTask) }),
  ToolItem,
  z.object({
    kind: z.literal('change'),
    id: z.string(),
    path: z.string(),
    change: z.enum(['create', 'edit', 'delete']),
    added: z.number(),
    removed: z.number(),
    status: z.enum(['proposed', 'applied', 'rejected']),
    reason: z.string().optional(),
  }),
  z.object({ kind: z.literal('validation'), id: z.string(), ok: z.boolean(), summary: z.string() }),
  NoticeItem,
  z.object({
    kind: z.literal('runEnd'),
    id: z.string(),
    status: RunEndStatus,
    text: z.string(),
    runId: z.string().optional(),
    /** Files the run changed (applied changes), which "Revert this run" would restore. */
    changedFiles: z.number().optional(),
    /** Set once the user kept or reverted the run's changes. */
    review: z.enum(['kept', 'reverted']).optional(),
    /** Follow-up requests offered as chips; only the latest run keeps them. */
    nextSteps: z.array(z.string()).optional(),
  }),
  /**
   * A helper agent's work (planner, explorer, reviewer), shown as a card of its own, collapsed.
   * The id is the agent's id. Every subagent is an item of the chat's own list, in the order they
   * started (not nested in the state): the panel draws an explorer in place of the `explore` tool
   * card it works for (`parentCallId`), wherever that card is, even inside the planner's card.
   */
  z.object({
    kind: z.literal('subagent'),
    id: z.string(),
    role: SubagentRole,
    title: z.string(),
    model: z.string(),
    parentCallId: z.string().optional(),
    taskId: z.string().optional(),
    status: SubagentStatus,
    items: z.array(SubagentInnerItem),
    /** Its report (or why there is none), once it ended. */
    summary: z.string().optional(),
    refs: z.array(CodeRef).optional(),
    /** Its own total, once it ended. */
    usage: UsageEvent.optional(),
  }),
  /** The reviewer's verdict on a task's changes; the id is the review's id. */
  z.object({
    kind: z.literal('review'),
    id: z.string(),
    taskId: z.string(),
    round: z.number(),
    verdict: z.enum(['approve', 'changes']),
    summary: z.string(),
    comments: z.array(ReviewComment),
    /** The user closed the card: it is no longer shown. */
    dismissed: z.boolean().optional(),
  }),
]);
export type ChatItem = z.infer<typeof ChatItem>;

/** Who spent a run's tokens: the main loop (`coder`) or a helper agent's role. */
export const UsageRole = z.enum(['coder', ...SubagentRole.options]);
export type UsageRole = z.infer<typeof UsageRole>;

export const ChatState = z.object({
  id: z.string(),
  title: z.string(),
  items: z.array(ChatItem),
  running: z.boolean(),
  /** The run in progress, or the last one. */
  runId: z.string().optional(),
  usage: UsageEvent.optional(),
  /** The model that answered the last request of the run, as the API named it. */
  usageModel: z.string().optional(),
  /** The run's usage split by role (`coder` is the main loop), when subagents ran. */
  usageByRole: z.partialRecord(UsageRole, UsageEvent).optional(),
});
export type ChatState = z.infer<typeof ChatState>;

export function emptyChat(id: string): ChatState {
  return { id, title: 'New chat', items: [], running: false };
}

/** The panel's line for an MCP server that stopped during a run. */
export function mcpStoppedText(server: string, reason: string): string {
  return `MCP server "${server}" stopped: ${reason}; its tools are left out.`;
}

/** Ids from the position in the list: the extension and a reloaded webview derive the same ones. */
const nextId = (prefix: string, items: readonly ChatItem[]) => `${prefix}${items.length}`;

/** Folds one event into the state, in place: the webview applies thousands of deltas. */
export function applyEvent(state: ChatState, event: AgentEvent): void {
  const items = state.items;
  switch (event.type) {
    case 'runStarted':
      items.push({
        kind: 'user',
        id: nextId('u', items),
        text: event.request,
        ...(event.mentions?.length ? { mentions: event.mentions } : {}),
        ...(event.images?.length ? { images: event.images } : {}),
      });
      state.runId = event.runId;
      // The split by role is per run; a run with no subagents has none.
      delete state.usageByRole;
      // Only the latest run offers next steps: a new request makes the old ones stale.
      for (const item of items) if (item.kind === 'runEnd') delete item.nextSteps;
      if (state.title === 'New chat') state.title = event.request.slice(0, 60);
      state.running = true;
      return;
    case 'textDelta':
    case 'thoughtDelta': {
      const target = streamTarget(state);
      const item = target ?? { kind: 'assistant' as const, id: nextId('a', items), text: '', thought: '' };
      if (!target) items.push(item);
      if (event.type === 'textDelta') item.text += event.text;
      else item.thought += event.text;
      return;
    }
    case 'plan': {
      const plan = state.running ? currentPlan(items) : undefined;
      if (plan) plan.tasks = event.tasks;
      else items.push({ kind: 'plan', id: nextId('p', items), tasks: event.tasks });
      return;
    }
    case 'rules': {
      const line = currentOf(items, 'rules');
      if (!line) {
        items.push({ kind: 'rules', id: nextId('r', items), files: [...event.files], personal: event.personal });
        return;
      }
      line.personal ||= event.personal;
      for (const f of event.files) if (!line.files.some((g) => g.path === f.path)) line.files.push(f);
      return;
    }
    case 'taskStatus': {
      const task = currentPlan(items)?.tasks.find((t) => t.id === event.taskId);
      if (task) task.status = event.status;
      return;
    }
    case 'toolStarted':
    case 'toolFinished':
    case 'retry':
      applyListEvent(items, event, (prefix) => nextId(prefix, items));
      return;
    case 'changeProposed':
      items.push({ kind: 'change', id: event.changeId, path: event.path, change: event.kind, added: event.added, removed: event.removed, status: 'proposed' });
      return;
    case 'changeApplied':
    case 'changeRejected': {
      const change = items.find((i) => i.kind === 'change' && i.id === event.changeId);
      if (change?.kind === 'change') {
        change.status = event.type === 'changeApplied' ? 'applied' : 'rejected';
        if (event.type === 'changeRejected') change.reason = event.reason;
      }
      return;
    }
    case 'validation':
      items.push({ kind: 'validation', id: nextId('v', items), ok: event.ok, summary: event.summary });
      return;
    case 'textWithdrawn': {
      const answer = withdrawTarget(state);
      if (!answer || event.chars === 0) return;
      const cut = Math.max(0, answer.text.length - event.chars);
      answer.withdrawn = { text: answer.text.slice(cut), label: event.label };
      answer.text = answer.text.slice(0, cut);
      return;
    }
    case 'usage':
      state.usage = event.run;
      if (event.model) state.usageModel = event.model;
      if (event.byRole) state.usageByRole = { ...event.byRole };
      return;
    case 'subagentStarted':
      items.push({
        kind: 'subagent',
        id: event.agentId,
        role: event.role,
        title: event.title,
        model: event.model,
        ...(event.parentCallId !== undefined ? { parentCallId: event.parentCallId } : {}),
        ...(event.taskId !== undefined ? { taskId: event.taskId } : {}),
        status: 'running',
        items: [],
      });
      return;
    case 'subagentEvent': {
      const agent = findSubagent(items, event.agentId);
      if (agent?.status === 'running') applyInner(agent, event.event);
      return;
    }
    case 'subagentFinished': {
      const agent = findSubagent(items, event.agentId);
      if (!agent) return;
      agent.status = event.status;
      agent.summary = event.summary;
      if (event.refs?.length) agent.refs = event.refs.map((r) => ({ ...r }));
      agent.usage = event.usage;
      closeList(agent.items, 'the agent');
      return;
    }
    case 'review':
      items.push({
        kind: 'review',
        id: event.reviewId,
        taskId: event.taskId,
        round: event.round,
        verdict: event.verdict,
        summary: event.summary,
        comments: event.comments.map((c) => ({ ...c })),
      });
      return;
    case 'reviewDismissed': {
      const review = findReview(items, event.reviewId);
      if (review) review.dismissed = true;
      return;
    }
    case 'mcpServerStopped':
      items.push({ kind: 'notice', id: nextId('n', items), level: 'error', text: mcpStoppedText(event.server, event.reason), retryable: false });
      return;
    case 'error':
      items.push({ kind: 'notice', id: nextId('n', items), level: 'error', text: event.message, retryable: event.retryable, ...(event.link ? { link: event.link } : {}) });
      return;
    case 'runEnded':
      state.running = false;
      // No retry is waiting once the run is over, and a call cut short (a reload, a crash) must
      // not spin on in a run that is over; nor must an agent, or anything in its card.
      closeList(items, 'the run');
      for (const item of items) {
        if (item.kind !== 'subagent' || item.status !== 'running') continue;
        item.status = event.status === 'cancelled' ? 'cancelled' : 'failed';
        item.summary = 'Not finished: the run ended first.';
        closeList(item.items, 'the run');
      }
      items.push({ kind: 'runEnd', id: nextId('e', items), status: event.status, text: event.message, runId: state.runId, changedFiles: changedSinceLastRequest(items) });
      return;
    case 'nextSteps': {
      const end = latestRunEnd(items);
      if (end && end.runId === event.runId && !state.running && event.steps.length > 0) end.nextSteps = [...event.steps];
      return;
    }
    case 'runReviewed': {
      const end = items.find((i) => i.kind === 'runEnd' && i.runId === event.runId);
      if (end?.kind === 'runEnd' && event.outcome !== 'revertFailed') end.review = event.outcome;
      items.push({ kind: 'notice', id: nextId('n', items), level: event.outcome === 'revertFailed' ? 'error' : 'info', text: event.message, retryable: false });
      return;
    }
  }
}

type Assistant = z.infer<typeof AssistantItem>;
type Subagent = Extract<ChatItem, { kind: 'subagent' }>;
type RetryEvent = Extract<AgentEvent, { type: 'retry' }>;

/** Folds one of a subagent's own events into its card, like the main stream's into the chat. */
function applyInner(agent: Subagent, event: SubagentInnerEvent): void {
  const items = agent.items;
  const last = items[items.length - 1];
  const id = (prefix: string) => `${agent.id}.${prefix}${items.length}`;
  switch (event.type) {
    case 'textDelta':
    case 'thoughtDelta': {
      const item: Assistant = last?.kind === 'assistant' ? last : { kind: 'assistant', id: id('a'), text: '', thought: '' };
      if (item !== last) items.push(item);
      if (event.type === 'textDelta') item.text += event.text;
      else item.thought += event.text;
      return;
    }
    case 'toolStarted':
    case 'toolFinished':
    case 'retry':
      applyListEvent(items, event, id);
      return;
  }
}

/**
 * Tool cards and retry notices, the same in the chat and inside a subagent's card: a retry takes
 * back what the failed attempt had streamed into the answer just before it.
 */
function applyListEvent(items: Array<ChatItem | SubagentInnerItem>, event: Extract<SubagentInnerEvent, { type: 'toolStarted' | 'toolFinished' | 'retry' }>, id: (prefix: string) => string): void {
  switch (event.type) {
    case 'toolStarted':
      items.push({ kind: 'tool', id: event.callId, name: event.name, label: event.label, status: 'running', summary: '' });
      return;
    case 'toolFinished': {
      const tool = items.find((i) => i.kind === 'tool' && i.id === event.callId);
      if (tool?.kind === 'tool') finishTool(tool, event);
      return;
    }
    case 'retry': {
      const last = items[items.length - 1];
      if (event.discard && last?.kind === 'assistant') {
        discard(last, event.discard);
        if (last.text === '' && last.thought === '') items.pop();
      }
      items.push(retryNotice(event, id('n')));
      return;
    }
  }
}

/** The subagent with this id (the latest, should an id come back). */
export function findSubagent(items: readonly ChatItem[], agentId: string): Subagent | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'subagent' && item.id === agentId) return item;
  }
  return undefined;
}

export function findReview(items: readonly ChatItem[], reviewId: string): Extract<ChatItem, { kind: 'review' }> | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'review' && item.id === reviewId) return item;
  }
  return undefined;
}

function finishTool(tool: z.infer<typeof ToolItem>, event: Extract<SubagentInnerEvent, { type: 'toolFinished' }>): void {
  tool.status = event.ok ? 'ok' : 'failed';
  tool.summary = event.summary;
  // Absent rather than undefined, so the state is the same after a trip through JSON.
  if (event.detail !== undefined) tool.detail = event.detail;
  if (event.exitCode !== undefined) tool.exitCode = event.exitCode;
}

/** Takes back what a failed attempt streamed; the retry sends it again. */
function discard(answer: Assistant, chars: { text: number; thought: number }): void {
  answer.text = answer.text.slice(0, Math.max(0, answer.text.length - chars.text));
  answer.thought = answer.thought.slice(0, Math.max(0, answer.thought.length - chars.thought));
}

function retryNotice(event: RetryEvent, id: string): z.infer<typeof NoticeItem> {
  return {
    kind: 'notice',
    id,
    level: 'retry',
    // A retry without a wait (a bad tool call asked for again) says only what happens.
    text: event.delayMs > 0 ? `${event.reason}, retrying in ${Math.ceil(event.delayMs / 1000)} s (${event.maxRetries ? `retry ${event.attempt} of ${event.maxRetries}` : `attempt ${event.attempt}`})` : `${event.reason}.`,
    retryable: false,
    ...(event.at !== undefined ? { countdown: { reason: event.reason, at: event.at, attempt: event.attempt, ...(event.maxRetries ? { maxRetries: event.maxRetries } : {}) } } : {}),
  };
}

/**
 * Ends what was still going in a list whose run (or agent) is over: countdowns stop, and a wait
 * not seen through (stopped, or over a limit, while waiting) says so; running tool cards fail.
 */
function closeList(items: Array<ChatItem | SubagentInnerItem>, who: 'the run' | 'the agent'): void {
  const last = items[items.length - 1];
  for (const item of items) {
    if (item.kind === 'notice' && item.countdown) {
      if (item === last) item.text = `${item.countdown.reason}; ${who} ended before retrying.`;
      delete item.countdown;
    }
    if (item.kind === 'tool' && item.status === 'running') {
      item.status = 'failed';
      item.summary = `Not finished: ${who} ended first.`;
    }
  }
}

/** The end of the latest request's run, if that run has ended. */
export function latestRunEnd(items: readonly ChatItem[]): Extract<ChatItem, { kind: 'runEnd' }> | undefined {
  return currentOf(items, 'runEnd');
}

/** The plan of the latest request (after its user item): an earlier run's plan is history, not this run's. */
function currentPlan(items: readonly ChatItem[]): Extract<ChatItem, { kind: 'plan' }> | undefined {
  return currentOf(items, 'plan');
}

/** The latest request's item of this kind (after its user item). */
function currentOf<K extends ChatItem['kind']>(items: readonly ChatItem[], kind: K): Extract<ChatItem, { kind: K }> | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === kind) return item as Extract<ChatItem, { kind: K }>;
    if (item.kind === 'user') return undefined;
  }
  return undefined;
}

/**
 * The answer a text delta continues: the last item, or the answer just before a notice that is
 * not part of the run (a request refused while this one streams), so the answer is not split.
 */
export function streamTarget(state: ChatState): Extract<ChatItem, { kind: 'assistant' }> | undefined {
  const items = state.items;
  const last = items[items.length - 1];
  if (last?.kind === 'assistant') return last;
  const before = items[items.length - 2];
  const interjection = last?.kind === 'notice' && last.level === 'error' && !last.retryable;
  return state.running && interjection && before?.kind === 'assistant' ? before : undefined;
}

/** The answer that streamed last in this request (after its user item). */
function withdrawTarget(state: ChatState): Extract<ChatItem, { kind: 'assistant' }> | undefined {
  for (let i = state.items.length - 1; i >= 0; i--) {
    const item = state.items[i];
    if (item.kind === 'assistant') return item;
    if (item.kind === 'user') return undefined;
  }
  return undefined;
}

function changedSinceLastRequest(items: readonly ChatItem[]): number {
  const paths = new Set<string>();
  for (let i = items.length - 1; i >= 0 && items[i].kind !== 'user'; i--) {
    const item = items[i];
    if (item.kind === 'change' && item.status === 'applied') paths.add(item.path);
  }
  return paths.size;
}
