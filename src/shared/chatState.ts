/**
 * The chat as the panel shows it, and the one reducer that folds agent events into it. The
 * extension owns the state and sends events; the webview applies the same reducer, so a reload
 * (which starts from a snapshot) ends up exactly where a live panel would be.
 */
import { z } from 'zod';
import { ImageChip, MentionChip } from './attachments';
import { AgentEvent, Link, PlanTask, RulesFile, RunEndStatus, UsageEvent } from './events';

export const ChatItem = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('user'),
    id: z.string(),
    text: z.string(),
    mentions: z.array(MentionChip).optional(),
    images: z.array(ImageChip).optional(),
  }),
  z.object({
    kind: z.literal('assistant'),
    id: z.string(),
    text: z.string(),
    thought: z.string(),
    /** Text that streamed and was then blocked: shown struck through, never part of the answer. */
    withdrawn: z.object({ text: z.string(), label: z.string() }).optional(),
  }),
  /** The rules a run followed: one line per run ("Rules: AGENTS.md, …"). */
  z.object({ kind: z.literal('rules'), id: z.string(), files: z.array(RulesFile), personal: z.boolean() }),
  z.object({ kind: z.literal('plan'), id: z.string(), tasks: z.array(PlanTask) }),
  z.object({
    kind: z.literal('tool'),
    id: z.string(),
    name: z.string(),
    label: z.string(),
    status: z.enum(['running', 'ok', 'failed']),
    summary: z.string(),
    detail: z.string().optional(),
    exitCode: z.number().optional(),
  }),
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
  z.object({
    kind: z.literal('notice'),
    id: z.string(),
    level: z.enum(['info', 'retry', 'error']),
    text: z.string(),
    retryable: z.boolean(),
    link: Link.optional(),
    /** A retry's wait, which the panel counts down to `at` (ms since the epoch). */
    countdown: z.object({ reason: z.string(), at: z.number(), attempt: z.number(), maxRetries: z.number().optional() }).optional(),
  }),
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
]);
export type ChatItem = z.infer<typeof ChatItem>;

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
  const last = items[items.length - 1];
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
      items.push({ kind: 'tool', id: event.callId, name: event.name, label: event.label, status: 'running', summary: '' });
      return;
    case 'toolFinished': {
      const tool = items.find((i) => i.kind === 'tool' && i.id === event.callId);
      if (tool?.kind === 'tool') {
        tool.status = event.ok ? 'ok' : 'failed';
        tool.summary = event.summary;
        tool.detail = event.detail;
        tool.exitCode = event.exitCode;
      }
      return;
    }
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
    case 'retry':
      if (event.discard && last?.kind === 'assistant') {
        last.text = last.text.slice(0, Math.max(0, last.text.length - event.discard.text));
        last.thought = last.thought.slice(0, Math.max(0, last.thought.length - event.discard.thought));
        if (last.text === '' && last.thought === '') items.pop();
      }
      items.push({
        kind: 'notice',
        id: nextId('n', items),
        level: 'retry',
        // A retry without a wait (a bad tool call asked for again) says only what happens.
        text: event.delayMs > 0 ? `${event.reason}, retrying in ${Math.ceil(event.delayMs / 1000)} s (${event.maxRetries ? `retry ${event.attempt} of ${event.maxRetries}` : `attempt ${event.attempt}`})` : `${event.reason}.`,
        retryable: false,
        ...(event.at !== undefined ? { countdown: { reason: event.reason, at: event.at, attempt: event.attempt, ...(event.maxRetries ? { maxRetries: event.maxRetries } : {}) } } : {}),
      });
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
      return;
    case 'mcpServerStopped':
      items.push({ kind: 'notice', id: nextId('n', items), level: 'error', text: mcpStoppedText(event.server, event.reason), retryable: false });
      return;
    case 'error':
      items.push({ kind: 'notice', id: nextId('n', items), level: 'error', text: event.message, retryable: event.retryable, ...(event.link ? { link: event.link } : {}) });
      return;
    case 'runEnded':
      state.running = false;
      // No retry is waiting once the run is over: countdowns stop, and a wait the run did not
      // see through (stopped, or over a limit, while waiting) says so.
      for (const item of items) {
        if (item.kind !== 'notice' || !item.countdown) continue;
        if (item === last) item.text = `${item.countdown.reason}; the run ended before retrying.`;
        delete item.countdown;
      }
      // A call cut short (a reload, a crash) must not spin on in a run that is over.
      for (const item of items) {
        if (item.kind === 'tool' && item.status === 'running') {
          item.status = 'failed';
          item.summary = 'Not finished: the run ended first.';
        }
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
