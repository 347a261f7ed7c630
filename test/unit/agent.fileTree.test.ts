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

  it('stops reading folders once the budget is spent, and says which were not expanded', async () => {
    const fs = workspace();
    const read: string[] = [];
    const readDirectory = fs.readDirectory.bind(fs);
    fs.readDirectory = async (path) => {
      read.push(path);
      return readDirectory(path);
    };
    const tree = await workspaceTree(fs, IgnoreFilter.create({ gitignore: 'dist/\n' }), signal, 20);
    assert.match(tree, /^ {2}big\/ \(30 entries not shown\)$/m);
    assert.match(tree, /^ {2}deep\/ \(not expanded\)$/m);
    assert.ok(!read.includes('test/deep'), `read after the budget was spent: ${read.join(', ')}`);
    assert.ok(tree.split('\n').length <= 22);
  });
});
