import * as assert from 'node:assert/strict';
import { completionMode, postProcess, stripMarkup } from '../../src/complete/filters';
import { HOLE } from '../../src/complete/prompt';

describe('complete: post-processing', () => {
  it('strips code fences, hole markers and prompt tags', () => {
    assert.equal(stripMarkup('```ts\nreturn a + b;\n```'), 'return a + b;');
    assert.equal(stripMarkup(`a + b${HOLE}`), 'a + b');
    assert.equal(stripMarkup('</file>a + b'), 'a + b');
    assert.equal(postProcess('```typescript\na + b;\n```\n', { prefix: '  return ', suffix: '\n}', mode: 'line' }), 'a + b;');
  });

  it('keeps one line inside a line', () => {
    assert.equal(postProcess('a + b;\nconsole.log(1);', { prefix: '  return ', suffix: '\n}', mode: 'line' }), 'a + b;');
  });

  it('keeps several lines where a block starts, without the lines that follow the cursor', () => {
    const out = postProcess('\n  const x = 1;\n  return x;\n}', { prefix: 'function f() {', suffix: '\n}\n', mode: 'block' });
    assert.equal(out, '\n  const x = 1;\n  return x;');
  });

  it('does not repeat the text after the cursor', () => {
    assert.equal(postProcess('a, b);', { prefix: 'add(', suffix: ');\n', mode: 'line' }), 'a, b');
  });

  it('does not repeat the line before the cursor when the model echoes it', () => {
    assert.equal(postProcess('  return a + b;', { prefix: 'x\n  return ', suffix: '\n', mode: 'line' }), 'a + b;');
  });

  it('cuts a closing bracket the suffix already has, and a mismatched one', () => {
    assert.equal(postProcess('a, b)', { prefix: 'add(', suffix: ')', mode: 'line' }), 'a, b');
    assert.equal(postProcess('[1, 2)', { prefix: 'x = ', suffix: '', mode: 'line' }), '[1, 2');
    assert.equal(postProcess('f(a), g(b)', { prefix: 'x = ', suffix: '', mode: 'line' }), 'f(a), g(b)');
    assert.equal(postProcess('")"', { prefix: 'x = ', suffix: ')', mode: 'line' }), '")"', 'brackets inside strings do not count');
  });

  it('gives nothing for an empty or blank answer', () => {
    assert.equal(postProcess('', { prefix: 'x', suffix: '', mode: 'line' }), undefined);
    assert.equal(postProcess('```\n```', { prefix: 'x', suffix: '', mode: 'line' }), undefined);
  });

  it('chooses multi-line only where a block starts', () => {
    assert.equal(completionMode('function f() {', '\n}'), 'block');
    assert.equal(completionMode('function f() {\n  ', '\n}'), 'block');
    assert.equal(completionMode('if x:\n    ', ''), 'block');
    assert.equal(completionMode('  return ', '\n}'), 'line');
    assert.equal(completionMode('add(', 'b);'), 'line', 'inside a line');
    assert.equal(completionMode('add(', ');'), 'line');
    assert.equal(completionMode('const x = 1;\n', ''), 'line');
    assert.equal(completionMode('function f() {', '}'), 'block');
  });
});
