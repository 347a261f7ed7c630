/**
 * When a search block is not found, the model retries far better if it is shown the part of the
 * file that looks most like what it searched for: it usually copied that region from memory.
 */
import { blockLines } from './lines';

/** A region of the file, 1-based inclusive lines, with its text as it is now. */
export interface ClosestRegion {
  startLine: number;
  endLine: number;
  text: string;
  /** 0–1: how much of the search block's text the region shares, line by line. */
  similarity: number;
}

/**
 * Slides a window as tall as the search block over the file and scores each line pair by shared
 * prefix and suffix. That is cruder than an edit distance but close to free for the mismatching
 * pairs that make up nearly all of the work, which keeps the failure path fast on big files.
 */
export function findClosest(body: string, search: string): ClosestRegion | undefined {
  const want = blockLines(search).map((l) => l.trim());
  const fileLines = body.endsWith('\n') ? body.slice(0, -1).split('\n') : body.split('\n');
  const have = fileLines.map((l) => l.trim());
  const weight = want.filter((l) => l !== '').length;
  if (weight === 0 || body === '') return undefined;
  const height = Math.min(want.length, have.length);
  let best = 0;
  let bestAt = -1;
  for (let i = 0; i + height <= have.length; i++) {
    let score = 0;
    for (let j = 0; j < height; j++) score += lineSimilarity(have[i + j], want[j]);
    if (score > best) {
      best = score;
      bestAt = i;
    }
  }
  if (bestAt === -1) return undefined;
  return {
    startLine: bestAt + 1,
    endLine: bestAt + height,
    text: fileLines.slice(bestAt, bestAt + height).join('\n'),
    similarity: Math.min(1, best / weight),
  };
}

/** Blank pairs score 0 so that runs of blank lines do not win over real text. */
export function lineSimilarity(a: string, b: string): number {
  if (a === '' || b === '') return 0;
  if (a === b) return 1;
  const shorter = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < shorter && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return (prefix + suffix) / Math.max(a.length, b.length);
}
