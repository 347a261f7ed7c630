import * as assert from 'node:assert/strict';
import { workspaceTree } from '../../src/agent/fileTree';
import { IgnoreFilter } from '../../src/guards/ignore';
import { monorepo, pathsInTree, pythonProject, sourceShare, vendorRepo, type Layout } from '../fixtures/layouts';
import { MemoryFs } from './fakes/memoryFs';

const signal = new AbortController().signal;
const treeOf = (layout: Layout) => workspaceTree(new MemoryFs(layout), IgnoreFilter.create({}), signal);

describe('the first view shows the code (real layouts, no .gitignore)', () => {
  it('a monorepo: every package src/ is expanded, built dist/ folders are collapsed, docs and logos come last', async () => {
    const layout = monorepo();
    const tree = await treeOf(layout);
    const share = sourceShare(layout, tree);
    assert.equal(share.shown, share.total, `${share.shown} of ${share.total} source files shown:\n${tree}`);
    const shown = pathsInTree(tree);
    for (const pkg of ['core', 'cli', 'editor', 'shared', 'webview']) assert.ok(shown.has(`packages/${pkg}/src/util/helper0.ts`), pkg);
    assert.match(tree, /^ {4}dist\/ \(vendored or generated: not expanded\)$/m);
    assert.ok(tree.split('\n').length <= 320);
  });

  it('a Python project: the package and its tests are shown; .venv, build/ and egg-info are collapsed', async () => {
    const layout = pythonProject();
    const tree = await treeOf(layout);
    const share = sourceShare(layout, tree);
    assert.equal(share.shown, share.total, tree);
    assert.match(tree, /^\.venv\/ \(vendored or generated: not expanded\)$/m);
    assert.match(tree, /^build\/ \(vendored or generated: not expanded\)$/m);
    assert.ok(!tree.includes('site-packages'));
  });

  it('a repository with a 19,000-file vendor/: vendor is collapsed and never read; the code and the cut-off are shown', async () => {
    const layout = vendorRepo();
    const fs = new MemoryFs(layout);
    const read: string[] = [];
    const readDirectory = fs.readDirectory.bind(fs);
    fs.readDirectory = async (path) => {
      read.push(path);
      return readDirectory(path);
    };
    const tree = await workspaceTree(fs, IgnoreFilter.create({}), signal, 100);
    const share = sourceShare(layout, tree);
    assert.ok(share.shown >= share.total - 8, `${share.shown} of ${share.total}:\n${tree}`);
    assert.ok(pathsInTree(tree).has('internal/server/v2/server0.go'));
    assert.match(tree, /^vendor\/ \(vendored or generated: not expanded\)$/m);
    assert.ok(!read.some((p) => p.startsWith('vendor')), 'vendor/ is not read at all');
    // The logos did not fit in 100 entries; the last line says what was left out.
    assert.match(tree.split('\n').at(-1)!, /^\(Not expanded, to keep this list short: .*assets\/logos\/.*Use list_files to look inside\.\)$/);
  });
});
