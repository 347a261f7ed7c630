/**
 * Completions keyed by the text before the cursor (per document). A lookup also hits while the
 * user types through a shown suggestion (the new prefix is an old prefix plus the start of its
 * completion) and after backspacing and retyping (the old prefix again).
 */
/** A suggestion and the id of the model answer it comes from (the same while typing through it). */
export interface Suggestion {
  id: number;
  text: string;
}

export class CompletionCache {
  private readonly entries: Array<{ doc: string; prefix: string; completion: string; id: number }> = [];

  constructor(private readonly capacity = 64) {}

  set(doc: string, prefix: string, completion: string, id = 0): void {
    const at = this.entries.findIndex((e) => e.doc === doc && e.prefix === prefix);
    if (at >= 0) this.entries.splice(at, 1);
    this.entries.push({ doc, prefix, completion, id });
    if (this.entries.length > this.capacity) this.entries.shift();
  }

  /** The rest of a cached completion at `prefix`, or undefined. */
  get(doc: string, prefix: string): string | undefined {
    return this.lookup(doc, prefix)?.text;
  }

  /** Like `get`, with the id the completion was stored under. */
  lookup(doc: string, prefix: string): Suggestion | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i];
      if (e.doc !== doc) continue;
      const typed = prefix.length - e.prefix.length;
      if (typed < 0 || typed >= e.completion.length) continue;
      if (prefix.slice(e.prefix.length) !== e.completion.slice(0, typed)) continue;
      if (!prefix.startsWith(e.prefix)) continue;
      // Most recent use last: the next lookup finds it first.
      this.entries.splice(i, 1);
      this.entries.push(e);
      return { id: e.id, text: e.completion.slice(typed) };
    }
    return undefined;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
