/**
 * Edit size: the bytes the model emits to change one line of a 1,000-line file, as `edit_file`
 * arguments (the line with one line of context either side, as the tool asks) against a whole-file
 * `write_file`. Both calls are checked to produce the same file.
 */
import * as assert from 'node:assert/strict';
import { applyEdits } from '../../src/edits/match';
import { editFileTool } from '../../src/tools/editFile';
import { writeFileTool } from '../../src/tools/writeFile';
import { rng, SourceGen } from './sourceText';
import { bytes, times, type Row } from './table';

export function editSize(): Row {
  const path = 'src/orders/summary.ts';
  const before = new SourceGen(rng(1)).module(1000);
  const lines = before.split('\n');
  const target = lines.findIndex((l, i) => i >= 500 && l.includes('return { name:'));
  const changed = lines[target].replace('count: values.length', 'count: values.length, total: values.length * 2');
  const after = [...lines.slice(0, target), changed, ...lines.slice(target + 1)].join('\n');

  const context = (ls: string[]) => ls.slice(target - 1, target + 2).join('\n') + '\n';
  const editArgs = { path, edits: [{ search: context(lines), replace: context(after.split('\n')) }] };
  const writeArgs = { path, content: after };
  // The arguments must be valid for the tools and give the same file.
  editFileTool.parameters.parse(editArgs);
  writeFileTool.parameters.parse(writeArgs);
  const applied = applyEdits(before, editArgs.edits);
  assert.ok(applied.ok && applied.text === after, 'the edit_file call does not produce the intended file');

  // What the model emits is the function call: its name and JSON arguments.
  const edit = Buffer.byteLength(JSON.stringify({ name: 'edit_file', args: editArgs }));
  const whole = Buffer.byteLength(JSON.stringify({ name: 'write_file', args: writeArgs }));
  const ratio = whole / edit;
  return {
    figure: 'edit size (1-line change, 1,000-line file)',
    measured: `${bytes(edit)} edit_file`,
    baseline: `${bytes(whole)} write_file`,
    ratio: `${times(ratio)} fewer`,
    aim: '≥ 20× fewer',
    ok: ratio >= 20,
  };
}
