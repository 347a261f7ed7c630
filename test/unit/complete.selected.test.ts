import * as assert from 'node:assert/strict';
import { withSelectedItem } from '../../src/complete/selected';

describe('complete: completing after the suggest widget’s selected item', () => {
  const text = 'return co\n}';
  const cursor = 'return co'.length;

  it('reads the text as if the selected item replaced its range, the cursor after it', () => {
    const at = withSelectedItem({ text, offset: cursor }, { start: 'return '.length, end: cursor, text: 'console' });
    assert.deepEqual(at, { text: 'return console\n}', offset: 'return console'.length });
  });

  it('an item equal to the typed word changes nothing', () => {
    const at = withSelectedItem({ text, offset: cursor }, { start: 'return '.length, end: cursor, text: 'co' });
    assert.deepEqual(at, { text, offset: cursor });
  });

  it('an item replacing the rest of the word after the cursor replaces it too', () => {
    const at = withSelectedItem({ text: 'x = coXY;', offset: 6 }, { start: 4, end: 8, text: 'const' });
    assert.deepEqual(at, { text: 'x = const;', offset: 9 });
  });

  it('an item whose range does not reach the cursor is not completed', () => {
    assert.equal(withSelectedItem({ text, offset: cursor }, { start: 0, end: 3, text: 'ret' }), undefined);
    assert.equal(withSelectedItem({ text, offset: 2 }, { start: 3, end: 5, text: 'x' }), undefined);
  });
});
