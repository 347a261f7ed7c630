import * as assert from 'node:assert/strict';
import { IgnoreFilter } from '../../src/guards/ignore';
import { requestMessage } from '../../src/agent/context';

const textOf = (c: { parts: Array<{ text?: string }> }) => c.parts.map((p) => p.text ?? '').join('');

describe('the request message', () => {
  it('carries the active editor, the selected lines and their problems', () => {
    const text = textOf(requestMessage({
      text: 'Fix this',
      editor: { path: 'src/a.ts', selection: { startLine: 3, endLine: 4, text: 'const x = 1;\nx = 2;' }, diagnostics: ['4: Cannot assign to x'] },
    }, undefined));
    assert.match(text, /^Request:\nFix this/);
    assert.match(text, /Active editor: src\/a\.ts\nSelected lines 3–4:\n```\nconst x = 1;\nx = 2;\n```/);
    assert.match(text, /Problems there:\n- 4: Cannot assign to x/);
  });

  it('names recently changed files, leaving out the ones the agent may not see', () => {
    const ignore = IgnoreFilter.create({ gitignore: 'dist/\n' });
    const text = textOf(requestMessage({ text: 'go', recentFiles: ['src/b.ts', '.env', 'dist/app.js', 'README.md'] }, 'src/\n  b.ts', ignore));
    assert.match(text, /Files changed recently in the workspace, newest first:\n- src\/b\.ts\n- README\.md\n\nWorkspace files/);
    assert.doesNotMatch(text, /\.env|dist\/app\.js/);
  });
});
