import * as assert from 'node:assert/strict';
import { gatherContext, type ContextInput } from '../../src/complete/context';
import { buildPrompt, HOLE, MAX_STOP_SEQUENCES, stopSequences } from '../../src/complete/prompt';
import { estimateTokens, headWithin, tailWithin } from '../../src/complete/tokens';

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `const ${tag}${i} = ${i};`).join('\n') + '\n';

function input(over: Partial<ContextInput> = {}): ContextInput {
  const text = 'function add(a, b) {\n  return \n}\n';
  return { path: 'src/math.ts', languageId: 'typescript', text, offset: text.indexOf('return ') + 7, snippets: [], rules: '', ...over };
}

describe('complete: context gathering', () => {
  it('cuts windows at line boundaries within their token sizes', () => {
    const text = lines(400, 'a');
    assert.ok(tailWithin(text, 100).length <= 400);
    assert.ok(tailWithin(text, 100).startsWith('const a'));
    assert.ok(headWithin(text, 100).endsWith('\n'));
    assert.equal(tailWithin('short', 100), 'short');
  });

  it('takes a prefix and suffix window around the cursor, sized in tokens', () => {
    const before = lines(500, 'b');
    const after = lines(500, 'c');
    const ctx = gatherContext({ ...input(), text: before + after, offset: before.length }, { prefixTokens: 200, suffixTokens: 50, contextTokens: 100, rulesShare: 0.25 });
    assert.ok(estimateTokens(ctx.prefix) <= 200 && estimateTokens(ctx.prefix) > 150, `${estimateTokens(ctx.prefix)}`);
    assert.ok(estimateTokens(ctx.suffix) <= 50);
    assert.ok(before.endsWith(ctx.prefix));
    assert.ok(after.startsWith(ctx.suffix));
  });

  it('keeps snippets and rules within the budget, definitions first, and drops what the window already shows', () => {
    const ctx = gatherContext(input({
      rules: 'Use tabs.\n'.repeat(200),
      snippets: [
        { kind: 'recent-visit', path: 'src/c.ts', text: 'visited'.repeat(300) },
        { kind: 'recent-edit', path: 'src/b.ts', text: 'export const edited = 1;' },
        { kind: 'definition', path: 'src/a.ts', text: 'export function sub(a: number, b: number) {}' },
        { kind: 'recent-edit', path: 'src/math.ts', text: 'function add(a, b) {' },
      ],
    }), { prefixTokens: 500, suffixTokens: 500, contextTokens: 300, rulesShare: 0.25 });
    assert.ok(estimateTokens(ctx.rules) <= 75);
    assert.deepEqual(ctx.snippets.map((s) => s.kind), ['definition', 'recent-edit', 'recent-visit']);
    assert.ok(!ctx.snippets.some((s) => s.path === 'src/math.ts'), 'the cursor window already shows it');
    const used = estimateTokens(ctx.rules) + ctx.snippets.reduce((n, s) => n + estimateTokens(s.text) + estimateTokens(s.path) + 4, 0);
    assert.ok(used <= 300, `used ${used}`);
  });
});

describe('complete: prompt template', () => {
  it('shows the file with one hole marker between prefix and suffix, with language, path, snippets and rules', () => {
    const ctx = gatherContext(input({ rules: 'No semicolons.', snippets: [{ kind: 'definition', path: 'src/a.ts', text: 'function sub() {}' }] }));
    const p = buildPrompt(ctx, 'line');
    assert.ok(p.text.includes(`  return ${HOLE}\n}`));
    assert.equal(p.text.split(HOLE).length, 2);
    assert.match(p.text, /<file path="src\/math.ts" language="typescript">/);
    assert.match(p.text, /<snippet kind="definition" path="src\/a.ts">\nfunction sub\(\) \{\}/);
    assert.match(p.text, /No semicolons\./);
    assert.ok(p.text.indexOf('<project_rules>') < p.text.indexOf('<file'));
  });

  it('never sends more than five stop sequences, and stops line completions at the line break', () => {
    for (const mode of ['line', 'block'] as const) assert.ok(stopSequences(mode).length <= MAX_STOP_SEQUENCES);
    assert.ok(stopSequences('line').includes('\n'));
    assert.ok(!stopSequences('block').includes('\n'));
  });
});
