import * as assert from 'node:assert/strict';
import { IgnoreFilter } from '../../src/guards/ignore';
import { listFilesTool, MAX_LIST_ENTRIES } from '../../src/tools/listFiles';
import { MAX_FILE_BYTES, PAGE_CHARS, PAGE_LINES, readFileTool } from '../../src/tools/readFile';
import { MAX_SEARCH_RESULTS, searchCodebaseTool } from '../../src/tools/searchCodebase';
import { MemoryFs } from './fakes/memoryFs';
import { invoke, toolContext } from './fakes/toolContext';

const numbered = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('read_file', () => {
  it('returns a short file whole, without a paging note', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'src/a.ts': 'one\ntwo\n' }));
    const r = await invoke(readFileTool, { path: 'src/a.ts' }, ctx);
    assert.equal(r.content, 'one\ntwo');
    assert.deepEqual([r.start_line, r.end_line, r.total_lines], [1, 2, 2]);
    assert.equal(r.note, undefined);
  });

  it(`pages a long file at ${PAGE_LINES} lines and says which start_line reads on`, async () => {
    const { ctx } = toolContext(new MemoryFs({ 'big.txt': numbered(2000) }));
    const first = await invoke(readFileTool, { path: 'big.txt' }, ctx);
    assert.equal(first.end_line, PAGE_LINES);
    assert.equal(first.total_lines, 2000);
    assert.match(String(first.note), new RegExp(`start_line ${PAGE_LINES + 1}`));
    const second = await invoke(readFileTool, { path: 'big.txt', start_line: PAGE_LINES + 1 }, ctx);
    assert.equal(String(second.content).split('\n')[0], `line ${PAGE_LINES + 1}`);
    assert.equal(second.end_line, 2 * PAGE_LINES);
  });

  it('refuses a symbolic link to a secret, naming where it leads', async () => {
    const fs = new MemoryFs({ '.env': 'API_KEY=1', 'docs/real.md': 'hello' });
    fs.link('notes', '.env');
    fs.link('readme.md', 'docs/real.md');
    const { ctx } = toolContext(fs);
    assert.match(String((await invoke(readFileTool, { path: 'notes' }, ctx)).error), /^Refused: notes is a symbolic link to \.env, which is off limits/);
    assert.equal((await invoke(readFileTool, { path: 'readme.md' }, ctx)).content, 'hello', 'an ordinary link is followed');
  });

  it('reads just the asked range', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'big.txt': numbered(50) }));
    const r = await invoke(readFileTool, { path: 'big.txt', start_line: 10, end_line: 12 }, ctx);
    assert.equal(r.content, 'line 10\nline 11\nline 12');
    assert.equal(r.note, undefined);
  });

  it(`pages by size too: no page is over ${PAGE_CHARS / 1000} KB`, async () => {
    const wide = Array.from({ length: 300 }, () => 'x'.repeat(999)).join('\n');
    const { ctx } = toolContext(new MemoryFs({ 'wide.txt': wide }));
    const r = await invoke(readFileTool, { path: 'wide.txt' }, ctx);
    assert.ok(String(r.content).length <= PAGE_CHARS);
    assert.equal(r.end_line, 100);
    assert.match(String(r.note), /start_line 101/);
  });

  it('refuses a binary file (a NUL byte near the start) with a clear message', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'logo.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]) }));
    const r = await invoke(readFileTool, { path: 'logo.png' }, ctx);
    assert.match(String(r.error), /logo\.png is a binary file/);
    assert.equal(r.content, undefined);
  });

  it('refuses a file over the size limit without reading it', async () => {
    const fs = new MemoryFs();
    fs.stat = async () => ({ type: 'file', size: MAX_FILE_BYTES + 1, mtime: 0 });
    fs.readFile = async () => assert.fail('a huge file must not be loaded');
    const { ctx } = toolContext(fs);
    const r = await invoke(readFileTool, { path: 'huge.log' }, ctx);
    assert.match(String(r.error), /too large to read/);
  });

  it('refuses a path that leaves the workspace', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'a.txt': 'x' }));
    for (const path of ['../secret.txt', '/etc/passwd', '~/.ssh/id_rsa', 'C:\\Windows\\win.ini']) {
      const r = await invoke(readFileTool, { path }, ctx);
      assert.match(String(r.error), /^Refused: /, path);
    }
  });

  it('refuses a sensitive file and says why', async () => {
    const { ctx } = toolContext(new MemoryFs({ '.env': 'KEY=1', 'config/server.pem': 'x' }));
    const env = await invoke(readFileTool, { path: '.env' }, ctx);
    assert.match(String(env.error), /Refused: \.env is off limits \(environment files/);
    assert.equal(env.content, undefined);
    const pem = await invoke(readFileTool, { path: 'config/server.pem' }, ctx);
    assert.match(String(pem.error), /private key/);
  });

  it('refuses files matched by .agentignore', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'private/notes.md': 'x' }), { ignore: IgnoreFilter.create({ agentignore: 'private/\n' }) });
    const r = await invoke(readFileTool, { path: 'private/notes.md' }, ctx);
    assert.match(String(r.error), /matches \.agentignore pattern 'private\/'/);
  });

  it('says so when the file is missing or a folder', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'src/a.ts': 'x' }));
    assert.match(String((await invoke(readFileTool, { path: 'src/b.ts' }, ctx)).error), /does not exist/);
    assert.match(String((await invoke(readFileTool, { path: 'src' }, ctx)).error), /is a folder/);
  });
});

describe('list_files', () => {
  it('lists one folder, folders first, leaving out ignored and sensitive entries', async () => {
    const fs = new MemoryFs({ 'b.ts': '', 'a.ts': '', '.env': 'K=1', 'src/x.ts': '', 'node_modules/p/index.js': '', 'dist/out.js': '', '.gitignore': 'dist/\n' });
    const { ctx } = toolContext(fs, { ignore: IgnoreFilter.create({ gitignore: 'dist/\n' }) });
    const r = await invoke(listFilesTool, {}, ctx);
    assert.deepEqual(r.entries, ['src/', '.gitignore', 'a.ts', 'b.ts']);
    assert.match(String(r.note), /3 ignored entries/);
  });

  it('lists recursively', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'src/a/b.ts': '', 'src/c.ts': '' }));
    const r = await invoke(listFilesTool, { path: 'src', recursive: true }, ctx);
    assert.deepEqual(r.entries, ['src/a/', 'src/c.ts', 'src/a/b.ts']);
  });

  it(`caps the listing at ${MAX_LIST_ENTRIES} and counts the rest`, async () => {
    const files = Object.fromEntries(Array.from({ length: MAX_LIST_ENTRIES + 7 }, (_, i) => [`f${String(i).padStart(4, '0')}.txt`, '']));
    const { ctx } = toolContext(new MemoryFs(files));
    const r = await invoke(listFilesTool, { path: '.' }, ctx);
    assert.equal((r.entries as string[]).length, MAX_LIST_ENTRIES);
    assert.equal(r.omitted, 7);
  });

  it('refuses to list outside the workspace', async () => {
    const { ctx } = toolContext(new MemoryFs());
    assert.match(String((await invoke(listFilesTool, { path: '..' }, ctx)).error), /outside the workspace/);
  });
});

describe('search_codebase', () => {
  it('returns matches with path, line and text', async () => {
    const { ctx, search } = toolContext(new MemoryFs({ 'src/a.ts': 'const x = useAuth();\n' }));
    const r = await invoke(searchCodebaseTool, { query: 'useAuth', include: 'src/**' }, ctx);
    assert.deepEqual(r.matches, [{ path: 'src/a.ts', line: 1, text: 'const x = useAuth();' }]);
    const { skip, ...query } = search.queries[0];
    assert.deepEqual(query, { query: 'useAuth', isRegex: false, include: 'src/**', maxResults: MAX_SEARCH_RESULTS * 4 });
    assert.equal(skip?.('.env'), true, 'the backend is told which files to skip before it counts');
    assert.equal(skip?.('src/a.ts'), false);
  });

  it('fills its cap with matches the agent may show, when hidden files come first', async () => {
    const hidden = Object.fromEntries(Array.from({ length: MAX_SEARCH_RESULTS }, (_, i) => [`build/out${i}.js`, 'TOKEN']));
    const fs = new MemoryFs({ ...hidden, 'src/a.ts': 'TOKEN' });
    const { ctx } = toolContext(fs, { ignore: IgnoreFilter.create({ gitignore: 'build/\n' }) });
    const r = await invoke(searchCodebaseTool, { query: 'TOKEN' }, ctx);
    assert.deepEqual((r.matches as Array<{ path: string }>).map((m) => m.path), ['src/a.ts']);
  });

  it('caps results and says how many were left out', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'a.txt': 'hit\n'.repeat(MAX_SEARCH_RESULTS + 25) }));
    const r = await invoke(searchCodebaseTool, { query: 'hit' }, ctx);
    assert.equal((r.matches as unknown[]).length, MAX_SEARCH_RESULTS);
    assert.equal(r.omitted, 25);
    assert.match(String(r.note), /25 more matches/);
  });

  it('drops matches in sensitive files whatever the backend returns, without saying so', async () => {
    const search = { search: async () => ({ matches: [{ path: '.env', line: 1, text: 'TOKEN=abc' }, { path: 'a.ts', line: 1, text: 'TOKEN' }], omitted: 0 }) };
    const { ctx } = toolContext(new MemoryFs(), { search });
    const r = await invoke(searchCodebaseTool, { query: 'TOKEN' }, ctx);
    assert.deepEqual(r, { matches: [{ path: 'a.ts', line: 1, text: 'TOKEN' }] });
  });

  it('is no oracle: a result never depends on what a sensitive file contains', async () => {
    const files = { 'a.ts': 'const KEY_NAME = process.env.API_KEY;\n'.repeat(3), 'src/b.ts': 'API_KEY\n'.repeat(MAX_SEARCH_RESULTS + 2) };
    const queries = ['API_KEY=s', '^API_KEY=sk', 'API_KEY', 'x'].map((query) => ({ query, is_regex: true }));
    for (const q of queries) {
      const results = [];
      for (const env of ['', 'API_KEY=sk-live-123\n', 'API_KEY=sk-live-123\n'.repeat(MAX_SEARCH_RESULTS * 5), 'OTHER=1\n']) {
        const { ctx } = toolContext(new MemoryFs({ ...files, '.env': env, 'pkg/.env.local': env, 'id_deploy': env }));
        results.push(JSON.stringify(await invoke(searchCodebaseTool, q, ctx)));
      }
      assert.equal(new Set(results).size, 1, q.query);
    }
  });

  it('drops matches in files .gitignore or .agentignore hide, even if the backend returned them', async () => {
    const fs = new MemoryFs({ 'build/out.js': 'TOKEN', 'notes/private.md': 'TOKEN', 'a.ts': 'TOKEN' });
    const { ctx } = toolContext(fs, { ignore: IgnoreFilter.create({ gitignore: 'build/\n', agentignore: 'notes/\n' }) });
    const r = await invoke(searchCodebaseTool, { query: 'TOKEN' }, ctx);
    assert.deepEqual((r.matches as Array<{ path: string }>).map((m) => m.path), ['a.ts']);
  });

  it('reports an invalid regular expression instead of searching', async () => {
    const { ctx, search } = toolContext(new MemoryFs());
    const r = await invoke(searchCodebaseTool, { query: '(', is_regex: true }, ctx);
    assert.match(String(r.error), /regular expression is invalid/);
    assert.equal(search.queries.length, 0);
  });
});
