// Builds the extension (Node, CommonJS, `vscode` external), the webview (browser) and, with
// --tests, the test bundles under out/. --watch rebuilds on change and reports in the format the
// problem matcher in .vscode/tasks.json reads; --production minifies and drops source maps.
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = new Set(process.argv.slice(2));
const watch = args.has('--watch');
const production = args.has('--production');
const withTests = args.has('--tests');

/** Prints esbuild's errors the way the `$esbuild-watch` style problem matcher expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: watch ? 'silent' : 'warning',
  plugins: watch ? [problemMatcherPlugin] : [],
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...common,
    entryPoints: { extension: 'src/extension.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.ttf': 'file' },
  },
];

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listTs(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

if (withTests) {
  builds.push({
    ...common,
    sourcemap: 'inline',
    minify: false,
    entryPoints: listTs('test'),
    outbase: '.',
    outdir: 'out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    external: ['vscode'],
  });
}

/** The tree-sitter runtime and the grammars the index's chunker uses (src/index/grammars.ts lists them). */
const GRAMMARS = ['typescript', 'tsx', 'javascript', 'python', 'go', 'java', 'rust'];

function copyAssets() {
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) {
    cpSync(join('node_modules/@vscode/codicons/dist', f), join('dist/codicons', f));
  }
  mkdirSync('dist/tree-sitter', { recursive: true });
  for (const f of ['tree-sitter.js', 'tree-sitter.wasm', ...GRAMMARS.map((g) => `tree-sitter-${g}.wasm`)]) {
    cpSync(join('node_modules/@vscode/tree-sitter-wasm/wasm', f), join('dist/tree-sitter', f));
  }
}

copyAssets();
if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  const results = await Promise.allSettled(builds.map((b) => esbuild.build(b)));
  const failed = results.filter((r) => r.status === 'rejected');
  if (failed.length > 0) {
    for (const f of failed) console.error(f.reason?.message ?? f.reason);
    process.exit(1);
  }
}
