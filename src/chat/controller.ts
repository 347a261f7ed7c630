/**
 * Owns the chats of a workspace: the current one's state, its history for the model, and the
 * saved list. One run per chat at a time. The panel renders what this pushes; a reload gets a
 * snapshot, so nothing lives only in the webview.
 */
import { applyEvent, emptyChat, findReview, latestRunEnd, type ChatState } from '../shared/chatState';
import type { AgentEvent } from '../shared/events';
import type { ChatSummary } from '../shared/protocol';
import { requestMessage } from '../agent/context';
import { suggestNextSteps, type SuggestFn } from './nextSteps';
import { parseSavedChats, type SavedChat } from './savedChats';
import type { RunRequest, Runner, StateStore } from './types';

const STORE_KEY = 'geminiAgent.chats';
const MAX_SAVED = 50;

export interface ChatListener {
  onEvents(chatId: string, events: AgentEvent[]): void;
  onSnapshot(): void;
}

export class ChatController {
  private chats: SavedChat[];
  private current: SavedChat;
  private abort: AbortController | undefined;
  private running: Promise<void> | undefined;
  /** The next-step call after the last run, stopped when another run starts or the chat changes. */
  private suggesting: { abort: AbortController; done: Promise<void> } | undefined;
  private listeners = new Set<ChatListener>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** A failed save was reported and no save has worked since: the next failures stay quiet. */
  private saveFailing = false;

  constructor(
    private readonly store: StateStore,
    private readonly runner: () => Runner,
    private readonly newId: () => string,
    /** While a run streams, the chat is saved at most this often, so a reload mid-run keeps what was shown. */
    private readonly saveEveryMs = 500,
    /** Told, once until a save works again, that chats could not be saved. */
    private readonly reportSaveFailure: (message: string) => void = () => undefined,
    /** The model call for next-step suggestions after a completed run; undefined (or the setting off) offers none. */
    private readonly suggest: () => SuggestFn | undefined = () => undefined,
  ) {
    let saved: unknown;
    try {
      saved = store.get<unknown>(STORE_KEY);
    } catch {
      saved = undefined;
    }
    this.chats = parseSavedChats(saved).map(recoverInterrupted);
    this.current = this.chats[0] ?? this.fresh();
  }

  get state(): ChatState {
    return this.current.state;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  history(): ChatSummary[] {
    return this.chats.filter((c) => c.state.items.length > 0).map((c) => ({ id: c.state.id, title: c.state.title, updated: c.updated }));
  }

  listen(listener: ChatListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts a run. Refused (with a message in the chat) while one is already running. */
  send(request: RunRequest): Promise<void> {
    if (this.running) {
      this.emit(this.current, { type: 'error', message: 'A run is already in progress in this chat. Stop it first or wait for it to finish.', retryable: false });
      return this.running;
    }
    this.stopSuggesting();
    const chat = this.current;
    chat.lastRequest = request;
    const abort = new AbortController();
    this.abort = abort;
    const runId = this.newId();
    this.emit(chat, {
      type: 'runStarted',
      runId,
      request: request.text,
      ...(request.mentions?.length ? { mentions: request.mentions.map((m) => m.chip) } : {}),
      ...(request.images?.length ? { images: request.images } : {}),
    });
    this.running = this.execute(chat, request, abort.signal, runId).finally(() => {
      this.running = undefined;
      this.abort = undefined;
      this.save(true);
    });
    return this.running;
  }

  stop(): void {
    this.abort?.abort();
  }

  retry(): Promise<void> | undefined {
    const last = this.current.lastRequest;
    return last && !this.running ? this.send(last) : undefined;
  }

  newChat(): void {
    if (this.running) this.stop();
    this.stopSuggesting();
    if (this.current.state.items.length === 0) return;
    this.current = this.fresh();
    this.notifySnapshot();
  }

  openChat(id: string): boolean {
    const chat = this.chats.find((c) => c.state.id === id);
    if (!chat || chat === this.current) return false;
    if (this.running) this.stop();
    this.stopSuggesting();
    this.current = chat;
    this.notifySnapshot();
    return true;
  }

  /** Adds an event about a finished run (kept, reverted) to the chat that holds that run. */
  recordForRun(runId: string, event: AgentEvent): void {
    const chat = this.chats.find((c) => c.state.runId === runId || c.state.items.some((i) => i.kind === 'runEnd' && i.runId === runId));
    if (chat) this.emit(chat, event);
  }

  /**
   * The user closed a review card: recorded as an event of the chat that holds the review, so the
   * panel hides it and a reload or a reopened chat agrees. A review not found, or already
   * dismissed, changes nothing.
   */
  dismissReview(reviewId: string): boolean {
    const holds = (c: SavedChat) => {
      const review = findReview(c.state.items, reviewId);
      return review !== undefined && !review.dismissed;
    };
    const chat = holds(this.current) ? this.current : this.chats.find(holds);
    if (!chat) return false;
    this.emit(chat, { type: 'reviewDismissed', reviewId });
    return true;
  }

  /** Waits for the current run, if any (for deactivation and tests). */
  async idle(): Promise<void> {
    await this.running;
    await this.suggesting?.done;
  }

  private async execute(chat: SavedChat, request: RunRequest, signal: AbortSignal, runId: string): Promise<void> {
    const emit = (event: AgentEvent) => this.emit(chat, event);
    try {
      chat.history = await this.runner().run(request, chat.history, emit, signal, runId);
      if (chat.state.running) emit({ type: 'runEnded', status: signal.aborted ? 'cancelled' : 'completed', message: signal.aborted ? 'Stopped.' : 'Done.' });
      // The agent reports its own end; only a completed run gets next steps.
      if (!signal.aborted && latestRunEnd(chat.state.items)?.status === 'completed') this.offerNextSteps(chat, runId);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (signal.aborted) emit({ type: 'runEnded', status: 'cancelled', message: 'Stopped.' });
      else {
        // Only an error that says it is worth trying again offers a retry.
        emit({ type: 'error', message, retryable: (err as { retryable?: boolean }).retryable === true });
        emit({ type: 'runEnded', status: 'failed', message: 'The run failed.' });
      }
    }
  }

  /**
   * Asks for follow-up requests in the background: the run is over whatever this call does, and a
   * failed call shows nothing. The chips go to the run only while it is still the chat's latest.
   */
  private offerNextSteps(chat: SavedChat, runId: string): void {
    const call = this.suggest();
    if (!call) return;
    const abort = new AbortController();
    const done = suggestNextSteps(chat.state, call, abort.signal).then((steps) => {
      if (abort.signal.aborted || steps.length === 0 || chat.state.runId !== runId || chat.state.running) return;
      this.emit(chat, { type: 'nextSteps', runId, steps });
    });
    const suggesting = { abort, done };
    this.suggesting = suggesting;
    void done.finally(() => {
      if (this.suggesting === suggesting) this.suggesting = undefined;
    });
  }

  private stopSuggesting(): void {
    this.suggesting?.abort.abort();
    this.suggesting = undefined;
  }

  private emit(chat: SavedChat, event: AgentEvent): void {
    applyEvent(chat.state, event);
    chat.updated = Date.now();
    for (const l of this.listeners) l.onEvents(chat.state.id, [event]);
    // Run boundaries, and a user's decision made outside a run, are saved at once.
    this.save(event.type === 'runStarted' || event.type === 'runEnded' || event.type === 'reviewDismissed');
  }

  private fresh(): SavedChat {
    const chat: SavedChat = { state: emptyChat(this.newId()), history: [], updated: Date.now() };
    this.chats.unshift(chat);
    this.chats = this.chats.slice(0, MAX_SAVED);
    return chat;
  }

  private notifySnapshot(): void {
    for (const l of this.listeners) l.onSnapshot();
  }

  /**
   * Saves at once at run boundaries; otherwise at most once per `saveEveryMs`, counted from the
   * first unsaved event (a throttle, not a debounce: a long stream is saved while it runs).
   */
  private save(now: boolean): void {
    if (!now) {
      this.saveTimer ??= setTimeout(() => this.write(), this.saveEveryMs);
      return;
    }
    this.write();
  }

  private write(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.chats.sort((a, b) => (a === this.current ? -1 : b === this.current ? 1 : b.updated - a.updated));
    const chats = this.chats.filter((c) => c.state.items.length > 0 || c === this.current);
    // A full disk or a store that refuses the value must not become an unhandled rejection.
    let written: Promise<void>;
    try {
      written = Promise.resolve(this.store.update(STORE_KEY, chats));
    } catch (err) {
      written = Promise.reject(err);
    }
    written.then(
      () => (this.saveFailing = false),
      (err: unknown) => {
        if (this.saveFailing) return;
        this.saveFailing = true;
        this.reportSaveFailure(`Chats could not be saved: ${err instanceof Error ? err.message : String(err)}. They are kept while this window is open.`);
      },
    );
  }
}

/** A chat saved mid-run lost its run with the window; say so instead of showing a spinner forever. */
function recoverInterrupted(chat: SavedChat): SavedChat {
  if (!chat.state.running) return chat;
  rememberInterruptedRun(chat);
  applyEvent(chat.state, { type: 'runEnded', status: 'cancelled', message: 'The run was interrupted when the window reloaded.' });
  return chat;
}

/**
 * The model history is written when a run ends, so an interrupted run is missing from it: add
 * what was asked and what was shown, so the next request is understood in that light. Not for a
 * chat's first run: an empty history is what makes the next run send the workspace tree.
 */
function rememberInterruptedRun(chat: SavedChat): void {
  const items = chat.state.items;
  const start = items.map((i) => i.kind).lastIndexOf('user');
  const asked = items[start];
  if (chat.history.length === 0 || asked?.kind !== 'user') return;
  const shown = items.slice(start + 1).flatMap((i) => (i.kind === 'assistant' && i.text ? [i.text] : [])).join('\n\n');
  const request = requestMessage({ text: asked.text }, undefined);
  const last = chat.history[chat.history.length - 1];
  // Roles alternate: a history that ends with the user's turn takes the request into that turn.
  if (last.role === 'user') last.parts.push(...request.parts);
  else chat.history.push(request);
  chat.history.push({ role: 'model', parts: [{ text: `${shown ? `${shown}\n\n` : ''}[This answer was cut short: the window reloaded.]` }] });
}
