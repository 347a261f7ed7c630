/**
 * `npm run bench`: every figure of the performance issue beside a baseline measured in the same
 * run, printed as one table. Speed claims live here, never in timed test assertions.
 */
import * as os from 'node:os';
import { codeSearch } from './codeSearch';
import { editMatching } from './editMatching';
import { editSize } from './editSize';
import { loopOverhead } from './loopOverhead';
import { renderCost } from './renderCost';
import { workspaceSummary } from './workspaceSummary';
import { formatTable, notMeasured, type Row } from './table';

const log = (line: string) => process.stderr.write(`\n  ${line}`);

type Bench = { figure: string; aim: string; run: () => Row | Row[] | Promise<Row | Row[]> };

const benches: Bench[] = [
  { figure: 'edit size', aim: '≥ 20× fewer', run: editSize },
  { figure: 'edit matching', aim: '< 50 ms', run: editMatching },
  { figure: 'code search', aim: '≥ 10× faster', run: () => codeSearch(log) },
  { figure: 'workspace summary', aim: '≥ 5× faster', run: () => workspaceSummary(log) },
  { figure: 'loop overhead', aim: '< 5 ms/round; < 100 MB', run: loopOverhead },
  { figure: 'render cost', aim: '100k < 1.5× 1k', run: renderCost },
];

async function main(): Promise<void> {
  const rows: Row[] = [];
  const started = Date.now();
  for (const b of benches) {
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
