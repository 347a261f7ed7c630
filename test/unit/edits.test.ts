import * as assert from 'node:assert/strict';
import { lineDiffStats } from '../../src/edits/diffStats';
import { applyEdits, type ApplyResult, type SearchReplace } from '../../src/edits/match';

function applied(text: string, edits: SearchReplace[]): string {
  const r = applyEdits(text, edits);
  if (!r.ok) assert.fail(`expected the edits to apply, got: ${r.error}`);
  return r.text;
}

function failed(r: ApplyResult): Extract<ApplyResult, { ok: false }> {
  if (r.ok) assert.fail(`expected a refusal, got:\n${r.text}`);
  return r;
}

describe('applyEdits', () => {
  describe('exact matches', () => {
    it('replaces a unique exact occurrence and reports its lines', () => {
      const r = applyEdits('a\nb\nc\n', [{ search: 'b\n', replace: 'B\n' }]);
      assert.ok(r.ok);
      assert.equal(r.text, 'a\nB\nc\n');
      assert.deepEqual(r.applied, [{ editIndex: 0, strategy: 'exact', startLine: 2, endLine: 2, reindented: false }]);
    });

    it('replaces text in the middle of a line', () => {
      assert.equal(applied('const x = foo(1);\n', [{ search: 'foo(1)', replace: 'foo(2)' }]), 'const x = foo(2);\n');
    });

    it('deletes a block when the replacement is empty', () => {
      assert.equal(applied('a\nb\nc\n', [{ search: 'b\n', replace: '' }]), 'a\nc\n');
    });

    it('adds the newline a whole-line replacement forgot, so the next line is not glued on', () => {
      assert.equal(applied('a\nb\nc\n', [{ search: 'b\n', replace: 'B' }]), 'a\nB\nc\n');
    });
  });

  describe('indentation and whitespace drift', () => {
    const file = ['class A {', '    run() {', '        if (x) {', '            go();', '        }', '    }', '}', ''].join('\n');

    it('matches a block copied at the wrong depth and re-indents the replacement to the file', () => {
      const r = applyEdits(file, [{ search: 'if (x) {\n    go();\n}\n', replace: 'if (x) {\n    go();\n    stop();\n}\n' }]);
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.text, file.replace('            go();\n', '            go();\n            stop();\n'));
      assert.equal(r.applied[0].strategy, 'indentation');
      assert.equal(r.applied[0].reindented, true);
      assert.equal(r.applied[0].startLine, 3);
      assert.equal(r.applied[0].endLine, 5);
    });

    it('translates a 2-space model block into a 4-space file, nesting included', () => {
      const r = applied(file, [{ search: '  if (x) {\n    go();\n  }\n', replace: '  if (x) {\n    if (y) {\n      go();\n    }\n  }\n' }]);
      assert.equal(r, file.replace('            go();\n', '            if (y) {\n                go();\n            }\n'));
    });

    it('translates spaces from the model into tabs when the file uses tabs', () => {
      const tabbed = 'function f() {\n\tif (a) {\n\t\tb();\n\t}\n}\n';
      const r = applied(tabbed, [{ search: '    if (a) {\n        b();\n    }\n', replace: '    if (a) {\n        b();\n        c();\n    }\n' }]);
      assert.equal(r, 'function f() {\n\tif (a) {\n\t\tb();\n\t\tc();\n\t}\n}\n');
    });

    it('translates tabs from the model into spaces when the file uses spaces', () => {
      const r = applied(file, [{ search: '\t\tif (x) {\n\t\t\tgo();\n\t\t}\n', replace: '\t\tif (x) {\n\t\t\tgo(1);\n\t\t}\n' }]);
      assert.equal(r, file.replace('go();', 'go(1);'));
    });

    it('keeps lines the replacement dedents below the anchor at the right level', () => {
      const r = applied(file, [{ search: '  go();\n', replace: '  go();\n}\nelse {\n  other();\n' }]);
      // Anchor "  " maps to 12 spaces; a line at 0 is one level (2 model spaces) out, i.e. 8 file spaces.
      assert.ok(r.includes('            go();\n        }\n        else {\n            other();\n'), r);
    });

    it('re-indents a several-line replacement for a one-line search found inside the indentation', () => {
      const r = applyEdits(file, [{ search: 'go();\n', replace: 'go();\nstop();\n' }]);
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.text, file.replace('            go();\n', '            go();\n            stop();\n'));
      assert.equal(r.applied[0].strategy, 'indentation');
    });

    it('keeps an exact match exact when only the first search line lacks the file\'s indentation', () => {
      const r = applyEdits(file, [{ search: 'if (x) {\n            go();\n        }\n', replace: 'if (x) {\n            go(2);\n        }\n' }]);
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.text, file.replace('go();', 'go(2);'));
      assert.equal(r.applied[0].strategy, 'exact');
    });

    it('ignores trailing spaces in the file and keeps the replacement as written', () => {
      const text = 'let a = 1;   \nlet b = 2;\t\nlet c = 3;\n';
      const r = applyEdits(text, [{ search: 'let a = 1;\nlet b = 2;\n', replace: 'let a = 10;\nlet b = 20;\n' }]);
      assert.ok(r.ok);
      assert.equal(r.text, 'let a = 10;\nlet b = 20;\nlet c = 3;\n');
      assert.equal(r.applied[0].strategy, 'whitespace');
      assert.equal(r.applied[0].reindented, false);
    });

    it('ignores trailing spaces in the search text', () => {
      assert.equal(applied('x();\ny();\n', [{ search: 'x();  \ny();\n', replace: 'z();\n' }]), 'z();\n');
    });
  });

  describe('blank-line drift', () => {
    it('matches across a blank line the model left out, and keeps that blank line', () => {
      const text = 'import a;\n\nimport b;\n\nrun();\n';
      const r = applyEdits(text, [{ search: 'import a;\nimport b;\n', replace: 'import a;\nimport c;\n' }]);
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.text, 'import a;\n\nimport c;\n\nrun();\n');
      assert.equal(r.applied[0].strategy, 'blank-lines');
      assert.equal(r.applied[0].startLine, 1);
      assert.equal(r.applied[0].endLine, 3);
    });

    it('matches when the model added a blank line the file does not have', () => {
      assert.equal(applied('a();\nb();\nc();\n', [{ search: 'a();\n\nb();\n', replace: 'a2();\nb2();\n' }]), 'a2();\nb2();\nc();\n');
    });

    it('does not insert the blank edge lines the search had but the file lacks', () => {
      assert.equal(applied('x\nfoo()\ny\n', [{ search: '\nfoo()\n\n', replace: '\nbar()\n\n' }]), 'x\nbar()\ny\n');
    });
  });

  describe('ambiguity', () => {
    it('refuses several exact matches, saying how many and where', () => {
      const r = failed(applyEdits('a\nx = 1;\nb\nx = 1;\n', [{ search: 'x = 1;\n', replace: 'x = 2;\n' }]));
      assert.match(r.error, /matches 2 places \(lines 2, 4\)/);
      assert.match(r.error, /surrounding lines/);
      assert.equal(r.editIndex, 0);
    });

    it('refuses several tolerant matches at different depths', () => {
      const r = failed(applyEdits('  go();\n    go();\n', [{ search: 'go();\n', replace: 'stop();\n' }]));
      // "go();\n" occurs exactly twice as a substring, so this is the exact stage refusing.
      assert.match(r.error, /matches 2 places \(lines 1, 2\)/);
      const tolerant = failed(applyEdits('  go();\n    go();\n', [{ search: ' go(); \n', replace: 'stop();\n' }]));
      assert.match(tolerant.error, /matches 2 places \(lines 1, 2\)/);
    });

    it('refuses a search that matches one place as written and another at another depth', () => {
      const text = '  go(); \n    go(); \n';
      const r = failed(applyEdits(text, [{ search: '    go();\n', replace: '    stop();\n' }]));
      assert.match(r.error, /matches 2 places \(lines 1, 2\)/);
    });

    it('lists each line only once when overlapping matches share it', () => {
      const r = failed(applyEdits('---\n', [{ search: '--', replace: '+' }]));
      assert.match(r.error, /matches 2 places \(lines 1\)/);
    });
  });

  describe('missing matches', () => {
    const text = ['function add(a, b) {', '  return a + b;', '}', '', 'function sub(a, b) {', '  return a - b;', '}', ''].join('\n');

    it('refuses and returns the closest region of the file', () => {
      const r = failed(applyEdits(text, [{ search: 'function sub(x, y) {\n  return x - y;\n}\n', replace: '' }]));
      assert.match(r.error, /not found/);
      assert.ok(r.closest);
      assert.equal(r.closest.startLine, 5);
      assert.equal(r.closest.endLine, 7);
      assert.equal(r.closest.text, 'function sub(a, b) {\n  return a - b;\n}');
      assert.ok(r.closest.similarity > 0.5 && r.closest.similarity < 1);
      assert.match(r.error, /lines 5–7/);
    });

    it('refuses an empty search', () => {
      const r = failed(applyEdits(text, [{ search: '', replace: 'x' }]));
      assert.match(r.error, /search text is empty/);
    });

    it('refuses a search made only of whitespace', () => {
      assert.match(failed(applyEdits(text, [{ search: '\n  \n', replace: 'x' }])).error, /only whitespace/);
    });

    it('refuses a call with no edits', () => {
      assert.equal(failed(applyEdits(text, [])).editIndex, -1);
    });

    it('does not match a block whose inner lines differ', () => {
      const r = failed(applyEdits(text, [{ search: 'function add(a, b) {\n  return a * b;\n}\n', replace: '' }]));
      assert.equal(r.closest?.startLine, 1);
    });
  });

  describe('several edits', () => {
    it('applies them in order, each against the text left by the one before', () => {
      const r = applyEdits('one\ntwo\nthree\n', [
        { search: 'one\n', replace: 'one\nbetween\n' },
        { search: 'between\ntwo\n', replace: 'TWO\n' },
      ]);
      assert.ok(r.ok);
      assert.equal(r.text, 'one\nTWO\nthree\n');
      assert.deepEqual(r.applied.map((a) => [a.editIndex, a.startLine]), [[0, 1], [1, 2]]);
    });

    it('applies none when a later edit fails, and names the failing edit', () => {
      const original = 'one\ntwo\nthree\n';
      const r = failed(applyEdits(original, [
        { search: 'one\n', replace: 'ONE\n' },
        { search: 'missing\n', replace: 'x\n' },
      ]));
      assert.equal(r.editIndex, 1);
      assert.match(r.error, /^Edit 2 of 2:/);
      assert.match(r.error, /No edit in this call was applied/);
      assert.equal('text' in r, false);
    });

    it('refuses a later edit whose search text an earlier edit removed', () => {
      const r = failed(applyEdits('a\nb\n', [
        { search: 'a\n', replace: 'c\n' },
        { search: 'a\n', replace: 'd\n' },
      ]));
      assert.equal(r.editIndex, 1);
    });

    it('refuses a later edit made ambiguous by text an earlier one added', () => {
      const r = failed(applyEdits('x();\ny();\n', [
        { search: 'y();\n', replace: 'y();\nx();\n' },
        { search: 'x();\n', replace: 'z();\n' },
      ]));
      assert.equal(r.editIndex, 1);
      assert.match(r.error, /matches 2 places \(lines 1, 3\)/);
    });

    it('applies edits given bottom to top, and a tolerant one across an earlier replacement', () => {
      const text = Array.from({ length: 40 }, (_, i) => `  line${i}();`).join('\n') + '\n';
      const r = applyEdits(text, [
        { search: '  line30();\n', replace: '  line30();\n  added();\n' },
        { search: '  line2();\n', replace: '' },
        // Written at another depth, across the line the first edit added and the original after it.
        { search: 'added();\nline31();\n', replace: 'added();\nchanged31();\n' },
      ]);
      assert.ok(r.ok, r.ok ? '' : r.error);
      const want = text.replace('  line2();\n', '').replace('  line30();\n  line31();\n', '  line30();\n  added();\n  changed31();\n');
      assert.equal(r.text, want);
      assert.deepEqual(r.applied.map((a) => [a.strategy, a.startLine]), [['exact', 31], ['exact', 3], ['indentation', 31]]);
    });
  });

  describe('line endings', () => {
    it('keeps a CRLF file CRLF, even when the model sends LF', () => {
      const r = applied('a\r\nb\r\nc\r\n', [{ search: 'b\n', replace: 'B1\nB2\n' }]);
      assert.equal(r, 'a\r\nB1\r\nB2\r\nc\r\n');
    });

    it('matches CRLF search text against a CRLF file with indentation drift', () => {
      const r = applied('if (a) {\r\n    b();\r\n}\r\n', [{ search: '  b();\r\n', replace: '  b();\r\n  c();\r\n' }]);
      assert.equal(r, 'if (a) {\r\n    b();\r\n    c();\r\n}\r\n');
    });

    it('keeps an LF file LF when the model sends CRLF', () => {
      assert.equal(applied('a\nb\n', [{ search: 'a\r\n', replace: 'x\r\n' }]), 'x\nb\n');
    });

    it('does not add a trailing newline the file did not have', () => {
      assert.equal(applied('a\nb', [{ search: 'b', replace: 'b\nc\n' }]), 'a\nb\nc');
      assert.equal(applied('a\nb', [{ search: 'b\n', replace: 'c\n' }]), 'a\nc');
      assert.equal(applied('a\r\nb', [{ search: 'b', replace: 'c\n' }]), 'a\r\nc');
    });

    it('keeps the trailing newline the file had when the last line is replaced', () => {
      assert.equal(applied('a\nb\n', [{ search: '\nb\n', replace: '\nc' }]), 'a\nc\n');
    });

    it('keeps a byte-order mark', () => {
      assert.equal(applied('\ufeffa\nb\n', [{ search: ' a \n', replace: 'x\n' }]), '\ufeffx\nb\n');
    });
  });

  // Speed is the benchmark's to show (`npm run bench`, edit matching); these check the result.
  it('applies 50 edits to a 10,000-line file when every edit needs the tolerant matcher', () => {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(i % 10 === 0 ? '}' : `    const value${i} = compute(${i});`);
    const text = lines.join('\n') + '\n';
    const edits: SearchReplace[] = [];
    for (let k = 0; k < 50; k++) {
      const i = 1 + k * 200;
      edits.push({ search: `const value${i} = compute(${i});\nconst value${i + 1} = compute(${i + 1});\n`, replace: `const value${i} = 0;\n` });
    }
    const r = applyEdits(text, edits);
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.ok(r.applied.every((a) => a.strategy === 'indentation'));
    assert.ok(r.text.includes('\n    const value201 = 0;\n    const value203 = compute(203);\n'));
  });

  it('finds the closest region in a 10,000-line file', () => {
    const text = Array.from({ length: 10_000 }, (_, i) => `  line ${i} = value(${i});`).join('\n');
    const r = failed(applyEdits(text, [{ search: 'line 5000 = value(5000)\nline 5001 = valu(5001);\n', replace: '' }]));
    assert.equal(r.closest?.startLine, 5001);
  });
});

describe('lineDiffStats', () => {
  it('counts added and removed lines', () => {
    assert.deepEqual(lineDiffStats('a\nb\nc\n', 'a\nB\nc\nd\n'), { added: 2, removed: 1 });
  });

  it('treats undefined as a missing file', () => {
    assert.deepEqual(lineDiffStats(undefined, 'a\nb\n'), { added: 2, removed: 0 });
    assert.deepEqual(lineDiffStats('a\n', undefined), { added: 0, removed: 1 });
  });

  it('reports no change for equal texts', () => {
    assert.deepEqual(lineDiffStats('same\n', 'same\n'), { added: 0, removed: 0 });
  });

  it('stays exact on a total rewrite of a big file', () => {
    const a = Array.from({ length: 6000 }, (_, i) => `a${i}`).join('\n');
    const b = Array.from({ length: 6000 }, (_, i) => `b${i}`).join('\n');
    assert.deepEqual(lineDiffStats(a, b), { added: 6000, removed: 6000 });
  });

  it('stays exact with a thousand scattered changes in 10,000 lines', () => {
    const a = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? `old${i}` : `line${i}`)).join('\n');
    const b = Array.from({ length: 10_000 }, (_, i) => (i % 10 === 0 ? `new${i}` : `line${i}`)).join('\n');
    assert.deepEqual(lineDiffStats(a, b), { added: 1000, removed: 1000 });
  });
});
