/**
 * `npm run bench`: every figure of the performance issue beside a baseline measured in the same
 * run, printed as one table. Speed claims live here, never in timed test assertions.
 */
import * as os from 'node:os';
import { codeIndexBench } from './codeIndex';
import { codeSearch } from './codeSearch';
import { editMatching } from './editMatching';
import { editWorstCases } from './editWorstCases';
import { editSize } from './editSize';
import { loopOverhead } from './loopOverhead';
import { recallBench } from './recall';
import { workspaceSummary } from './workspaceSummary';
import { formatTable, notMeasured, type Row } from './table';

const log = (line: string) => process.stderr.write(`\n  ${line}`);

type Bench = {
  figure: string;
  aim: string;
  run: () => Row | Row[] | Promise<Row | Row[]>;
  /** Run before the others (printed in its place all the same). */
  first?: boolean;
};

const root = process.cwd();

// Printed in the order. `npm run bench` packages before any row runs, so the host rows
// install the current .vsix and the render row loads the production bundle; the loop row runs first, so its heap figure holds no other row's leftovers.
const benches: Bench[] = [
  // Loaded when run: Playwright and the host are heavy and would weigh on the heap figure.
  { figure: 'package sizes', aim: '.vsix < 2 MB', run: async () => (await import('./activation')).packageSizes(root) },
  { figure: 'activation', aim: '< 20 ms', run: async () => (await import('./activation')).activation(root, log) },
  { figure: 'streaming latency', aim: 'p95 < 16 ms', run: async () => (await import('./streaming')).streamingLatency(root, log) },
  { figure: 'first visible update', aim: '< 50 ms after the first chunk (median)', run: async () => (await import('./firstUpdate')).firstUpdate(root, log) },
  { figure: 'render cost', aim: '100k < 1.5× 1k', run: async () => (await import('./renderCost')).renderCost() },
  { figure: 'code search', aim: '≥ 10× faster', run: () => codeSearch(log) },
  { figure: 'workspace summary', aim: '≥ 5× faster', run: () => workspaceSummary(log) },
  { figure: 'edit size', aim: '≥ 20× fewer', run: editSize },
  { figure: 'edit matching', aim: '< 50 ms', run: editMatching },
  { figure: 'edit matching worst cases', aim: '< 300 ms each', run: editWorstCases },
  { figure: 'loop overhead', aim: '< 5 ms/round; < 100 MB', run: loopOverhead, first: true },
  { figure: 'codebase index', aim: 'p95 < 50 ms at 100k chunks', run: () => codeIndexBench(log) },
  { figure: 'index recall', aim: 'hybrid ≥ keyword search', run: () => recallBench(log) },
  { figure: 'implicit cache', aim: '≥ 70% after the first', run: async () => (await import('./implicitCache')).implicitCache() },
  { figure: 'agents: context saving', aim: '≥ 3× fewer', run: async () => (await import('./agents')).contextSaving() },
  { figure: 'agents: parallel explorers', aim: '< 1.5 s', run: async () => (await import('./agents')).parallelExplorers() },
  { figure: 'autocomplete', aim: '≤ 10 requests/100 keys; ≥ 90% cache hits; p95 < 10 ms', run: async () => (await import('./completion')).completionReplay(root) },
];

/** `BENCH_ONLY=search,render npm run bench` runs only the rows whose figure contains one of these. */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0].toFixed(1);
  const chosen = benches.filter((b) => !only || only.some((o) => b.figure.includes(o)));
  const results = new Map<Bench, Row[]>();
  for (const b of [...chosen.filter((b) => b.first), ...chosen.filter((b) => !b.first)]) {
    const t0 = Date.now();
    process.stderr.write(`bench: ${b.figure}…`);
    try {
      results.set(b, [await b.run()].flat());
    } catch (err) {
      // A broken row is shown as such; the others still run.
      results.set(b, [notMeasured(b.figure, b.aim, `failed: ${(err as Error).message.split('\n')[0]}`)]);
    }
    process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const rows = chosen.flatMap((b) => results.get(b) ?? []);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg()[0].toFixed(1);
  console.log(
    `\nMachine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${os.platform()}; ` +
      `load average ${loadAtStart} at start, ${load} at end; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC; took ${((Date.now() - started) / 1000).toFixed(0)} s\n`,
  );
  console.log(formatTable(rows));
  const missed = rows.filter((r) => r.ok === false).length;
  if (missed > 0) console.log(`\n${missed} row(s) MISSED their aim.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
