/**
 * Retrieval quality of the codebase index: natural-language questions about this repository's own
 * `src/` (copied into a temporary workspace), each with the one file that answers it
 * (test/bench/data/recall-questions.json), and how often that file is among the first 10 results of
 * three searches in the same run: the hybrid search `semantic_search` answers with (vectors + BM25
 * fused), BM25 alone, and plain keyword matching over the files, the way an agent greps a
 * question's words (ripgrep is not reachable outside VS Code, so the words are matched in-process:
 * files ranked by how many of the question's words they hold, then by how often).
 *
 * The vectors come from the emulator, whose embeddings are bag-of-words: this measures chunking,
 * BM25 and the fusion honestly, not the quality of Gemini's embeddings (which should do better on
 * questions that share no words with the code).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { IgnoreFilter } from '../../src/guards/ignore';
import { CodeIndex } from '../../src/index/codeIndex';
import { Grammars } from '../../src/index/grammars';
import { scanFiles } from './scanFiles';
import { FlatStore, normalise } from '../../src/index/store';
import type { Embedder } from '../../src/index/types';
import { FolderBlobs } from '../../src/vscode/indexStorage';
import { embedText } from '../emulator';
import { NodeFs } from './nodeFs';
import type { Row } from './table';

const AIM = 'hybrid ≥ keyword search';
const K = 10;

const Questions = z.object({ questions: z.array(z.object({ question: z.string().min(1), file: z.string().min(1) })).min(50) });

/** The emulator's bag-of-words vectors, as the product's embedder would hand them over. */
const emulatorEmbedder: Embedder = {
  maxBatch: 100,
  dimensions: 768,
  embedDocuments: async (texts: string[]) => texts.map((t) => normalise(embedText(t, 768))),
  embedQuery: async (text: string) => normalise(embedText(text, 768)),
};

/** Words a keyword search would look for: lower-cased, three letters or more, common words left out. */
const COMMON = new Set(['the', 'and', 'for', 'with', 'from', 'this', 'that', 'into', 'are', 'how', 'does', 'what', 'where', 'which', 'when', 'before', 'after', 'its', 'their', 'our', 'not', 'one', 'all', 'out', 'too', 'such', 'like', 'each', 'is', 'of', 'to', 'in', 'on', 'by', 'it', 'as', 'at', 'or', 'if', 'an', 'be', 'do']);
export function keywords(question: string): string[] {
  return [...new Set((question.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length >= 3 && !COMMON.has(w)))];
}

/** Files ranked by how many of the words they contain (case-insensitive substrings), then by occurrences. */
export function keywordRank(files: ReadonlyArray<{ path: string; text: string }>, words: readonly string[]): string[] {
  const scored = files.map((f) => {
    let distinct = 0;
    let total = 0;
    for (const w of words) {
      const n = f.text.split(w).length - 1;
      if (n > 0) distinct++;
      total += n;
    }
    return { path: f.path, distinct, total };
  });
  return scored
    .filter((s) => s.distinct > 0)
    .sort((a, b) => b.distinct - a.distinct || b.total - a.total || a.path.localeCompare(b.path))
    .map((s) => s.path);
}

export async function recallBench(log: (line: string) => void): Promise<Row[]> {
  const root = process.cwd();
  const { questions } = Questions.parse(JSON.parse(readFileSync(join(root, 'test', 'bench', 'data', 'recall-questions.json'), 'utf8')));
  const ws = mkdtempSync(join(os.tmpdir(), 'recall-ws-'));
  const storage = mkdtempSync(join(os.tmpdir(), 'recall-index-'));
  try {
    cpSync(join(root, 'src'), join(ws, 'src'), { recursive: true });
    const fs = new NodeFs(ws);
    const ignore = IgnoreFilter.create({});
    const signal = new AbortController().signal;
    const store = await FlatStore.open(new FolderBlobs(storage), 'recall', 768);
    const grammars = new Grammars(join(root, 'dist', 'tree-sitter'));
    const deps = { fs, ignore: async () => ignore, parse: (p: string, t: string) => grammars.parse(p, t), store, queue: { requestsPerMinute: 1e9, sleep: async () => undefined, now: Date.now } };
    const hybrid = new CodeIndex({ ...deps, embedder: emulatorEmbedder });
    await hybrid.refresh(signal);
    // The same store without an embedder: BM25 alone.
    const lexical = new CodeIndex(deps);
    const files = await Promise.all((await scanFiles(fs, ignore, signal)).map(async (f) => ({ path: f.path, text: new TextDecoder().decode(await fs.readFile(f.path)).toLowerCase() })));
    log(`recall: ${questions.length} questions over ${files.length} files, ${store.chunks().length} chunks`);

    // The fusion's constant was chosen on the even-numbered questions (1st, 3rd, …): the odd ones
    // are held out, and each half is reported apart.
    const found = { hybrid: 0, lexical: 0, keyword: 0, vector: 0 };
    const halves = { chosenOn: 0, heldOut: 0 };
    const misses: string[] = [];
    for (const [i, { question, file }] of questions.entries()) {
      const expected = `src/${file}`;
      const h = await hybrid.search(question, { limit: K }, signal);
      if (h.mode !== 'hybrid') throw new Error(`the search was ${h.mode}, not hybrid`);
      const l = await lexical.search(question, { limit: K }, signal);
      const inHybrid = h.hits.some((x) => x.path === expected);
      if (inHybrid) {
        found.hybrid++;
        if (i % 2 === 0) halves.chosenOn++;
        else halves.heldOut++;
      } else misses.push(file);
      if (l.hits.some((x) => x.path === expected)) found.lexical++;
      const near = store.nearest(await emulatorEmbedder.embedQuery(question, signal), K);
      if (near.some((x) => x.chunk.path === expected)) found.vector++;
      if (keywordRank(files, keywords(question)).slice(0, K).includes(expected)) found.keyword++;
    }
    if (misses.length) log(`recall: hybrid missed ${misses.join(', ')}`);
    const pct = (n: number) => `${((100 * n) / questions.length).toFixed(0)}%`;
    return [
      {
        figure: `recall@${K} (${questions.length} questions on src/)`,
        measured: `hybrid ${pct(found.hybrid)} (${found.hybrid}/${questions.length}; ${halves.chosenOn}/${Math.ceil(questions.length / 2)} on the half the fusion was chosen on, ${halves.heldOut}/${Math.floor(questions.length / 2)} held out); BM25 alone ${pct(found.lexical)} (${found.lexical}); vectors alone ${pct(found.vector)} (${found.vector}); emulator vectors: bag-of-words, not Gemini's`,
        baseline: `keyword search ${pct(found.keyword)} (${found.keyword}; words matched in-process, no ripgrep)`,
        ratio: found.keyword ? `${(found.hybrid / found.keyword).toFixed(2)}×` : '—',
        aim: AIM,
        ok: found.hybrid >= found.keyword,
      },
    ];
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(storage, { recursive: true, force: true });
  }
}
