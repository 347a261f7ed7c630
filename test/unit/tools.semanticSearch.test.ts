// semantic_search over a real CodeIndex on an in-memory workspace: the fused results with path,
// lines, symbol, score and code; the character budget; the lexical answer while nothing is
// embedded; the text-search fallback when indexing is off; paths off limits refused.
import * as assert from 'node:assert/strict';
import { IgnoreFilter } from '../../src/guards/ignore';
import { CodeIndex } from '../../src/index/codeIndex';
import { FlatStore } from '../../src/index/store';
import { reportOf, SEMANTIC_BUDGET_CHARS, semanticSearchTool } from '../../src/tools/semanticSearch';
import type { Embedder } from '../../src/index/types';
import { CountingEmbedder, MemoryBlobs } from './fakes/indexFakes';
import { MemoryFs } from './fakes/memoryFs';
import { invoke, toolContext } from './fakes/toolContext';

const FILES = {
  'src/retry.ts': 'export async function retryWithBackoff(fn: () => Promise<void>, attempts: number) {\n  for (let i = 0; i < attempts; i++) await fn();\n}\n',
  'src/users.ts': 'export function findUserByEmail(email: string) {\n  return users.get(email);\n}\n',
};

async function indexOf(fs: MemoryFs, embedder?: Embedder) {
  const store = await FlatStore.open(new MemoryBlobs(), 'm', 768);
  const index = new CodeIndex({ fs, ignore: async () => IgnoreFilter.create(), parse: async () => undefined, embedder, store, queue: { requestsPerMinute: 1000, sleep: async () => undefined, now: () => 0 } });
  await index.refresh(new AbortController().signal);
  return index;
}

describe('semantic_search', () => {
  it('returns the best chunks with path, lines, score and code', async () => {
    const fs = new MemoryFs(FILES);
    const { ctx } = toolContext(fs, { index: await indexOf(fs, new CountingEmbedder()) });
    const r = await invoke(semanticSearchTool, { query: 'retry a failing call with backoff' }, ctx);
    assert.equal(r.mode, 'hybrid');
    const first = (r.results as Array<Record<string, unknown>>)[0];
    assert.deepEqual([first.path, first.lines], ['src/retry.ts', '1-3']);
    assert.equal(typeof first.score, 'number');
    assert.match(String(first.code), /retryWithBackoff/);
  });

  it('lists each result on the call card: path and lines, symbol, score', async () => {
    const fs = new MemoryFs(FILES);
    const { ctx } = toolContext(fs, { index: await indexOf(fs, new CountingEmbedder()) });
    const r = await invoke(semanticSearchTool, { query: 'retry a failing call with backoff' }, ctx);
    const report = reportOf(r);
    assert.equal(report.summary, `${(r.results as unknown[]).length} results`);
    assert.match(report.detail ?? '', /^src\/retry\.ts:1-3 {2}0\.\d{4}$/m);
    assert.equal(reportOf({ mode: 'hybrid', results: [{ path: 'src/a.ts', lines: '4-9', symbol: 'Cart.total', score: 0.03 }] }).detail, 'src/a.ts:4-9  Cart.total  0.0300');
    assert.deepEqual(reportOf({ mode: 'lexical', results: [] }), { summary: '0 results (lexical)' });
  });

  it('says the index is not ready and answers lexically when nothing is embedded', async () => {
    const fs = new MemoryFs(FILES);
    const { ctx } = toolContext(fs, { index: await indexOf(fs) });
    const r = await invoke(semanticSearchTool, { query: 'find user by email' }, ctx);
    assert.equal(r.mode, 'lexical');
    assert.match(String(r.note), /lexical \(BM25\) only/);
    assert.equal((r.results as Array<{ path: string }>)[0].path, 'src/users.ts');
    assert.equal(r.error, undefined);
  });

  it('keeps the answer within its character budget and says how many results were left out', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`src/big${i}.ts`] = Array.from({ length: 100 }, (_, j) => `// parser ${i} step ${j} ${'x'.repeat(30)}`).join('\n');
    const fs = new MemoryFs(files);
    const { ctx } = toolContext(fs, { index: await indexOf(fs, new CountingEmbedder()) });
    const r = await invoke(semanticSearchTool, { query: 'parser step' }, ctx);
    const size = (r.results as Array<{ code: string }>).reduce((n, x) => n + x.code.length, 0);
    assert.ok(size <= SEMANTIC_BUDGET_CHARS, String(size));
    assert.match(String(r.note), /more results were left out/);
  });

  it('falls back to a text search for the query\'s words when indexing is off, never an error', async () => {
    const fs = new MemoryFs(FILES);
    const { ctx } = toolContext(fs);
    const r = await invoke(semanticSearchTool, { query: 'Backoff retry' }, ctx);
    assert.equal(r.mode, 'text');
    assert.match(String(r.note), /index is off/);
    assert.deepEqual((r.results as Array<{ path: string }>).map((x) => x.path), ['src/retry.ts']);
  });

  it('refuses a path that is off limits', async () => {
    const fs = new MemoryFs(FILES);
    const { ctx } = toolContext(fs, { index: await indexOf(fs, new CountingEmbedder()) });
    const r = await invoke(semanticSearchTool, { query: 'token', path: '.env' }, ctx);
    assert.match(String(r.error), /off limits/);
  });
});
