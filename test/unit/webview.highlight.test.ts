import * as assert from 'node:assert/strict';
import { highlightCode } from '../../webview/markdown/highlight';

describe('webview: syntax highlighting', () => {
  const samples: Array<[string, string, RegExp]> = [
    ['typescript', 'const x: number = 1;', /<span class="hljs-keyword">const<\/span>/],
    ['tsx', 'let a = 1', /hljs-keyword/],
    ['sql', 'SELECT id FROM users WHERE id = 1', /<span class="hljs-keyword">SELECT<\/span>/],
    ['csharp', 'public class A { }', /<span class="hljs-keyword">public<\/span>/],
    ['cpp', '#include <vector>\nint main() { return 0; }', /hljs-meta/],
    ['ruby', 'def hi; end', /<span class="hljs-keyword">def<\/span>/],
    ['toml', '[package]\nname = "x"', /hljs-section/],
    ['dockerfile', 'FROM node:20', /<span class="hljs-keyword">FROM<\/span>/],
  ];
  for (const [language, code, expected] of samples) {
    it(`highlights ${language}`, () => assert.match(highlightCode(code, language) ?? '', expected));
  }

  it('leaves unknown languages (and no language) as plain text, and escapes what it highlights', () => {
    assert.equal(highlightCode('x', 'brainfuck'), undefined);
    assert.equal(highlightCode('x', ''), undefined);
    assert.doesNotMatch(highlightCode('const s = "<img src=x onerror=alert(1)>";', 'typescript') ?? '', /<img/);
  });
});
