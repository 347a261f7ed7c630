import * as assert from 'node:assert/strict';
import { CompletionCache } from '../../src/complete/cache';
import { AdaptiveDebouncer } from '../../src/complete/debounce';

describe('complete: cache keyed by prefix', () => {
  it('hits while typing through a suggestion and after backspacing and retyping', () => {
    const c = new CompletionCache();
    c.set('a.ts', 'return ', 'a + b;');
    assert.equal(c.get('a.ts', 'return '), 'a + b;');
    assert.equal(c.get('a.ts', 'return a'), ' + b;');
    assert.equal(c.get('a.ts', 'return a + b'), ';');
    assert.equal(c.get('a.ts', 'return a + b;'), undefined, 'fully typed: nothing left to show');
    assert.equal(c.get('a.ts', 'return a -'), undefined, 'typed something else');
    assert.equal(c.get('b.ts', 'return '), undefined, 'another document');
    assert.equal(c.get('a.ts', 'retur'), undefined, 'before the request point');
  });

  it('keeps at most its capacity, dropping the least recently used', () => {
    const c = new CompletionCache(2);
    c.set('d', 'a', '1');
    c.set('d', 'b', '2');
    c.get('d', 'a');
    c.set('d', 'c', '3');
    assert.equal(c.get('d', 'b'), undefined);
    assert.equal(c.get('d', 'a'), '1');
    assert.equal(c.get('d', 'c'), '3');
  });
});

describe('complete: adaptive debounce', () => {
  it('waits longer after rejections and shorter after acceptances, within bounds', () => {
    const d = new AdaptiveDebouncer({ minMs: 50, maxMs: 400, initialMs: 100, step: 2 });
    assert.equal(d.delayMs, 100);
    d.rejected();
    assert.equal(d.delayMs, 200);
    for (let i = 0; i < 10; i++) d.rejected();
    assert.equal(d.delayMs, 400);
    d.accepted();
    assert.equal(d.delayMs, 100);
    for (let i = 0; i < 10; i++) d.accepted();
    assert.equal(d.delayMs, 50);
  });
});
