/**
 * Paces a chat's events to the panel by the transport itself: the first event goes at once, and
 * whatever arrives while a message is on its way goes in the next one, sent when the last is
 * taken. A fixed window (one message per 16 ms) made every chunk wait for the window and, where
 * posting is slow (a browser workbench), queued messages behind each other; this sends as often
 * as the transport keeps up, never more.
 */
import type { AgentEvent } from '../shared/events';

export interface EventBatch {
  chatId: string;
  events: AgentEvent[];
}

export class EventPacer {
  /** Batches not sent yet; consecutive events of one chat share a batch. */
  private pending: EventBatch[] = [];
  private inFlight = false;

  /**
   * @param send posts one batch; it settles once the transport has taken it.
   * @param maxWaitMs a send that never settles (a panel going away mid-post) holds the rest back no longer than this.
   */
  constructor(
    private readonly send: (batch: EventBatch) => PromiseLike<unknown>,
    private readonly maxWaitMs = 250,
  ) {}

  push(chatId: string, events: readonly AgentEvent[]): void {
    if (events.length === 0) return;
    const last = this.pending[this.pending.length - 1];
    if (last?.chatId === chatId) last.events.push(...events);
    else this.pending.push({ chatId, events: [...events] });
    if (!this.inFlight) this.sendPending();
  }

  /** Sends what is pending now, in flight or not (before a snapshot, which must not overtake events). */
  flush(): void {
    const batches = this.pending;
    this.pending = [];
    for (const b of batches) void this.send(b);
  }

  private sendPending(): void {
    const batches = this.pending;
    if (batches.length === 0) return;
    this.pending = [];
    this.inFlight = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const taken = Promise.all(batches.map((b) => Promise.resolve(this.send(b)).catch(() => undefined)));
    const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.maxWaitMs)));
    void Promise.race([taken, gaveUp]).then(() => {
      clearTimeout(timer);
      this.inFlight = false;
      this.sendPending();
    });
  }
}
