/**
 * Acceptance counted on this machine only, the way Continue counts it: a suggestion visible for
 * under 250 ms is not counted; one not accepted within 10 s is rejected. A suggestion typed
 * through keeps its id, so it is one suggestion however many times its rest is shown.
 */
export const MIN_VISIBLE_MS = 250;
export const REJECT_AFTER_MS = 10_000;

export interface AcceptanceStats {
  shown: number;
  accepted: number;
  rejected: number;
}

interface Outstanding {
  id: number;
  shownAt: number;
}

export class AcceptanceTracker {
  readonly stats: AcceptanceStats = { shown: 0, accepted: 0, rejected: 0 };
  private current: Outstanding | undefined;
  private readonly waiting: Outstanding[] = [];
  private readonly done = new Set<number>();

  /** Called with what was decided (for the debouncer): each rejection and acceptance once. */
  constructor(private readonly onDecided: (accepted: boolean) => void = () => undefined) {}

  /** A suggestion is on screen now (replacing whatever was). */
  shown(id: number, now: number): void {
    this.settle(now);
    if (this.current?.id === id || this.done.has(id) || this.waiting.some((w) => w.id === id)) return;
    this.hidden(now);
    this.current = { id, shownAt: now };
  }

  /** Nothing is on screen any more (typed away, Esc, another suggestion). */
  hidden(now: number): void {
    const c = this.current;
    this.current = undefined;
    if (!c) return;
    if (now - c.shownAt < MIN_VISIBLE_MS) return;
    this.count(c);
  }

  accepted(id: number, now: number): void {
    this.settle(now);
    if (this.done.has(id)) return;
    const visible = this.current?.id === id ? this.current : this.waiting.find((w) => w.id === id);
    if (!visible) return;
    if (this.current?.id === id) this.current = undefined;
    this.remove(id);
    this.done.add(id);
    this.stats.shown++;
    this.stats.accepted++;
    this.onDecided(true);
  }

  /** Suggestions not accepted within 10 s of being shown become rejections. */
  settle(now: number): void {
    if (this.current && now - this.current.shownAt >= REJECT_AFTER_MS) {
      this.waiting.push(this.current);
      this.current = undefined;
    }
    for (const w of [...this.waiting]) {
      if (now - w.shownAt < REJECT_AFTER_MS) continue;
      this.remove(w.id);
      this.done.add(w.id);
      this.stats.shown++;
      this.stats.rejected++;
      this.onDecided(false);
    }
  }

  private count(c: Outstanding): void {
    this.waiting.push(c);
  }

  private remove(id: number): void {
    const i = this.waiting.findIndex((w) => w.id === id);
    if (i >= 0) this.waiting.splice(i, 1);
  }
}
