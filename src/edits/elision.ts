/**
 * Elisions: a model quoting a long block often writes `...` or `// ... existing code ...` for the
 * part it skipped. Such a search cannot match the file, and such a replacement would write the
 * marker into the file and delete the code it stands for, so both are refused with the reason.
 */

const LEADER = /^(\/\/+|#+|--|;+|\/\*+|<!--|\{\/\*|\*)\s*/;
const TRAILER = /\s*(\*+\/\}?|-->)$/;
const DOTS = /^(\.\.\.|…)$/;
/** What a comment standing for skipped code says (`rest of the code`, `existing methods`, …). */
const SKIPPED = /\b(existing|rest of|remaining|unchanged|omitted|other|previous|same as before)\b.*\b(code|lines?|content|implementation|methods?|functions?|file|imports?|tests?|cases?|logic|body|fields?|properties|config|keys?|items?|entries|definitions?|declarations?)\b/i;

/** A comment standing for skipped code: `// ...`, `# ... rest of the file`, `/* existing code *\/`. */
export function isElisionComment(line: string): boolean {
  const t = line.trim();
  const leader = LEADER.exec(t);
  if (!leader) return false;
  const text = t.slice(leader[0].length).replace(TRAILER, '').trim();
  if (DOTS.test(text)) return true;
  const dotted = /^(\.\.\.|…)|(\.\.\.|…)$/.test(text);
  return (dotted || text.length < 60) && SKIPPED.test(text) && (dotted || /^(\.\.\.|…)?\s*(existing|rest|remaining|unchanged|omitted|other|previous|same)\b/i.test(text));
}

/** The first line of a search that stands for skipped code, 0-based, or -1. */
export function searchElision(searchLines: readonly string[]): number {
  return searchLines.findIndex((l) => DOTS.test(l.trim()) || isElisionComment(l));
}

/** The first replacement line that is an elision comment the search does not have itself, or -1. */
export function replacementElision(searchLines: readonly string[], replaceLines: readonly string[]): number {
  const inSearch = new Set(searchLines.map((l) => l.trim()));
  return replaceLines.findIndex((l) => isElisionComment(l) && !inSearch.has(l.trim()));
}
