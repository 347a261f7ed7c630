// Implicit caching as the real API reports it (documented: ai.google.dev/gemini-api/docs/caching):
// the prefix of a request — system instruction, then tools, then contents in order — that is
// byte-identical to a recent request's to the same model is reported as
// `usageMetadata.cachedContentTokenCount`, when it reaches a minimum size.
import { partChars, type WireContent } from './wire';

/** One piece of the canonical serialization and the characters it counts for in the token estimate. */
interface Piece {
  text: string;
  chars: number;
}

/** The canonical serialization of a request, in cache order, as pieces. */
export function canonicalPieces(body: { systemInstruction?: unknown; tools?: unknown; contents?: WireContent[] }): Piece[] {
  const pieces: Piece[] = [];
  for (const part of (body.systemInstruction as WireContent | undefined)?.parts ?? []) {
    pieces.push({ text: JSON.stringify({ system: part }), chars: partChars(part) });
  }
  if (Array.isArray(body.tools) && body.tools.length > 0) {
    const tools = JSON.stringify(body.tools);
    pieces.push({ text: tools, chars: tools.length });
  }
  for (const c of body.contents ?? []) {
    for (const part of c.parts ?? []) pieces.push({ text: JSON.stringify({ role: c.role, part }), chars: partChars(part) });
  }
  return pieces;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** Estimated characters of the byte-identical prefix two serializations share. */
export function sharedChars(a: Piece[], b: Piece[]): number {
  let chars = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i].text === b[i].text) {
      chars += a[i].chars;
      continue;
    }
    // The first differing piece counts for the share of it that still matches.
    const same = commonPrefix(a[i].text, b[i].text);
    chars += Math.floor((a[i].chars * same) / Math.max(1, a[i].text.length));
    break;
  }
  return chars;
}

/** The last requests seen, and what a new one would find cached among them. */
export class ImplicitCache {
  private readonly recent: { model: string; pieces: Piece[] }[] = [];

  constructor(private readonly keep = 20) {}

  /**
   * Estimated tokens of the longest prefix `body` shares with a recent request to `model`, or 0
   * under `minTokens`; then remembers `body`.
   */
  lookupAndAdd(model: string, body: Parameters<typeof canonicalPieces>[0], minTokens: number): number {
    const pieces = canonicalPieces(body);
    let best = 0;
    for (const r of this.recent) if (r.model === model) best = Math.max(best, sharedChars(pieces, r.pieces));
    this.recent.push({ model, pieces });
    if (this.recent.length > this.keep) this.recent.shift();
    const tokens = Math.floor(best / 4);
    return tokens >= minTokens ? tokens : 0;
  }
}
