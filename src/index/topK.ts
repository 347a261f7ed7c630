/**
 * The k best of a stream of (score, id) pairs, best = higher score, then lower id: a bounded
 * min-heap in two typed arrays (its root is the worst kept), so a search over 100k rows keeps k
 * entries instead of sorting 100k. Reused across searches: `reset` clears it without allocating.
 */
export class TopK {
  private scores: Float64Array;
  private ids: Int32Array;
  private count = 0;

  constructor(private capacity: number) {
    this.scores = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  /** Empties the heap, growing it when `capacity` is more than it holds. */
  reset(capacity: number): void {
    if (capacity > this.scores.length) {
      this.scores = new Float64Array(capacity);
      this.ids = new Int32Array(capacity);
    }
    this.capacity = capacity;
    this.count = 0;
  }

  get size(): number {
    return this.count;
  }

  /** The worst score kept once the heap is full; -Infinity before (anything enters). */
  get floor(): number {
    return this.count < this.capacity ? -Infinity : this.scores[0];
  }

  offer(score: number, id: number): void {
    if (this.capacity === 0) return;
    if (this.count < this.capacity) {
      this.up(this.count++, score, id);
    } else if (worse(this.scores[0], this.ids[0], score, id)) {
      this.down(score, id);
    }
  }

  /** What is kept, best first (the heap is left empty). */
  drain(): Array<{ id: number; score: number }> {
    const out = new Array<{ id: number; score: number }>(this.count);
    for (let i = this.count - 1; i >= 0; i--) {
      out[i] = { id: this.ids[0], score: this.scores[0] };
      const lastScore = this.scores[this.count - 1];
      const lastId = this.ids[this.count - 1];
      this.count--;
      if (this.count > 0) this.down(lastScore, lastId);
    }
    return out;
  }

  private up(at: number, score: number, id: number): void {
    const { scores, ids } = this;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!worse(score, id, scores[parent], ids[parent])) break;
      scores[at] = scores[parent];
      ids[at] = ids[parent];
      at = parent;
    }
    scores[at] = score;
    ids[at] = id;
  }

  /** Puts (score, id) at the root and sinks it to its place. */
  private down(score: number, id: number): void {
    const { scores, ids } = this;
    const n = this.count;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      if (child + 1 < n && worse(scores[child + 1], ids[child + 1], scores[child], ids[child])) child++;
      if (!worse(scores[child], ids[child], score, id)) break;
      scores[at] = scores[child];
      ids[at] = ids[child];
      at = child;
    }
    scores[at] = score;
    ids[at] = id;
  }
}

/** Whether (a, aId) ranks below (b, bId): a lower score, or the same score and a higher id. */
function worse(a: number, aId: number, b: number, bId: number): boolean {
  return a < b || (a === b && aId > bId);
}
