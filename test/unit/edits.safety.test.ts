/**
 * Edits land exactly where the model meant, or nowhere: adversarial cases for each way a matcher
 * can change the wrong text while the diff still looks plausible.
 */
import * as assert from 'node:assert/strict';
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

describe('edits: whole lines and names', () => {
  it('does not let a whole-line search edit the end of a longer line', () => {
    const py = 'def reset():\n    total_count = 0\n    return total_count\n';
    const r = failed(applyEdits(py, [{ search: 'count = 0\n', replace: 'count = 1\n' }]));
    assert.match(r.error, /only as part of longer text, at line 2/);
    assert.equal(r.closest?.startLine, 2);
    assert.equal(r.closest?.text, '    total_count = 0');
  });

  it('does not match `a = 1` as a line inside `data = 1`', () => {
    const r = failed(applyEdits('data = 1\nb = 2\n', [{ search: 'a = 1\n', replace: 'a = 3\n' }]));
    assert.match(r.error, /whole lines, which match only whole lines/);
  });

  it('takes the whole line when the same text is also the tail of another line', () => {
    const text = 'total_count = 0\ncount = 0\n';
    assert.equal(applied(text, [{ search: 'count = 0\n', replace: 'count = 1\n' }]), 'total_count = 0\ncount = 1\n');
  });

  it('never starts or ends an in-line search in the middle of a name', () => {
    const r = failed(applyEdits('counter += 1;\n', [{ search: 'count', replace: 'total' }]));
    assert.match(r.error, /must not start or end in the middle of a name/);
    assert.equal(r.closest?.text, 'counter += 1;');
    const r2 = failed(applyEdits('let total_count = 0;\n', [{ search: 'count = 0', replace: 'count = 1' }]));
    assert.match(r2.error, /middle of a name/);
  });

  it('skips occurrences inside names and edits the one standing alone', () => {
    assert.equal(applied('total_count = count + 1;\n', [{ search: 'count + 1', replace: 'count + 2' }]), 'total_count = count + 2;\n');
    assert.equal(applied('x = f(count);\n', [{ search: 'count', replace: 'n' }]), 'x = f(n);\n');
  });

  it('still edits inside a line where the search starts or ends on punctuation', () => {
    assert.equal(applied('const x = foo(1);\n', [{ search: '(1)', replace: '(2)' }]), 'const x = foo(2);\n');
    assert.equal(applied('a.b.c = 1;\n', [{ search: '.b', replace: '.d' }]), 'a.d.c = 1;\n');
  });
});

describe('edits: relative indentation', () => {
  const python = ['class A:', '    def run(self):', '        if ready:', '            go()', '        done()', ''].join('\n');

  it('refuses a flattened Python block and shows the file\'s real lines', () => {
    const r = failed(applyEdits(python, [{ search: 'if ready:\ngo()\n', replace: 'if ready:\ngo()\nstop()\n' }]));
    assert.match(r.error, /nested differently/);
    assert.equal(r.closest?.startLine, 3);
    assert.equal(r.closest?.text, '        if ready:\n            go()');
  });

  it('refuses a re-nested Python block (the search nests a line the file does not)', () => {
    const r = failed(applyEdits(python, [{ search: '    go()\n    done()\n', replace: '    go(1)\n    done()\n' }]));
    assert.match(r.error, /nested differently/);
    assert.equal(r.closest?.text, '            go()\n        done()');
  });

  it('moves a block copied at another depth line by line, keeping its own nesting', () => {
    const r = applyEdits(python, [{ search: 'if ready:\n    go()\ndone()\n', replace: 'if ready:\n    go()\n    if late:\n        hurry()\ndone()\n' }]);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.text, python.replace('            go()\n', '            go()\n            if late:\n                hurry()\n'));
    assert.equal(r.applied[0].strategy, 'indentation');
  });

  it('refuses a flattened YAML mapping', () => {
    const yaml = 'server:\n  port: 80\n  tls:\n    enabled: false\n';
    const r = failed(applyEdits(yaml, [{ search: 'tls:\nenabled: false\n', replace: 'tls:\nenabled: true\n' }]));
    assert.match(r.error, /nested differently/);
    assert.equal(r.closest?.startLine, 3);
  });

  it('re-indents a YAML block copied at the top level into its nested place', () => {
    const yaml = 'server:\n  port: 80\n  tls:\n    enabled: false\n';
    assert.equal(applied(yaml, [{ search: 'tls:\n  enabled: false\n', replace: 'tls:\n  enabled: true\n  cert: a.pem\n' }]), 'server:\n  port: 80\n  tls:\n    enabled: true\n    cert: a.pem\n');
  });

  it('writes a Makefile recipe with tabs when the model copied it with spaces', () => {
    const make = 'build:\n\tgo build ./...\n\ntest:\n\tgo test ./...\n';
    const out = applied(make, [{ search: 'build:\n    go build ./...\n', replace: 'build:\n    go vet ./...\n    go build ./...\n' }]);
    assert.equal(out, 'build:\n\tgo vet ./...\n\tgo build ./...\n\ntest:\n\tgo test ./...\n');
  });

  it('refuses a Makefile recipe flattened onto its target\'s column', () => {
    const make = 'build:\n\tgo build ./...\n';
    assert.match(failed(applyEdits(make, [{ search: 'build:\ngo build ./...\n', replace: 'build:\ngo build -v ./...\n' }])).error, /nested differently/);
  });

  it('translates a tab-indented copy into a 2-space file, nesting included', () => {
    const ts = 'function f() {\n  if (a) {\n    b();\n  }\n}\n';
    assert.equal(applied(ts, [{ search: '\tif (a) {\n\t\tb();\n\t}\n', replace: '\tif (a) {\n\t\tb();\n\t\tc();\n\t}\n' }]), 'function f() {\n  if (a) {\n    b();\n    c();\n  }\n}\n');
  });

  it('keeps the file\'s own bytes on lines the replacement leaves as they were', () => {
    // The file has trailing spaces the model's copy lacks; only the changed line is rewritten.
    const text = 'if x:   \n    a = 1\n    b = 2  \n';
    assert.equal(applied(text, [{ search: 'if x:\n    a = 1\n    b = 2\n', replace: 'if x:\n    a = 10\n    b = 2\n' }]), 'if x:   \n    a = 10\n    b = 2  \n');
  });

  it('accepts a search copied with trailing spaces', () => {
    const text = 'def f():\n    return 1\n';
    assert.equal(applied(text, [{ search: 'def f():  \n    return 1 \n', replace: 'def f():\n    return 2\n' }]), 'def f():\n    return 2\n');
  });
});

describe('edits: ambiguity across rules', () => {
  it('refuses a search found inside a deeper line when another line matches at another depth', () => {
    const text = 'x = 1\nif y:\n        x = 1\n';
    const r = failed(applyEdits(text, [{ search: '    x = 1\n', replace: '    x = 2\n' }]));
    assert.match(r.error, /matches 2 places \(lines 1, 3\)/);
  });

  it('refuses an exact block when the same lines also match elsewhere across a blank line', () => {
    const text = 'a()\nb()\n\nc()\n\na()\n\nb()\n';
    const r = failed(applyEdits(text, [{ search: 'a()\nb()\n', replace: 'z()\n' }]));
    assert.match(r.error, /matches 2 places \(lines 1, 6\)/);
  });

  it('refuses an in-line search when a whole line elsewhere matches it ignoring indentation', () => {
    const text = 'call(x = 1)\n    x = 1\n';
    assert.match(failed(applyEdits(text, [{ search: 'x = 1', replace: 'x = 2' }])).error, /matches 2 places \(lines 1, 2\)/);
  });

  it('refuses a search matching two places that differ only in trailing spaces', () => {
    const text = 'go();  \nstop();\ngo();\n';
    assert.match(failed(applyEdits(text, [{ search: 'go(); \n', replace: 'run();\n' }])).error, /matches 2 places \(lines 1, 3\)/);
  });
});

describe('edits: blank lines the search left out', () => {
  it('keeps the blank line between Markdown paragraphs', () => {
    const md = '# Title\n\nFirst paragraph.\n\nSecond paragraph.\n';
    const out = applied(md, [{ search: 'First paragraph.\nSecond paragraph.\n', replace: 'First paragraph, edited.\nSecond paragraph.\n' }]);
    assert.equal(out, '# Title\n\nFirst paragraph, edited.\n\nSecond paragraph.\n');
  });

  it('keeps the two blank lines between Python top-level definitions', () => {
    const py = 'def a():\n    return 1\n\n\ndef b():\n    return 2\n';
    const out = applied(py, [{ search: 'def a():\n    return 1\ndef b():\n    return 2\n', replace: 'def a():\n    return 1\ndef b():\n    return 3\n' }]);
    assert.equal(out, 'def a():\n    return 1\n\n\ndef b():\n    return 3\n');
  });

  it('refuses when the replacement rewrites both sides of blank lines it left out', () => {
    const md = 'One.\n\nTwo.\n';
    const r = failed(applyEdits(md, [{ search: 'One.\nTwo.\n', replace: 'Uno.\nDos.\n' }]));
    assert.match(r.error, /blank line\(s\) the file has at line 2/);
    assert.equal(r.closest?.text, 'One.\n\nTwo.');
  });

  it('refuses when new lines go between two lines separated by blank lines the search left out', () => {
    const r = failed(applyEdits('a\n\nc\n', [{ search: 'a\nc\n', replace: 'a\nb\nc\n' }]));
    assert.match(r.error, /blank line/);
  });

  it('does not put back a blank line the search had but the file lacks, when that part is unchanged', () => {
    assert.equal(applied('a\nb\nc\n', [{ search: 'a\n\nb\nc\n', replace: 'a\n\nb\nC\n' }]), 'a\nb\nC\n');
  });
});

describe('edits: line endings', () => {
  it('keeps a CR-only file CR-only', () => {
    assert.equal(applied('a\rb\rc\r', [{ search: 'b\n', replace: 'B1\nB2\n' }]), 'a\rB1\rB2\rc\r');
  });

  it('leaves every untouched line of a mixed file as it was, and gives new lines the ending around them', () => {
    const text = 'one\r\ntwo\nthree\r\nfour\n';
    assert.equal(applied(text, [{ search: 'three\n', replace: 'three\n3b\n' }]), 'one\r\ntwo\nthree\r\n3b\r\nfour\n');
    assert.equal(applied(text, [{ search: 'two\n', replace: 'two\n2b\n' }]), 'one\r\ntwo\n2b\nthree\r\nfour\n');
  });

  it('keeps the endings of a mixed file when a tolerant match rewrites a few lines', () => {
    const text = 'if a:\r\n    b()\n    c()\r\nd()\n';
    assert.equal(applied(text, [{ search: 'b()\nc()\n', replace: 'b()\nc(1)\n' }]), 'if a:\r\n    b()\n    c(1)\r\nd()\n');
  });

  it('adds a final line with the ending the file uses around it', () => {
    assert.equal(applied('a\r\nb\r\n', [{ search: 'b\n', replace: 'b\nc\n' }]), 'a\r\nb\r\nc\r\n');
  });
});

describe('edits: elisions and several edits', () => {
  const ts = ['function f() {', '  const a = 1;', '  const b = 2;', '  const c = 3;', '  return a + b + c;', '}', ''].join('\n');

  it('refuses a search that skips lines with `...`, saying why', () => {
    const r = failed(applyEdits(ts, [{ search: 'function f() {\n  ...\n  return a + b + c;\n}\n', replace: 'function f() {\n  return 0;\n}\n' }]));
    assert.match(r.error, /looks like an elision/);
    assert.match(r.error, /line 2 of it, "\.\.\."/);
  });

  it('refuses a search with an "existing code" comment, saying why', () => {
    const r = failed(applyEdits(ts, [{ search: 'function f() {\n  // ... existing code ...\n  return a + b + c;\n', replace: 'x' }]));
    assert.match(r.error, /elision/);
  });

  it('refuses a replacement with an "existing code" comment: it would delete what it stands for', () => {
    const r = failed(applyEdits(ts, [{ search: '  const a = 1;\n  const b = 2;\n', replace: '  const a = 10;\n  // ... rest of the code ...\n' }]));
    assert.match(r.error, /stands for code left out/);
  });

  it('accepts `...` that is really in the file, such as a Python stub body', () => {
    assert.equal(applied('def f():\n    ...\n', [{ search: 'def f():\n    ...\n', replace: 'def f():\n    return 1\n' }]), 'def f():\n    return 1\n');
  });

  it('refuses an edit made ambiguous by an earlier edit\'s replacement reintroducing its search, naming both lines', () => {
    const r = failed(applyEdits('x = 1\ny = 0\n', [
      { search: 'y = 0\n', replace: 'y = 0\nx = 1\n' },
      { search: 'x = 1\n', replace: 'x = 2\n' },
    ]));
    assert.equal(r.editIndex, 1);
    assert.match(r.error, /matches 2 places \(lines 1, 3\)/);
  });

  it('applies a later replacement that reintroduces an earlier edit\'s search, as written', () => {
    const out = applied('x = 1\ny = 0\n', [
      { search: 'x = 1\n', replace: 'x = 2\n' },
      { search: 'y = 0\n', replace: 'y = 0\nx = 1\n' },
    ]);
    assert.equal(out, 'x = 2\ny = 0\nx = 1\n');
  });
});
