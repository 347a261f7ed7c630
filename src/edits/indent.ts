/**
 * Re-indenting a replacement to where its search block was found. The model often copies a block
 * at the wrong depth, or with spaces where the file has tabs; its replacement then carries the
 * same drift, so we move every replacement line by the difference seen on the anchor line and
 * translate nesting levels between the two indentation styles.
 */
import { isBlank, leadingWhitespace } from './lines';

/** One level of indentation: a tab, or `width` spaces. */
export type IndentUnit = { kind: 'tab' } | { kind: 'space'; width: number };

/** Columns per level; a tab counts as one level whichever style the text uses. */
const TAB_COLUMNS = 4;

export function unitWidth(unit: IndentUnit): number {
  return unit.kind === 'tab' ? TAB_COLUMNS : unit.width;
}

/**
 * Guesses the indentation unit of some lines: tabs if most indented lines start with one, else the
 * most common step between consecutive indents (2–8; 1-space steps are alignment such as JSDoc).
 */
export function detectUnit(lines: Iterable<string>): IndentUnit | undefined {
  let tabs = 0;
  let spaces = 0;
  let previous: number | undefined;
  const steps = new Map<number, number>();
  for (const line of lines) {
    if (isBlank(line)) continue;
    if (line.startsWith('\t')) tabs++;
    else if (line.startsWith(' ')) spaces++;
    const width = leadingWhitespace(line).length;
    if (previous !== undefined && width !== previous && !line.startsWith('\t')) {
      const step = Math.abs(width - previous);
      if (step >= 2 && step <= 8) steps.set(step, (steps.get(step) ?? 0) + 1);
    }
    previous = width;
  }
  if (tabs > spaces) return { kind: 'tab' };
  let best: number | undefined;
  for (const [step, count] of steps) {
    const bestCount = best === undefined ? 0 : steps.get(best)!;
    if (count > bestCount || (count === bestCount && step < best!)) best = step;
  }
  return best === undefined ? undefined : { kind: 'space', width: best };
}

function levels(ws: string, unit: IndentUnit): number {
  const w = unitWidth(unit);
  let columns = 0;
  for (const ch of ws) columns += ch === '\t' ? w : 1;
  return columns / w;
}

function render(count: number, unit: IndentUnit): string {
  const whole = Math.floor(count);
  const rest = Math.round((count - whole) * unitWidth(unit));
  return (unit.kind === 'tab' ? '\t' : ' '.repeat(unit.width)).repeat(whole) + ' '.repeat(rest);
}

function sameUnit(a: IndentUnit, b: IndentUnit): boolean {
  return a.kind === b.kind && unitWidth(a) === unitWidth(b);
}

export interface Reindent {
  /** Indentation of the first non-blank search line, as the model wrote it. */
  searchAnchor: string;
  /** Indentation of the file line it matched. */
  fileAnchor: string;
  /** The model's unit (from its search and replace); `undefined` when it shows no nesting. */
  modelUnit: IndentUnit | undefined;
  fileUnit: IndentUnit | undefined;
}

export function reindentLines(lines: readonly string[], r: Reindent): string[] {
  const fileUnit = r.fileUnit ?? r.modelUnit ?? { kind: 'space', width: 4 };
  const modelUnit = r.modelUnit ?? fileUnit;
  const keepExtra = sameUnit(modelUnit, fileUnit);
  return lines.map((line) => {
    if (isBlank(line)) return '';
    const ws = leadingWhitespace(line);
    const body = line.slice(ws.length);
    if (ws.startsWith(r.searchAnchor)) {
      const extra = ws.slice(r.searchAnchor.length);
      return r.fileAnchor + (keepExtra ? extra : render(levels(extra, modelUnit), fileUnit)) + body;
    }
    // Less indented than the anchor (a closing brace above the block, say): keep the difference in levels.
    const target = levels(r.fileAnchor, fileUnit) + levels(ws, modelUnit) - levels(r.searchAnchor, modelUnit);
    return render(Math.max(0, target), fileUnit) + body;
  });
}
