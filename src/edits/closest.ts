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

/** Short line starts and ends are too common to say where a block is; whole lines still count. */
const KEY = 8;
/** Windows scored closely after the vote. */
const FINALISTS = 16;

/**
 * Each file line that equals a search line (or shares its first or last characters) votes for the
 * window that would put the two side by side; the best-voted windows are then scored line by line
 * by shared prefix and suffix. One pass over the file with a map lookup per line, so the failure
 * path stays fast on big files whatever the search's height.
 */
export function findClosest(body: string, search: string): ClosestRegion | undefined {
  const want = blockLines(search).map((l) => l.trim());
  const weight = want.filter((l) => l !== '').length;
  if (weight === 0 || body === '') return undefined;
  const fileLines = body.endsWith('\n') ? body.slice(0, -1).split('\n') : body.split('\n');
  const height = Math.min(want.length, fileLines.length);
  const whole = new Map<string, number[]>();
  const heads = new Map<string, number[]>();
  const tails = new Map<string, number[]>();
  want.forEach((l, j) => {
    if (l === '') return;
    push(whole, l, j);
    if (l.length > KEY) {
      push(heads, l.slice(0, KEY), j);
      push(tails, l.slice(-KEY), j);
    }
  });
  const votes = new Float32Array(fileLines.length + want.length);
  const have: string[] = new Array(fileLines.length);
  for (let i = 0; i < fileLines.length; i++) {
    const l = (have[i] = fileLines[i].trim());
    if (l === '') continue;
    const exact = whole.get(l);
    if (exact) for (const j of exact) votes[i - j + want.length] += 1;
    if (l.length > KEY) {
      const h = heads.get(l.slice(0, KEY));
      if (h) for (const j of h) votes[i - j + want.length] += 0.3;
      const t = tails.get(l.slice(-KEY));
      if (t) for (const j of t) votes[i - j + want.length] += 0.3;
    }
  }
  const finalists = topWindows(votes, want.length, fileLines.length - height);
  let best = 0;
  let bestAt = -1;
  for (const s of finalists) {
    let score = 0;
    for (let j = 0; j < height; j++) score += lineSimilarity(have[s + j], want[j]);
    if (score > best || (score === best && s < bestAt)) {
      best = score;
      bestAt = s;
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

/** Start lines (clamped to the file) of the best-voted windows. */
function topWindows(votes: Float32Array, offset: number, lastStart: number): number[] {
  const top: Array<[number, number]> = [];
  for (let k = 0; k < votes.length; k++) {
    const v = votes[k];
    if (v === 0 || (top.length === FINALISTS && v <= top[top.length - 1][0])) continue;
    top.push([v, k]);
    top.sort((x, y) => y[0] - x[0]);
    if (top.length > FINALISTS) top.pop();
  }
  return [...new Set(top.map(([, k]) => Math.min(Math.max(0, k - offset), Math.max(0, lastStart))))];
}

function push(m: Map<string, number[]>, key: string, j: number): void {
  const xs = m.get(key);
  if (xs) xs.push(j);
  else m.set(key, [j]);
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
