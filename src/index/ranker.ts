/**
 * Reciprocal rank fusion of the three rankings. In two lines: each list gives a chunk
 * `weight / (K + rank)` (rank 1 = best), and a chunk's score is the sum over the lists it is in;
 * so a chunk ranked well by both the vectors and BM25 beats one ranked first by only one of them,
 * and the recent-edit list, weighted lower, only breaks near-ties.
 */

/**
 * The RRF constant: how flat the top of each list is. The usual 60 comes from fusing many deep
 * rankings; here two lists of 50 make a top 10, and at 60 a chunk first in one list (1/61) loses
 * to any chunk both lists put around 30th (2/90). At 20 the top of each list counts: chosen on
 * half the recall bench's questions and checked on the other half (README, "Codebase index").
 */
export const RRF_K = 20;

export interface RankedList<T> {
  items: readonly T[];
  weight: number;
}

/** Fused scores, best first; ties keep the order of first appearance. */
export function fuse<T>(lists: ReadonlyArray<RankedList<T>>, limit: number): Array<{ item: T; score: number }> {
  const scores = new Map<T, number>();
  for (const { items, weight } of lists) {
    items.forEach((item, i) => scores.set(item, (scores.get(item) ?? 0) + weight / (RRF_K + i + 1)));
  }
  return [...scores].map(([item, score]) => ({ item, score })).sort((a, b) => b.score - a.score).slice(0, limit);
}

/**
 * The weights: vectors and BM25 count alike; recent edits are a nudge worth about three places
 * near the top of both lists (0.25 / 21 ≈ 2 × (1/21 − 1/24)).
 */
export const WEIGHTS = { vector: 1, lexical: 1, recent: 0.25 } as const;
