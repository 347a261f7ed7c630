/**
 * Workspace summary: the trimmed tree the model starts from (src/agent/fileTree.ts, breadth-first,
 * honouring .gitignore and .agentignore, read here like the run reads them) against a recursive
 * listing of everything, both through the same Node-fs WorkspaceFs.
 */
import * as assert from 'node:assert/strict';
import { workspaceTree } from '../../src/agent/fileTree';
import { IgnoreFilter } from '../../src/guards/ignore';
import type { WorkspaceFs } from '../../src/tools/types';
import { NodeFs } from './nodeFs';
import { median, ms, timeOnce, times, type Row } from './table';
import { benchWorkspace } from './workspace';

const RUNS = 7;

export async function workspaceSummary(log: (line: string) => void): Promise<Row> {
  const ws = benchWorkspace(log);
  const fs = new NodeFs(ws.root);
  const signal = new AbortController().signal;
  const tree = async () => {
    const text = async (p: string) => new TextDecoder().decode(await fs.readFile(p));
    const ignore = IgnoreFilter.create({ gitignore: await text('.gitignore'), agentignore: await text('.agentignore') });
    return workspaceTree(fs, ignore, signal);
  };
  const everything = () => listAll(fs, '.');

  const summary = await tree();
  const all = await everything();
  assert.ok(summary.includes('packages/') && !summary.includes('node_modules'), 'the tree does not look like the workspace');
  assert.ok(all >= ws.files, `the full listing missed files (${all} < ${ws.files})`);
  const treeTimes: number[] = [];
  const allTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    treeTimes.push(await timeOnce(tree));
    allTimes.push(await timeOnce(everything));
  }
  const measured = median(treeTimes);
  const baseline = median(allTimes);
  return {
    figure: 'workspace summary (same workspace)',
    measured: `${ms(measured)} trimmed tree (${summary.split('\n').length} lines)`,
    baseline: `${ms(baseline)} readdir of all ${all} entries`,
    ratio: `${times(baseline / measured)} faster`,
    aim: '≥ 5× faster',
    ok: baseline / measured >= 5,
  };
}

/** Every entry under `dir`, node_modules and .git included: the naive way to "see the workspace". */
async function listAll(fs: WorkspaceFs, dir: string): Promise<number> {
  let n = 0;
  for (const [name, type] of await fs.readDirectory(dir)) {
    n++;
    if (type === 'directory') n += await listAll(fs, dir === '.' ? name : `${dir}/${name}`);
  }
  return n;
}
