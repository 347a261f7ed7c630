/**
 * `npm run bench`: every figure of the performance issue beside a baseline measured in the same
 * run, printed as one table. Speed claims live here, never in timed test assertions.
 */
import * as os from 'node:os';
import { activation, packageSizes } from './activation';
import { codeSearch } from './codeSearch';
import { editMatching } from './editMatching';
import { editSize } from './editSize';
import { loopOverhead } from './loopOverhead';
import { renderCost } from './renderCost';
import { streamingLatency } from './streaming';
import { workspaceSummary } from './workspaceSummary';
import { formatTable, notMeasured, type Row } from './table';

const log = (line: string) => process.stderr.write(`\n  ${line}`);

type Bench = { figure: string; aim: string; run: () => Row | Row[] | Promise<Row | Row[]> };

const root = process.cwd();

// In the order. Packaging comes first, so the render row measures the production bundle.
const benches: Bench[] = [
  { figure: 'package sizes', aim: '.vsix < 2 MB', run: () => packageSizes(root) },
  { figure: 'activation', aim: '< 20 ms', run: () => activation(root, log) },
  { figure: 'streaming latency', aim: 'p95 < 16 ms', run: () => streamingLatency(root, log) },
  { figure: 'render cost', aim: '100k < 1.5× 1k', run: renderCost },
  { figure: 'code search', aim: '≥ 10× faster', run: () => codeSearch(log) },
  { figure: 'workspace summary', aim: '≥ 5× faster', run: () => workspaceSummary(log) },
  { figure: 'edit size', aim: '≥ 20× fewer', run: editSize },
  { figure: 'edit matching', aim: '< 50 ms', run: editMatching },
  { figure: 'loop overhead', aim: '< 5 ms/round; < 100 MB', run: loopOverhead },
];

/** `BENCH_ONLY=search,render npm run bench` runs only the rows whose figure contains one of these. */
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = Date.now();
  for (const b of benches.filter((b) => !only || only.some((o) => b.figure.includes(o)))) {
    const t0 = Date.now();
    process.stderr.write(`bench: ${b.figure}…`);
    try {
      rows.push(...[await b.run()].flat());
    } catch (err) {
      // A broken row is shown as such; the others still run.
      rows.push(notMeasured(b.figure, b.aim, `failed: ${(err as Error).message.split('\n')[0]}`));
    }
    process.stderr.write(` ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`\nMachine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, ${os.platform()}; ${new Date().toISOString().slice(0, 10)}; total ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  console.log(formatTable(rows));
  const missed = rows.filter((r) => r.ok === false).length;
  if (missed > 0) console.log(`\n${missed} row(s) MISSED their aim.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
