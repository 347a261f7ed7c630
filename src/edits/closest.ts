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
 * Each file line that equals a search line (trimmed) votes for the window that would put the two
 * side by side; when none does, lines sharing a search line's first or last characters vote
 * instead. The best-voted windows are then scored line by line by shared prefix and suffix. One
 * pass over the text that makes a string only of lines as long as some search line, so the
 * failure path stays fast on big files whatever the search's height.
 */
export function findClosest(body: string, search: string): ClosestRegion | undefined {
  const want = blockLines(search).map((l) => l.trim());
  const weight = want.filter((l) => l !== '').length;
  if (weight === 0 || body === '') return undefined;
  const whole = indexBy(want, (w) => w);
  // A cheap fingerprint (length, first, middle and last character) so most lines are never sliced.
  const prints = new Set([...whole.keys()].map((w) => fingerprint(w, 0, w.length)));
  let lineCount = 0;
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) lineCount++;
  if (!body.endsWith('\n')) lineCount++;
  const height = Math.min(want.length, lineCount);
  const starts = new Int32Array(lineCount + 1);
  // Each line's trimmed text is body.slice(bounds[2i], bounds[2i + 1]).
  const bounds = new Int32Array(2 * lineCount);
  const votes = new Float32Array(lineCount + want.length);
  let voted = false;
  for (let i = 0, s = 0; i < lineCount; i++) {
    const nl = body.indexOf('\n', s);
    const e = nl === -1 ? body.length : nl;
    let a = s;
    while (a < e && isSpace(body.charCodeAt(a))) a++;
    let z = e;
    while (z > a && isSpace(body.charCodeAt(z - 1))) z--;
    if (z > a && prints.has(fingerprint(body, a, z))) {
      const js = whole.get(body.slice(a, z));
      if (js) for (const j of js) votes[i - j + want.length] += 1;
      voted ||= js !== undefined;
    }
    starts[i] = s;
    bounds[2 * i] = a;
    bounds[2 * i + 1] = z;
    s = e + 1;
  }
  starts[lineCount] = body.endsWith('\n') ? body.length : body.length + 1;
  if (!voted) {
    const long = want.map((w) => (w.length > KEY ? w : ''));
    const heads = indexBy(long, (w) => w.slice(0, KEY));
    const tails = indexBy(long, (w) => w.slice(-KEY));
    for (let i = 0; i < lineCount; i++) {
      const [a, z] = [bounds[2 * i], bounds[2 * i + 1]];
      if (z - a <= KEY) continue;
      for (const j of heads.get(body.slice(a, a + KEY)) ?? []) votes[i - j + want.length] += 0.3;
      for (const j of tails.get(body.slice(z - KEY, z)) ?? []) votes[i - j + want.length] += 0.3;
    }
  }
  const line = (i: number) => body.slice(bounds[2 * i], bounds[2 * i + 1]);
  let best = 0;
  let bestAt = -1;
  for (const s of topWindows(votes, want.length, lineCount - height)) {
    let score = 0;
    for (let j = 0; j < height; j++) score += lineSimilarity(line(s + j), want[j]);
    if (score > best || (score === best && s < bestAt)) {
      best = score;
      bestAt = s;
    }
  }
  if (bestAt === -1) return undefined;
  const end = starts[bestAt + height] - 1;
  return { startLine: bestAt + 1, endLine: bestAt + height, text: body.slice(starts[bestAt], end), similarity: Math.min(1, best / weight) };
}

function fingerprint(text: string, a: number, z: number): number {
  return ((z - a) * 65_599 + text.charCodeAt(a) * 257 + text.charCodeAt((a + z) >> 1)) * 131 + text.charCodeAt(z - 1);
}

/** Indices of the non-blank lines, by `key` of each line. */
function indexBy(lines: readonly string[], key: (l: string) => string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  lines.forEach((l, j) => {
    if (l === '') return;
    const k = key(l);
    const xs = m.get(k);
    if (xs) xs.push(j);
    else m.set(k, [j]);
  });
  return m;
}

/** Whitespace `trim()` removes from a line of code: space, tab, carriage return, form feed, no-break space. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 12 || code === 11 || code === 0xa0 || code === 0xfeff;
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
