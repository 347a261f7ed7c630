/**
 * The panel's copy of the chat. The extension owns the state; the panel replaces its copy on a
 * snapshot and folds events in with the same reducer, and reports what changed so the view
 * touches only those items. Pure: runs under plain Node.
 */
import { applyEvent, type ChatItem, type ChatState, streamTarget } from '../src/shared/chatState';
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
  /** Existing items whose content changed; keyed by object, since item ids need not be unique. */
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
    if (changes.chat) changes.appended = [];
    return changes;
  }

  private apply(chat: ChatState, event: AgentEvent): void {
    const before = chat.items.length;
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
      case 'usage':
        p.status = true;
        return;
      default:
        return;
    }
  }

  /** Marks an existing item changed; a just-appended one is rendered whole anyway. */
  private touch(item: ChatItem | undefined): item is ChatItem {
    if (!item || this.pending.appended.includes(item)) return false;
    this.pending.items.add(item);
    return true;
  }
}
