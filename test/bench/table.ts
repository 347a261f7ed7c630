/**
 * One row of the benchmark table and how the table is printed. A row that could not be measured
 * says why in `measured` and has `ok: undefined`; a row that misses its aim is printed as MISSED,
 * never dropped.
 */
export interface Row {
  figure: string;
  measured: string;
  baseline: string;
  ratio: string;
  aim: string;
  /** `undefined`: not measured, or no aim to hold it to. */
  ok: boolean | undefined;
}

export function notMeasured(figure: string, aim: string, why: string): Row {
  return { figure, measured: `not measured: ${why}`, baseline: '—', ratio: '—', aim, ok: undefined };
}

export function verdict(ok: boolean | undefined): string {
  return ok === undefined ? '—' : ok ? 'ok' : 'MISSED';
}

/** A Markdown table, so it can be pasted into the README as printed. */
export function formatTable(rows: readonly Row[]): string {
  const header = ['figure', 'measured', 'baseline (same run)', 'ratio', 'aim', 'ok'];
  const cells = rows.map((r) => [r.figure, r.measured, r.baseline, r.ratio, r.aim, verdict(r.ok)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((s, i) => s.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.map(line)].join('\n');
}

export const ms = (x: number): string => (x >= 100 ? `${x.toFixed(0)} ms` : x >= 10 ? `${x.toFixed(1)} ms` : `${x.toFixed(2)} ms`);
export const times = (x: number): string => `${x >= 10 ? x.toFixed(0) : x.toFixed(1)}×`;
export const bytes = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Runs `fn` `runs` times after one warm-up and returns each run's milliseconds. */
export async function timeRuns(runs: number, fn: () => unknown): Promise<number[]> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Milliseconds of one run of `fn`. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}
