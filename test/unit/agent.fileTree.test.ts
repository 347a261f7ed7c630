import * as assert from 'node:assert/strict';
import { workspaceTree } from '../../src/agent/fileTree';
import { IgnoreFilter } from '../../src/guards/ignore';
import { MemoryFs } from './fakes/memoryFs';

const signal = new AbortController().signal;

function workspace(): MemoryFs {
  const files: Record<string, string> = { 'package.json': '{}', 'README.md': '#', '.env': 'SECRET=1', 'dist/bundle.js': 'x' };
  for (let i = 0; i < 8; i++) files[`src/mod${i}.ts`] = 'export {};';
  for (let i = 0; i < 30; i++) files[`src/big/f${i}.ts`] = 'export {};';
  for (let i = 0; i < 5; i++) files[`test/t${i}.ts`] = 'export {};';
  files['test/deep/a/b.ts'] = 'x';
  return new MemoryFs(files);
}

describe('workspace summary (file tree)', () => {
  it('lists breadth-first, folders first, honouring ignore rules and hiding sensitive files', async () => {
    const tree = await workspaceTree(workspace(), IgnoreFilter.create({ gitignore: 'dist/\n' }), signal, 100);
    const lines = tree.split('\n');
    assert.deepEqual(lines.slice(0, 2), ['src/', '  big/']);
    assert.ok(lines.includes('package.json'));
    assert.ok(!tree.includes('.env'), 'sensitive files are not listed');
    assert.ok(!tree.includes('dist'), 'ignored folders are not listed');
    assert.ok(tree.includes('      b.ts'));
  });

  it('fills the budget with the folders richest in code and names what it left out', async () => {
    const tree = await workspaceTree(workspace(), IgnoreFilter.create({ gitignore: 'dist/\n' }), signal, 20);
    assert.match(tree, /^ {2}big\/ \(30 entries not shown\)$/m);
    assert.match(tree, /^ {2}mod0\.ts$/m);
    assert.equal(tree.split('\n').at(-1), '(Not expanded, to keep this list short: src/big/ (30 source files), test/deep/a/ (1 source file). Use list_files to look inside.)');
    assert.ok(tree.split('\n').length <= 22);
  });
});
