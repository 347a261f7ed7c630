/**
 * Edit matching at its worst: one edit on a 10 MB, 250,000-line file, found exactly, found at
 * another indentation (the replacement re-indented), not found with a 60-line search (the closest
 * region is looked for), and ambiguous (a block every few functions share). Beside them, one
 * `indexOf` of the 60-line search over the file: the floor any matcher pays.
 */
import * as assert from 'node:assert/strict';
import { applyEdits, type SearchReplace } from '../../src/edits/match';
import { rng, SourceGen } from './sourceText';
import { median, ms, timeRuns, times, type Row } from './table';

const RUNS = 5;
const AIM_MS = 300;

export async function editWorstCases(): Promise<Row> {
  const text = new SourceGen(rng(3)).module(250_000);
  const lines = text.split('\n');
  const mid = lines.findIndex((l, i) => i > 125_000 && l.startsWith('export function'));
  const block = lines.slice(mid, mid + 8);
  const join = (ls: string[]) => ls.join('\n') + '\n';
  const deeper = (ls: string[]) => ls.map((l) => (l ? `  ${l}` : l));
  const changed = [...block.slice(0, -1), `${block[block.length - 1]} // edited`];
  const tall = lines.slice(mid, mid + 60);
  const missing = [...tall.slice(0, 30), `${tall[30]} // not in the file`, ...tall.slice(31)];
  const shared = lines.slice(mid - 3, mid).filter((l) => l === '}' || l === '' || l.startsWith('/**'));
  const cases: Array<[string, SearchReplace, 'applies' | 'refused']> = [
    ['exact', { search: join(block), replace: join(changed) }, 'applies'],
    ['re-indented', { search: join(deeper(block)), replace: join(deeper(changed)) }, 'applies'],
    ['not found (60 lines)', { search: join(missing), replace: '' }, 'refused'],
    ['ambiguous', { search: join(shared), replace: '' }, 'refused'],
  ];
  const results: string[] = [];
  let worst = 0;
  for (const [name, edit, outcome] of cases) {
    const r = applyEdits(text, [edit]);
    assert.equal(r.ok, outcome === 'applies', `${name}: ${r.ok ? 'applied' : r.error}`);
    if (name === 'not found (60 lines)') assert.ok(!r.ok && r.closest?.startLine === mid + 1, `${name}: closest region ${r.ok ? '' : r.closest?.startLine}`);
    if (name === 'ambiguous') assert.match(r.ok ? '' : r.error, /matches \d+ places/);
    const t = median(await timeRuns(RUNS, () => applyEdits(text, [edit])));
    worst = Math.max(worst, t);
    results.push(`${name} ${ms(t)}`);
  }
  const floor = median(await timeRuns(RUNS, () => text.indexOf(join(missing))));
  return {
    figure: `edit matching worst cases (${(text.length / 2 ** 20).toFixed(1)} MB, ${(lines.length - 1).toLocaleString('en')} lines)`,
    measured: results.join('; '),
    baseline: `${ms(floor)} one indexOf`,
    ratio: `${times(worst / floor)} worst/indexOf`,
    aim: `< ${AIM_MS} ms each`,
    ok: worst < AIM_MS,
  };
}
