/**
 * The public edit-matching suites of three other agents (Aider, Cline, Roo Code), ported as data
 * in test/fixtures/edits/peers/ (sources, commits and licences in each file's `source`). Every
 * case is classed: `same` result as the peer's, `safe refusal` (we refuse where the peer guesses),
 * or `intended difference` (with a reason; where we apply, our result is recorded in `ours`).
 * No case may apply with a result that is neither the peer's nor the reviewed `ours`.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { applyEdits } from '../../src/edits/match';

const dir = join(__dirname, '../../../test/fixtures/edits/peers');
const PEERS = ['aider', 'cline', 'roo'] as const;
const CLASSES = ['same', 'safe refusal', 'intended difference'] as const;

const peerCase = z.object({
  name: z.string(),
  original: z.string(),
  /** `null`: the case tests the peer's reply parser; there are no search/replace pairs to give us. */
  edits: z.array(z.object({ search: z.string(), replace: z.string() })).nullable(),
  /** What the peer's test expects: its result, or (where that test only checks parts of it) text the result contains. */
  peer: z.union([
    z.object({ result: z.literal('applies'), text: z.string() }),
    z.object({ result: z.literal('applies'), contains: z.array(z.string()) }),
    z.object({ result: z.literal('refuses') }),
  ]),
  class: z.enum(CLASSES),
  reason: z.string().optional(),
  ours: z.string().optional(),
});
const peerFile = z.object({
  source: z.object({ repo: z.string(), path: z.string(), commit: z.string(), license: z.string() }).passthrough(),
  cases: z.array(peerCase),
});

const files = PEERS.map((peer) => ({ peer, data: peerFile.parse(JSON.parse(readFileSync(join(dir, `${peer}.json`), 'utf8'))) }));

describe('edits: the peers\' suites', () => {
  after(() => {
    // The classification table, printed with the run (the fixture files hold the reasons).
    const rows = files.map(({ peer, data }) => [peer, ...CLASSES.map((c) => data.cases.filter((x) => x.class === c).length), data.cases.length]);
    const total = ['all', ...[1, 2, 3, 4].map((i) => rows.reduce((n, r) => n + (r[i] as number), 0))];
    const table = [['suite', ...CLASSES, 'cases'], ...rows, total].map((r) => r.map((x) => String(x).padEnd(20)).join('')).join('\n      ');
    process.stdout.write(`\n      ${table}\n`);
  });

  for (const { peer, data } of files) {
    describe(`${peer} (${data.source.repo})`, () => {
      data.cases.forEach((c, i) => {
        it(`#${i} ${c.class}: ${c.name}`, () => {
          if (c.class !== 'same') assert.ok(c.reason, 'a case that is not the same result says why');
          if (c.edits === null) {
            assert.equal(c.class, 'intended difference');
            assert.equal(c.peer.result, 'refuses', 'a parser case is one the peer rejects');
            return;
          }
          const r = applyEdits(c.original, c.edits);
          if (c.class === 'same') {
            if (c.peer.result === 'refuses') assert.equal(r.ok, false, 'the peer refuses this edit');
            else if ('text' in c.peer) assert.equal(r.ok ? r.text : `refused: ${r.error}`, c.peer.text);
            else for (const part of c.peer.contains) assert.ok(r.ok && r.text.includes(part), r.ok ? `missing: ${part}` : r.error);
          } else if (c.class === 'safe refusal') {
            assert.equal(c.peer.result, 'applies', 'a safe refusal is one where the peer applies');
            assert.equal(r.ok, false, r.ok ? `applied:\n${r.text}` : '');
          } else if (c.ours !== undefined) {
            assert.equal(r.ok ? r.text : `refused: ${r.error}`, c.ours);
          } else {
            assert.equal(r.ok, false, r.ok ? `applied:\n${r.text}` : '');
          }
        });
      });
    });
  }
});
