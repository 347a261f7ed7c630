/**
 * The panel's copy of the chat. The extension owns the state; the panel replaces its copy on a
 * snapshot and folds events in with the same reducer, and reports what changed so the view
 * touches only those items. Pure: runs under plain Node.
 */
import { applyEvent, type ChatItem, type ChatState, findReview, findSubagent, streamTarget } from '../src/shared/chatState';
import type { AgentEvent } from '../src/shared/events';
import type { PanelInfo, ToWebview } from '../src/shared/protocol';

/** What a message changed, accumulated until the next frame renders it. */
export interface Changes {
  /** The whole chat was replaced: render from scratch. */
  chat: boolean;
  /** PanelInfo changed (key, models, history, offline banner). */
  info: boolean;
  /** Running flag, title or usage changed. */
  status: boolean;
  /**
   * Existing items whose content changed; keyed by object, since item ids need not be unique. A
   * subagent's own items (its text, its tool cards) are listed here too, on their own.
   */
  items: Set<ChatItem>;
  /** Items appended since the last render. */
  appended: ChatItem[];
  /**
   * What streamed into existing answers since the last render. The view appends these pieces:
   * reading the whole grown `text` would make the engine copy all of it on every frame.
   */
  streamed: Map<ChatItem, Streamed>;
}

/** Text and thoughts added to one answer since the last render. */
export interface Streamed {
  text: string;
  thought: string;
}

export function noChanges(): Changes {
  return { chat: false, info: false, status: false, items: new Set(), appended: [], streamed: new Map() };
}

export class ChatStore {
  chat: ChatState | undefined;
  info: PanelInfo | undefined;
  private pending = noChanges();
  /** Subagents' items appended since the last render: drawn whole with their card, never updated on top. */
  private fresh = new Set<ChatItem>();

  /** Applies one validated message. Returns false when it was dropped (events for another chat). */
  receive(message: ToWebview): boolean {
    switch (message.type) {
      case 'snapshot':
        this.chat = message.chat;
        this.info = message.info;
        this.pending = { ...noChanges(), chat: true, info: true, status: true };
        return true;
      case 'info':
        this.info = message.info;
        this.pending.info = true;
        return true;
      case 'mentionSuggestions':
        // For the composer's list, not the chat (main.ts hands it over).
        return false;
      case 'events':
        if (!this.chat || message.chatId !== this.chat.id) return false;
        for (const event of message.events) this.apply(this.chat, event);
        return true;
    }
  }

  /** Hands over everything changed since the last call. */
  take(): Changes {
    const changes = this.pending;
    this.pending = noChanges();
    this.fresh = new Set();
    if (changes.chat) changes.appended = [];
    return changes;
  }

  private apply(chat: ChatState, event: AgentEvent): void {
    if (event.type === 'subagentEvent') return this.applySubagent(chat, event);
    const before = chat.items.length;
    // What a run's end will close: touched after, so the view stops their spinners and countdowns.
    const closing = event.type === 'runEnded' ? stillGoing(chat.items) : [];
    applyEvent(chat, event);
    const p = this.pending;
    for (let i = before; i < chat.items.length; i++) p.appended.push(chat.items[i]);
    const items = chat.items;
    if (event.type === 'retry' && event.discard) {
      // Streamed text was taken back (and an empty answer removed): rare, so render from scratch.
      this.pending = { ...noChanges(), chat: true, info: p.info, status: true };
      return;
    }
    switch (event.type) {
      case 'textDelta':
      case 'thoughtDelta': {
        const item = streamTarget(chat);
        if (!this.touch(item)) return;
        const streamed = p.streamed.get(item) ?? { text: '', thought: '' };
        if (event.type === 'textDelta') streamed.text += event.text;
        else streamed.thought += event.text;
        p.streamed.set(item, streamed);
        return;
      }
      case 'plan':
      case 'taskStatus':
        for (const item of items) if (item.kind === 'plan') this.touch(item);
        return;
      case 'rules':
        // A task's rules join the run's line (the last one).
        this.touch([...items].reverse().find((i) => i.kind === 'rules'));
        return;
      case 'textWithdrawn': {
        // Rendered whole: the answer's text shrinks and the withdrawn part is drawn below it.
        const answer = [...items].reverse().find((i) => i.kind === 'assistant');
        if (answer && this.touch(answer)) p.streamed.delete(answer);
        return;
      }
      case 'toolFinished':
        this.touch(items.find((i) => i.kind === 'tool' && i.id === event.callId));
        return;
      case 'changeApplied':
      case 'changeRejected':
        this.touch(items.find((i) => i.kind === 'change' && i.id === event.changeId));
        return;
      case 'runReviewed':
        this.touch(items.find((i) => i.kind === 'runEnd' && i.runId === event.runId));
        return;
      case 'nextSteps':
        this.touch(items.find((i) => i.kind === 'runEnd' && i.runId === event.runId));
        return;
      case 'runStarted':
        // The previous run's next-step chips go away (only the latest run end can hold any).
        this.touch([...items].reverse().find((i) => i.kind === 'runEnd'));
        p.status = true;
        return;
      case 'runEnded':
        for (const item of closing) this.touch(item);
        p.status = true;
        return;
      case 'usage':
        p.status = true;
        return;
      case 'subagentFinished': {
        const agent = findSubagent(items, event.agentId);
        if (!this.touch(agent) || agent.kind !== 'subagent') return;
        for (const inner of agent.items) if (inner.kind !== 'assistant') this.touch(inner);
        return;
      }
      case 'reviewDismissed':
        this.touch(findReview(items, event.reviewId));
        return;
      default:
        return;
    }
  }

  /**
   * A subagent's own event: its card is touched when something is added to it (the card appends
   * it); its streaming text and finishing tool cards are touched on their own, like the chat's.
   */
  private applySubagent(chat: ChatState, event: Extract<AgentEvent, { type: 'subagentEvent' }>): void {
    const agent = findSubagent(chat.items, event.agentId);
    const before = agent?.items.length ?? 0;
    applyEvent(chat, event);
    if (!agent) return;
    const inner = event.event;
    if (inner.type === 'retry' && inner.discard) {
      this.pending = { ...noChanges(), chat: true, info: this.pending.info, status: true };
      return;
    }
    if (agent.items.length > before) {
      for (let i = before; i < agent.items.length; i++) this.fresh.add(agent.items[i]);
      this.touch(agent);
    }
    switch (inner.type) {
      case 'textDelta':
      case 'thoughtDelta': {
        const item = agent.items[agent.items.length - 1];
        if (!this.touch(item)) return;
        const streamed = this.pending.streamed.get(item) ?? { text: '', thought: '' };
        if (inner.type === 'textDelta') streamed.text += inner.text;
        else streamed.thought += inner.text;
        this.pending.streamed.set(item, streamed);
        return;
      }
      case 'toolFinished':
        this.touch(agent.items.find((i) => i.kind === 'tool' && i.id === inner.callId));
        return;
      default:
        return;
    }
  }

  /** Marks an existing item changed; a just-appended one is rendered whole anyway. */
  private touch(item: ChatItem | undefined): item is ChatItem {
    if (!item || this.fresh.has(item) || this.pending.appended.includes(item)) return false;
    this.pending.items.add(item);
    return true;
  }
}

/** Items a run's end closes: running tool cards and agents (and theirs), retry countdowns. */
function stillGoing(items: readonly ChatItem[]): ChatItem[] {
  const out: ChatItem[] = [];
  const going = (i: ChatItem) => (i.kind === 'tool' && i.status === 'running') || (i.kind === 'notice' && i.countdown !== undefined);
  for (const item of items) {
    if (going(item)) out.push(item);
    if (item.kind === 'subagent' && item.status === 'running') out.push(item, ...item.items.filter(going));
  }
  return out;
}
