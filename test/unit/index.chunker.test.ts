// The chunker on real snippets, parsed by the same tree-sitter grammars the extension ships.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkFile, MAX_CHARS, MAX_LINES } from '../../src/index/chunker';
import { Grammars, grammarOf, SHIPPED_GRAMMARS } from '../../src/index/grammars';

const wasmDir = join(__dirname, '../../../node_modules/@vscode/tree-sitter-wasm/wasm');
const grammars = new Grammars(wasmDir);

async function chunks(path: string, text: string) {
  const tree = await grammars.parse(path, text);
  assert.ok(tree || !grammarOf(path), `no tree for ${path}: ${grammars.loadError}`);
  return chunkFile(path, text, tree);
}

const TS = `import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Reads the settings file. */
export async function loadSettings(dir: string): Promise<string> {
  return readFile(join(dir, 'settings.json'), 'utf8');
}

export class Cache {
  private map = new Map<string, string>();
  get(key: string) {
    return this.map.get(key);
  }
}

export const double = (n: number) => n * 2;
`;

describe('index: chunker', () => {
  it('cuts TypeScript into imports, functions (with their doc comment), classes and arrow functions, named by symbol', async () => {
    const c = await chunks('src/a.ts', TS);
    const view = c.map((x) => [x.symbol ?? '', x.kind, x.startLine, x.endLine]);
    assert.deepEqual(view, [
      ['', 'block', 1, 2],
      ['loadSettings', 'function_declaration', 4, 7],
      ['Cache', 'class_declaration', 9, 14],
      ['double', 'arrow_function', 16, 16],
    ]);
    assert.match(c[1].text, /^\/\*\* Reads the settings file/);
  });

  it('splits a class too big for one chunk into its header and its methods, named Class.method', async () => {
    const methods = Array.from({ length: 30 }, (_, i) => `  method${i}(a: number) {\n    const x = a + ${i};\n    return x * 2;\n  }`).join('\n');
    const c = await chunks('src/big.ts', `export class Big {\n  private n = 1;\n${methods}\n}\n`);
    assert.ok(c.some((x) => x.symbol === 'Big.method0' && x.kind === 'method_definition'));
    assert.ok(c.some((x) => x.symbol === 'Big.method29'));
    assert.ok(c.every((x) => x.endLine - x.startLine + 1 <= MAX_LINES && x.text.length <= MAX_CHARS));
  });

  it('names Python functions, decorated functions, classes and methods', async () => {
    const py = `import os\n\n@cache\ndef fetch(url):\n    return os.getenv(url)\n\nclass Store:\n    def put(self, k):\n        pass\n`;
    const c = await chunks('x.py', py);
    assert.deepEqual(c.filter((x) => x.symbol).map((x) => x.symbol), ['fetch', 'Store']);
    assert.equal(c.find((x) => x.symbol === 'fetch')?.startLine, 3, 'the decorator belongs to the function');
  });

  it('names Go functions, methods and types, Java classes, Rust items and impls', async () => {
    const go = await chunks('m.go', `package main\n\ntype Server struct {\n\tport int\n}\n\nfunc (s *Server) Start() error {\n\treturn nil\n}\n\nfunc main() {}\n`);
    assert.deepEqual(go.filter((x) => x.symbol).map((x) => x.symbol), ['Server', 'Start', 'main']);
    const java = await chunks('A.java', `package a;\n\npublic class Account {\n  public int balance() { return 0; }\n}\n`);
    assert.deepEqual(java.filter((x) => x.symbol).map((x) => x.symbol), ['Account']);
    const rs = await chunks('lib.rs', `struct Point { x: i32 }\n\nimpl Point {\n    fn norm(&self) -> i32 { self.x }\n}\n\nfn main() {}\n`);
    assert.deepEqual(rs.filter((x) => x.symbol).map((x) => x.symbol), ['Point', 'Point', 'main']);
  });

  it('cuts files without a grammar into bounded, overlapping line windows', async () => {
    const text = Array.from({ length: 150 }, (_, i) => `line ${i + 1}`).join('\n');
    const c = await chunks('notes.txt', text);
    assert.ok(c.length >= 3);
    assert.equal(c[0].startLine, 1);
    assert.equal(c[c.length - 1].endLine, 150);
    assert.ok(c[1].startLine <= c[0].endLine, 'windows overlap');
    assert.ok(c.every((x) => x.kind === 'lines' && x.endLine - x.startLine + 1 <= MAX_LINES));
  });

  it('gives the same text the same hash and a changed text a new one', async () => {
    const a = await chunks('src/a.ts', TS);
    const b = await chunks('src/a.ts', TS.replace('n * 2', 'n * 3'));
    assert.deepEqual(a.slice(0, 3).map((x) => x.hash), b.slice(0, 3).map((x) => x.hash));
    assert.notEqual(a[3].hash, b[3].hash);
  });

  it('ships every grammar it uses: esbuild copies them into dist/tree-sitter and the .vsix includes that folder', () => {
    const root = join(__dirname, '../../..');
    const build = readFileSync(join(root, 'esbuild.mjs'), 'utf8');
    const listed = /const GRAMMARS = \[([^\]]*)\]/.exec(build)?.[1].match(/'([a-z-]+)'/g)?.map((g) => g.slice(1, -1));
    assert.deepEqual(listed, [...SHIPPED_GRAMMARS]);
    assert.match(readFileSync(join(root, '.vscodeignore'), 'utf8'), /^!dist\/tree-sitter\/\*\*$/m);
  });

  it('returns no chunks for an empty file', async () => {
    assert.deepEqual(await chunks('e.ts', '\n\n'), []);
  });
});
