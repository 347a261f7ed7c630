/**
 * How long to wait after a keystroke before asking the model: longer after rejected suggestions,
 * shorter after accepted ones, always within bounds.
 */
export interface DebounceBounds {
  minMs: number;
  maxMs: number;
  initialMs: number;
  /** Multiplier after a rejection (> 1); an acceptance divides by its square. */
  step: number;
}

export const DEFAULT_DEBOUNCE: DebounceBounds = { minMs: 75, maxMs: 600, initialMs: 200, step: 1.25 };

export class AdaptiveDebouncer {
  private current: number;

  constructor(private readonly bounds: DebounceBounds = DEFAULT_DEBOUNCE) {
    this.current = clamp(bounds.initialMs, bounds);
  }

  get delayMs(): number {
    return this.current;
  }

  /** A suggestion was accepted: wait less next time (twice as fast as a rejection lengthens it). */
  accepted(): void {
    this.current = clamp(this.current / (this.bounds.step * this.bounds.step), this.bounds);
  }

  rejected(): void {
    this.current = clamp(this.current * this.bounds.step, this.bounds);
  }
}

function clamp(ms: number, b: DebounceBounds): number {
  return Math.round(Math.min(b.maxMs, Math.max(b.minMs, ms)));
}
