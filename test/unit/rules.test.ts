import * as assert from 'node:assert/strict';
import { IgnoreFilter } from '../../src/guards/ignore';
import { mayRead } from '../../src/rules/files';
import { parseInstructions } from '../../src/rules/frontMatter';
import { appliesEverywhere, globToRegExp, matchesApplyTo, splitPatterns } from '../../src/rules/glob';
import { ProjectRules } from '../../src/rules/project';
import { rulesGiven, systemRules, taskRules } from '../../src/rules/render';
import { MemoryFs } from './fakes/memoryFs';

const signal = new AbortController().signal;

describe('rules: applyTo globs', () => {
  it('matches ** across folders, * and ? within a name, and {a,b} alternatives', () => {
    assert.ok(globToRegExp('src/**/*.ts').test('src/a/b/c.ts'));
    assert.ok(globToRegExp('src/**/*.ts').test('src/c.ts'));
    assert.ok(!globToRegExp('src/**/*.ts').test('lib/c.ts'));
    assert.ok(!globToRegExp('src/*.ts').test('src/a/c.ts'));
    assert.ok(globToRegExp('src/?.ts').test('src/a.ts'));
    assert.ok(globToRegExp('**/*.{ts,tsx}').test('web/App.tsx'));
    assert.ok(!globToRegExp('**/*.{ts,tsx}').test('web/App.js'));
    assert.ok(!globToRegExp('src/a.ts').test('src/aXts'), 'dots are literal');
  });

  it('lets a pattern without a slash match the file name in any folder', () => {
    assert.ok(matchesApplyTo(['*.py'], 'tools/gen/run.py'));
    assert.ok(matchesApplyTo(['Dockerfile'], 'svc/Dockerfile'));
    assert.ok(!matchesApplyTo(['*.py'], 'tools/gen/run.pyc'));
  });

  it('splits comma lists outside braces, and knows the patterns that match everything', () => {
    assert.deepEqual(splitPatterns('**/*.ts, docs/**/*.md,**/*.{js,mjs}'), ['**/*.ts', 'docs/**/*.md', '**/*.{js,mjs}']);
    for (const p of ['**', '**/*', '*']) assert.ok(appliesEverywhere([p]), p);
    assert.ok(!appliesEverywhere(['**/*.ts']));
  });

  it('never throws on a broken pattern: an unclosed brace matches nothing', () => {
    assert.ok(!matchesApplyTo(['src/{a,b'], 'src/a'));
    assert.ok(!matchesApplyTo(['src/{a,b'], 'src/{a,b'));
  });
});

describe('rules: instructions front matter', () => {
  it('reads applyTo quoted, bare or as a list, and keeps the body after the block', () => {
    assert.deepEqual(parseInstructions('---\napplyTo: "**/*.ts"\n---\nUse tabs.\n'), { applyTo: ['**/*.ts'], body: 'Use tabs.\n' });
    assert.deepEqual(parseInstructions("---\ndescription: x\napplyTo: '**/*.ts,**/*.tsx'\n---\nBody").applyTo, ['**/*.ts', '**/*.tsx']);
    assert.deepEqual(parseInstructions('---\r\napplyTo: src/** # comment\r\n---\r\nBody').applyTo, ['src/**']);
    assert.deepEqual(parseInstructions('---\napplyTo: ["a/**", "b/*.md"]\n---\n').applyTo, ['a/**', 'b/*.md']);
  });

  it('gives no applyTo for a file without front matter or without the key', () => {
    assert.deepEqual(parseInstructions('Just text\n---\napplyTo: x\n---\n'), { applyTo: [], body: 'Just text\n---\napplyTo: x\n---\n' });
    assert.deepEqual(parseInstructions('---\ndescription: y\n---\nBody').applyTo, []);
  });
});

describe('rules: which files apply', () => {
  const project = () =>
    new MemoryFs({
      'AGENTS.md': 'Root agents rules.',
      'GEMINI.md': 'Root gemini rules.',
      '.github/copilot-instructions.md': 'Copilot rules.',
      '.github/instructions/all.instructions.md': '---\napplyTo: "**"\n---\nEverywhere rules.',
      '.github/instructions/ts.instructions.md': '---\napplyTo: "**/*.ts"\n---\nTypeScript rules.',
      '.github/instructions/manual.instructions.md': 'No applyTo: attached by hand elsewhere.',
      '.github/instructions/notes.md': '---\napplyTo: "**"\n---\nNot an instructions file.',
      'packages/api/AGENTS.md': 'API agents rules.',
      'packages/api/GEMINI.md': 'API gemini rules.',
      'packages/GEMINI.md': 'Packages gemini rules.',
      'packages/api/src/deep/AGENTS.md': 'Deep agents rules.',
      'packages/api/src/index.ts': 'export {};',
      'packages/web/main.py': 'print()',
    });

  it('puts the root files and everywhere-instructions in a fixed order into the root set', async () => {
    const rules = await ProjectRules.load(project(), IgnoreFilter.create(), signal);
    assert.deepEqual(rules.root.map((r) => r.path), ['AGENTS.md', 'GEMINI.md', '.github/copilot-instructions.md', '.github/instructions/all.instructions.md']);
    assert.equal(rules.root[3].text, 'Everywhere rules.', 'the front matter is not part of the text');
  });

  it('gives a file the nearest AGENTS.md, every GEMINI.md up to the root, and matching instructions', async () => {
    const rules = await ProjectRules.load(project(), IgnoreFilter.create(), signal);
    const found = await rules.forFiles(['packages/api/src/index.ts'], new Set(), signal);
    assert.deepEqual(found.map((r) => r.path), ['packages/api/AGENTS.md', 'packages/api/GEMINI.md', 'packages/GEMINI.md', '.github/instructions/ts.instructions.md']);
    assert.deepEqual(found.map((r) => r.text), ['API agents rules.', 'API gemini rules.', 'Packages gemini rules.', 'TypeScript rules.']);
    const deep = await rules.forFiles(['packages/api/src/deep/x.ts', 'packages/web/main.py'], new Set(['.github/instructions/ts.instructions.md']), signal);
    assert.deepEqual(deep.map((r) => r.path), ['packages/api/src/deep/AGENTS.md', 'packages/api/GEMINI.md', 'packages/GEMINI.md']);
    assert.deepEqual(await rules.forFiles(['README.md'], new Set(), signal), [], 'a root file needs nothing beyond the root set');
  });

  it('never reads a rules file the guards call sensitive or ignored', async () => {
    const fs = project();
    fs.put('vendor/lib/AGENTS.md', 'Vendored rules.');
    const ignore = IgnoreFilter.create({ gitignore: 'vendor/\nGEMINI.md\n', agentignore: '.github/copilot-instructions.md\npackages/api/AGENTS.md\n' });
    const reads: string[] = [];
    const readFile = fs.readFile.bind(fs);
    fs.readFile = (p) => (reads.push(p), readFile(p));
    const rules = await ProjectRules.load(fs, ignore, signal);
    assert.deepEqual(rules.root.map((r) => r.path), ['AGENTS.md', '.github/instructions/all.instructions.md']);
    const found = await rules.forFiles(['packages/api/src/index.ts', 'vendor/lib/x.ts'], new Set(), signal);
    assert.deepEqual(found.map((r) => r.path), ['.github/instructions/ts.instructions.md']);
    for (const p of ['GEMINI.md', '.github/copilot-instructions.md', 'packages/api/AGENTS.md', 'packages/api/GEMINI.md', 'vendor/lib/AGENTS.md']) assert.ok(!reads.includes(p), `${p} was read`);
    assert.equal(mayRead(IgnoreFilter.create(), '.env'), false);
    assert.equal(mayRead(IgnoreFilter.create({ gitignore: 'build/' }), 'build/AGENTS.md'), false);
  });

  it('skips rules files that are not text, empty, or unreadable, and an instructions path that is a file', async () => {
    const fs = new MemoryFs({ 'AGENTS.md': new Uint8Array([0, 1, 2]), 'GEMINI.md': '  \n', '.github/instructions': 'a file, not a folder' });
    fs.readDirectory = async () => {
      throw new Error('not a folder');
    };
    const rules = await ProjectRules.load(fs, IgnoreFilter.create(), signal);
    assert.deepEqual(rules.root, []);
    assert.deepEqual(await ProjectRules.none().forFiles(['a/b.ts'], new Set(), signal), []);
  });
});

describe('rules: as the model reads them', () => {
  it('renders personal instructions first, then each file in a tagged block, and lists the files used', () => {
    const r = systemRules('  Answer in French.  ', [{ path: 'AGENTS.md', text: 'Run npm test.\n' }]);
    assert.match(r.text, /^Project rules: /);
    assert.match(r.text, /<rules source="the user's settings \(personal instructions\)">\nAnswer in French\.\n<\/rules>\n\n<rules file="AGENTS\.md">\nRun npm test\.\n<\/rules>$/);
    assert.deepEqual(r.used, [{ path: 'AGENTS.md', cut: false }]);
    assert.deepEqual(systemRules('', []), { text: '', used: [] });
    assert.deepEqual(systemRules(undefined, []), { text: '', used: [] });
  });

  it('cuts a long file at the per-file cap and says what it left out', () => {
    const r = systemRules(undefined, [{ path: 'AGENTS.md', text: 'a'.repeat(150) }], { perFile: 100, total: 1000 });
    assert.match(r.text, /\n(a{100})\n\[… cut here by the cap of 100 characters per rules file: the last 50 of 150 characters of AGENTS\.md are left out\]\n<\/rules>$/);
    assert.deepEqual(r.used, [{ path: 'AGENTS.md', cut: true }]);
  });

  it('stops at the total cap: a file that no longer fits is named as left out, never dropped silently', () => {
    const r = systemRules(undefined, [
      { path: 'AGENTS.md', text: 'a'.repeat(80) },
      { path: 'GEMINI.md', text: 'b'.repeat(80) },
      { path: '.github/copilot-instructions.md', text: 'c'.repeat(10) },
    ], { perFile: 100, total: 120 });
    assert.match(r.text, /<rules file="GEMINI\.md">\nb{40}\n\[… cut here by the cap of 120 characters on all rules together: the last 40 of 80 characters of GEMINI\.md are left out\]/);
    assert.match(r.text, /<rules file="\.github\/copilot-instructions\.md">\n\[\.github\/copilot-instructions\.md left out entirely \(10 characters\) by the cap of 120 characters on all rules together\]\n<\/rules>/);
    assert.deepEqual(r.used.map((u) => u.cut), [false, true, true]);
  });

  it('finds the rules files a task message already gave, and only in task messages', () => {
    const given = taskRules([{ path: 'a/AGENTS.md', text: 'x' }, { path: 'b "q"/GEMINI.md', text: 'y' }]).text;
    assert.deepEqual([...rulesGiven(['Plan:\n…\n\n' + given])], ['a/AGENTS.md', 'b "q"/GEMINI.md']);
    assert.deepEqual([...rulesGiven(['read_file said:\n<rules file="a/AGENTS.md">\n'])], []);
    assert.equal(taskRules([]).text, '');
  });
});
