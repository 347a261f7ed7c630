/**
 * Code search: `search_codebase` as the product runs it (the tool over ripgrep, with the arguments
 * of src/search/ripgrep.ts) against reading every file in JS and matching line by line, the way
 * the product's own fallback does without ripgrep: one awaited read after the other, so the
 * extension host stays responsive. Blocking reads are faster but would freeze every extension for
 * the whole search; they are timed and shown too, for honesty. All three skip the same folders
 * (.gitignore, .agentignore, node_modules, .git) and must find the same number of matches.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFile, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { IgnoreFilter } from '../../src/guards/ignore';
import { findRipgrep, searchWithRipgrep } from '../../src/search/ripgrep';
import { MAX_SEARCH_RESULTS, searchCodebaseTool } from '../../src/tools/searchCodebase';
import type { ToolContext } from '../../src/tools/types';
import { cacheDir } from '../host/provision';
import { NodeFs } from './nodeFs';
import { bytes, median, ms, notMeasured, timeOnce, times, type Row } from './table';
import { benchWorkspace, SEARCH_TERM } from './workspace';

const RUNS = 5;
const FIGURE = 'code search';
const AIM = '≥ 10× faster';

/** The ripgrep of the provisioned VS Code (code-server), as the extension finds it under appRoot. */
export function benchRipgrep(): string | undefined {
  return findRipgrep(join(cacheDir(), 'code-server', 'node_modules', 'code-server', 'lib', 'vscode'));
}

export function ignoreOf(root: string): IgnoreFilter {
  return IgnoreFilter.create({ gitignore: readFileSync(join(root, '.gitignore'), 'utf8'), agentignore: readFileSync(join(root, '.agentignore'), 'utf8') });
}

export async function codeSearch(log: (line: string) => void): Promise<Row> {
  const rg = benchRipgrep();
  if (!rg) return notMeasured(FIGURE, AIM, 'no ripgrep in the provisioned VS Code (run `npm run test:integration` once to provision it)');
  const ws = benchWorkspace(log);
  const ignore = ignoreOf(ws.root);
  const signal = new AbortController().signal;
  const unused = () => {
    throw new Error('not used by search_codebase');
  };
  const ctx = {
    fs: new NodeFs(ws.root),
    search: { search: (q, s) => searchWithRipgrep(rg, ws.root, q, s) },
    commands: { run: unused },
    diagnostics: { get: unused, settle: unused },
    approver: { propose: unused },
    signal,
    ignore,
  } satisfies ToolContext;

  const viaTool = async () => {
    const r = await searchCodebaseTool.execute({ query: SEARCH_TERM }, ctx);
    return (r.matches as unknown[]).length + ((r.omitted as number | undefined) ?? 0);
  };
  const viaJs = () => readEverything(ws.root, SEARCH_TERM, ignore, readAsync);
  const viaJsBlocking = () => readEverything(ws.root, SEARCH_TERM, ignore, async (p) => readFileSync(p));

  const found = await viaTool();
  const expected = await viaJs();
  assert.ok(found > MAX_SEARCH_RESULTS, `too few matches to be a fair test (${found})`);
  assert.equal(found, expected.total, 'ripgrep and the JS scan found different numbers of matches');
  // Interleaved, so all see the same machine noise and a warm page cache.
  const rgTimes: number[] = [];
  const jsTimes: number[] = [];
  const blockingTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rgTimes.push(await timeOnce(viaTool));
    jsTimes.push(await timeOnce(viaJs));
    blockingTimes.push(await timeOnce(viaJsBlocking));
  }
  const measured = median(rgTimes);
  const baseline = median(jsTimes);
  const blocking = median(blockingTimes);
  return {
    figure: `${FIGURE} (${ws.files.toLocaleString('en')} files, ${bytes(ws.bytes)})`,
    measured: `${ms(measured)} search_codebase (ripgrep)`,
    baseline: `${ms(baseline)} read ${expected.files} files in JS (blocking reads: ${ms(blocking)}, ${times(blocking / measured)})`,
    ratio: `${times(baseline / measured)} faster`,
    aim: AIM,
    ok: baseline / measured >= 10,
  };
}

const readAsync = promisify(readFile);

/** The naive search: walk the folder, read each file, test each line. Returns the match count. */
async function readEverything(root: string, term: string, ignore: IgnoreFilter, read: (path: string) => Promise<Buffer>): Promise<{ total: number; files: number }> {
  // As the fallback builds it: the query as an escaped regular expression.
  const re = new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  let total = 0;
  let files = 0;
  const walk = async (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.name === '.git' || ignore.isHidden(rel, e.isDirectory()) || ignore.isSensitive(rel)) continue;
      if (e.isDirectory()) {
        await walk(rel);
        continue;
      }
      const buf = await read(join(root, rel));
      files++;
      if (buf.subarray(0, 8000).includes(0)) continue;
      for (const line of buf.toString('utf8').split('\n')) if (re.test(line)) total++;
    }
  };
  await walk('');
  return { total, files };
}
