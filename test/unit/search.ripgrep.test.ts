import * as assert from 'node:assert/strict';
import { RipgrepOutput, ripgrepArgs } from '../../src/search/ripgrep';

describe('ripgrep arguments and output', () => {
  const q = { query: 'a.b(', isRegex: false, maxResults: 3 };

  it('searches literally unless asked for a regex, with the query after --regexp so it is never a flag', () => {
    const literal = ripgrepArgs(q, { agentignore: false });
    assert.ok(literal.includes('--fixed-strings'));
    assert.deepEqual(literal.slice(-4), ['--regexp', 'a.b(', '--', '.']);
    assert.ok(!ripgrepArgs({ ...q, query: '--help', isRegex: true }, { agentignore: false }).includes('--fixed-strings'));
    assert.deepEqual(ripgrepArgs({ ...q, query: '--help' }, { agentignore: false }).slice(-4), ['--regexp', '--help', '--', '.']);
  });

  it('honours .gitignore outside a git repository, skips .git, and adds include and .agentignore', () => {
    const args = ripgrepArgs({ ...q, include: 'src/**' }, { agentignore: true });
    assert.ok(args.includes('--no-require-git'));
    assert.deepEqual(args.slice(args.indexOf('!.git') - 1, args.indexOf('!.git') + 1), ['--glob', '!.git']);
    assert.deepEqual(args.slice(args.indexOf('src/**') - 1, args.indexOf('src/**') + 1), ['--glob', 'src/**']);
    assert.deepEqual(args.slice(args.indexOf('.agentignore') - 1, args.indexOf('.agentignore') + 1), ['--ignore-file', '.agentignore']);
    assert.ok(!ripgrepArgs(q, { agentignore: false }).includes('--ignore-file'));
  });

  it('joins lines split across chunks, keeps a last line without newline, caps and counts the rest', () => {
    const out = new RipgrepOutput(3);
    out.push('./src/a.ts:12:  const x = 1;\nsrc/b');
    out.push('.ts:3:y: z\nnot a match line\n');
    out.push('c.ts:1:one\nd.ts:2:two\ne.ts:3:three');
    assert.deepEqual(out.end(), {
      matches: [
        { path: 'src/a.ts', line: 12, text: 'const x = 1;' },
        { path: 'src/b.ts', line: 3, text: 'y: z' },
        { path: 'c.ts', line: 1, text: 'one' },
      ],
      omitted: 2,
    });
  });
});
