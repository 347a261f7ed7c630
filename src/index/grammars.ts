/**
 * Tree-sitter grammars by file extension, loaded lazily from a folder holding `tree-sitter.js`,
 * `tree-sitter.wasm` and the grammar `.wasm` files of `@vscode/tree-sitter-wasm` (the extension's
 * `dist/tree-sitter/`, copied there by esbuild.mjs; `node_modules/@vscode/tree-sitter-wasm/wasm`
 * in tests). Only the grammars listed here ship, to keep the .vsix small: C, C++ and C# grammars
 * are 5 MB each, so those files are cut into line windows instead.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as TS from '@vscode/tree-sitter-wasm';

export const SHIPPED_GRAMMARS = ['typescript', 'tsx', 'javascript', 'python', 'go', 'java', 'rust'] as const;
export type GrammarName = (typeof SHIPPED_GRAMMARS)[number];

const BY_EXTENSION: Record<string, GrammarName> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript',
  tsx: 'tsx',
  js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript',
  py: 'python', pyi: 'python',
  go: 'go',
  java: 'java',
  rs: 'rust',
};

export function grammarOf(path: string): GrammarName | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext ? BY_EXTENSION[ext] : undefined;
}

/** A parser per grammar, made once. `parse` returns `undefined` when no grammar fits or loading failed. */
export class Grammars {
  private module: Promise<typeof TS | undefined> | undefined;
  private readonly parsers = new Map<GrammarName, Promise<TS.Parser | undefined>>();
  /** Why loading failed, if it did (the index then cuts every file into line windows). */
  loadError: string | undefined;

  constructor(private readonly wasmDir: string) {}

  async parse(path: string, text: string): Promise<TS.Tree | undefined> {
    const name = grammarOf(path);
    if (!name) return undefined;
    let parser = this.parsers.get(name);
    if (!parser) {
      parser = this.load(name);
      this.parsers.set(name, parser);
    }
    const p = await parser;
    return p?.parse(text) ?? undefined;
  }

  private async load(name: GrammarName): Promise<TS.Parser | undefined> {
    try {
      const ts = await this.init();
      if (!ts) return undefined;
      const language = await ts.Language.load(await readFile(join(this.wasmDir, `tree-sitter-${name}.wasm`)));
      const parser = new ts.Parser();
      parser.setLanguage(language);
      return parser;
    } catch (err) {
      this.loadError = `tree-sitter ${name}: ${err instanceof Error ? err.message : String(err)}`;
      return undefined;
    }
  }

  private init(): Promise<typeof TS | undefined> {
    this.module ??= (async () => {
      // A path known only at run time: esbuild leaves this require alone, and the file is copied beside the bundle.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const ts = require(join(this.wasmDir, 'tree-sitter.js')) as typeof TS;
      await ts.Parser.init({ locateFile: (file: string) => join(this.wasmDir, file) });
      return ts;
    })().catch((err: unknown) => {
      this.loadError = `tree-sitter: ${err instanceof Error ? err.message : String(err)}`;
      return undefined;
    });
    return this.module;
  }
}
