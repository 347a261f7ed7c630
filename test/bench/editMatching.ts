/**
 * Edit matching: one `applyEdits` call with 50 search/replace blocks on a 10,000-line file, as
 * models write them: most exact, some with trailing spaces, some at another indentation (the
 * replacement re-indented to the file), some missing a blank line. The same 50 edits written
 * exactly are timed beside it, to show what tolerance costs.
 */
import * as assert from 'node:assert/strict';
import { applyEdits, type MatchStrategy, type SearchReplace } from '../../src/edits/match';
import { rng, SourceGen } from './sourceText';
import { median, ms, timeRuns, times, type Row } from './table';

const EDITS = 50;
const RUNS = 20;

type Drift = 'exact' | 'trailing' | 'indent' | 'blank';
const DRIFTS: Drift[] = ['exact', 'exact', 'trailing', 'indent', 'blank'];

export async function editMatching(): Promise<Row> {
  const text = new SourceGen(rng(2)).module(10_000);
  const lines = text.split('\n');
  // The last lines of 50 functions spread over the file: `return …;`, `}`, blank, next doc comment.
  const ends = lines.flatMap((l, i) => (l === '}' && lines[i + 1] === '' && lines[i + 2]?.startsWith('/**') ? [i] : []));
  const step = Math.floor(ends.length / EDITS);
  const exact: SearchReplace[] = [];
  const drifted: SearchReplace[] = [];
  const expected: Drift[] = [];
  for (let k = 0; k < EDITS; k++) {
    const end = ends[k * step];
    const block = lines.slice(end - 1, end + 3);
    const changed = [block[0].replace('count: values.length', 'count: values.length, edited: true'), ...block.slice(1)];
    const drift = DRIFTS[k % DRIFTS.length];
    expected.push(drift);
    // A blank line the model left out of its search and replacement stays in the file.
    exact.push({ search: join(block), replace: join(changed) });
    drifted.push(applyDrift(drift, block, changed));
  }

  const reference = applyEdits(text, exact);
  assert.ok(reference.ok, 'the exact edits do not apply');
  const tolerant = applyEdits(text, drifted);
  assert.ok(tolerant.ok, `the drifted edits do not apply: ${tolerant.ok ? '' : tolerant.error}`);
  assert.equal(tolerant.text, reference.text, 'tolerant matching gave another file than the exact edits');
  const strategies = count(tolerant.applied.map((a) => a.strategy));
  assert.equal(strategies.get('exact'), expected.filter((d) => d === 'exact').length, `strategies: ${[...strategies]}`);

  const measured = median(await timeRuns(RUNS, () => applyEdits(text, drifted)));
  const baseline = median(await timeRuns(RUNS, () => applyEdits(text, exact)));
  const mix = [...strategies].map(([s, n]) => `${n} ${s}`).join(', ');
  return {
    figure: 'edit matching (50 edits, 10,000 lines)',
    measured: `${ms(measured)} (${mix})`,
    baseline: `${ms(baseline)} all exact`,
    ratio: `${times(measured / baseline)} of exact`,
    aim: '< 50 ms',
    ok: measured < 50,
  };
}

function applyDrift(drift: Drift, block: string[], changed: string[]): SearchReplace {
  switch (drift) {
    case 'exact':
      return { search: join(block), replace: join(changed) };
    case 'trailing':
      return { search: join(block.map((l) => (l ? `${l}  ` : l))), replace: join(changed) };
    case 'indent':
      // The model's copy is one level deeper, replacement included; the file's indentation wins.
      return { search: join(block.map(indent)), replace: join(changed.map(indent)) };
    case 'blank':
      // Without the blank line between the functions, in the search and in the replacement.
      return { search: join(block.filter((l) => l !== '')), replace: join(changed.filter((l) => l !== '')) };
  }
}

const indent = (l: string) => (l ? `  ${l}` : l);
const join = (ls: string[]) => ls.join('\n') + '\n';

function count(xs: MatchStrategy[]): Map<MatchStrategy, number> {
  const m = new Map<MatchStrategy, number>();
  for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
  return m;
}
