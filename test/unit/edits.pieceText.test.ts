import * as assert from 'node:assert/strict';
import { PieceText } from '../../src/edits/pieceText';

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('PieceText', () => {
  it('answers indexOf, lastIndexOf and slice as the spliced string would, over random splices', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const rand = rng(seed);
      const int = (n: number) => Math.floor(rand() * n);
      // A small alphabet, so that searches hit often, inside pieces and across their edges.
      const word = (n: number) => Array.from({ length: n }, () => 'ab\nc'[int(4)]).join('');
      let plain = word(200 + int(200));
      const text = new PieceText(plain);
      for (let step = 0; step < 30; step++) {
        const start = int(plain.length + 1);
        const end = Math.min(plain.length, start + int(12));
        const added = rand() < 0.3 ? '' : word(int(8));
        text.splice(start, end, added);
        plain = plain.slice(0, start) + added + plain.slice(end);
        assert.equal(text.length, plain.length);
        for (let q = 0; q < 20; q++) {
          const at = int(plain.length);
          const needle = rand() < 0.7 ? plain.slice(at, at + 1 + int(6)) : word(1 + int(4));
          const from = [int(plain.length + 4) - 2, undefined, Infinity, -5][int(4)];
          const where = `seed ${seed}, step ${step}: ${JSON.stringify(needle)} from ${from}`;
          assert.equal(text.indexOf(needle, from), plain.indexOf(needle, from), `indexOf, ${where}`);
          assert.equal(text.lastIndexOf(needle, from), plain.lastIndexOf(needle, from), `lastIndexOf, ${where}`);
          const a = int(plain.length + 2) - 1;
          const b = int(plain.length + 2) - 1;
          assert.equal(text.slice(a, b), plain.slice(a, b), `slice(${a}, ${b}), seed ${seed}`);
        }
      }
      assert.equal(text.toString(), plain);
      // Read back flat, and spliced again after that.
      text.splice(0, 3, 'zz');
      assert.equal(text.toString(), 'zz' + plain.slice(3));
    }
  });

  it('handles the empty text and splices that empty it', () => {
    const text = new PieceText('');
    assert.equal(text.indexOf('a'), -1);
    assert.equal(text.lastIndexOf('a'), -1);
    assert.equal(text.indexOf(''), 0);
    text.splice(0, 0, 'abc');
    assert.equal(text.indexOf('bc'), 1);
    text.splice(0, 3, '');
    assert.equal(text.length, 0);
    assert.equal(text.toString(), '');
    assert.equal(text.slice(0, 5), '');
  });
});
