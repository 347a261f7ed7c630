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

  it('reads --json output: joins lines split across chunks, keeps a last line without newline, caps and counts the rest', () => {
    const m = (path: string, line: number, text: string) => JSON.stringify({ type: 'match', data: { path: { text: path }, lines: { text: text + '\n' }, line_number: line, absolute_offset: 0, submatches: [] } });
    const lines = [m('./src/a.ts', 12, '  const x = 1;'), m('src/b.ts', 3, 'y: z'), '{"type":"begin","data":{"path":{"text":"c.ts"}}}', m('c.ts', 1, 'one'), m('d.ts', 2, 'two'), m('e.ts', 3, 'three')];
    const text = lines.join('\n');
    const out = new RipgrepOutput(3);
    out.push(text.slice(0, 50));
    out.push(text.slice(50, 200));
    out.push(text.slice(200));
    assert.deepEqual(out.end(), {
      matches: [
        { path: 'src/a.ts', line: 12, text: 'const x = 1;' },
        { path: 'src/b.ts', line: 3, text: 'y: z' },
        { path: 'c.ts', line: 1, text: 'one' },
      ],
      omitted: 2,
    });
  });

  it('asks ripgrep for JSON, so a path with ":" and digits is read whole, and non-UTF-8 bytes are decoded', () => {
    assert.ok(ripgrepArgs(q, { agentignore: false }).includes('--json'));
    const out = new RipgrepOutput(10);
    // As text output this was `a:1:b/.env:2:SECRET=x`, read as path "a", line 1.
    out.push(JSON.stringify({ type: 'match', data: { path: { text: './a:1:b/notes:2:.txt' }, lines: { text: 'hello\n' }, line_number: 7 } }) + '\n');
    out.push(JSON.stringify({ type: 'match', data: { path: { bytes: Buffer.from('raw.txt').toString('base64') }, lines: { bytes: Buffer.from('hi\r\n').toString('base64') }, line_number: 2 } }) + '\n');
    assert.deepEqual(out.end().matches, [
      { path: 'a:1:b/notes:2:.txt', line: 7, text: 'hello' },
      { path: 'raw.txt', line: 2, text: 'hi' },
    ]);
  });

  it('drops skipped paths before counting, and tells ripgrep not to open the built-in sensitive files', () => {
    const out = new RipgrepOutput(1, (p) => p.endsWith('.env'));
    for (const path of ['.env', 'a.ts', '.env', 'b.ts', 'x/.env']) out.push(JSON.stringify({ type: 'match', data: { path: { text: path }, lines: { text: 'k' }, line_number: 1 } }) + '\n');
    assert.deepEqual(out.end(), { matches: [{ path: 'a.ts', line: 1, text: 'k' }], omitted: 1 });
    const args = ripgrepArgs(q, { agentignore: false });
    for (const glob of ['!.env*', '!*.pem', '!.git-credentials', '!*.tfstate']) assert.ok(args.includes(glob), glob);
    assert.ok(!args.some((a) => a.startsWith('!!')), 'no exception pattern becomes a positive glob');
  });
});
