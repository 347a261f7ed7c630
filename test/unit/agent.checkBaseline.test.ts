import * as assert from 'node:assert/strict';
import type { Content } from '../../src/model/types';
import type { Diagnostic } from '../../src/tools/types';
import { harness } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';
import { exit } from './fakes/workspace';

const textOf = (c: Content) => c.parts.map((p) => p.text ?? '').join('');
const lastPrompt = (contents: Content[]) => textOf(contents[contents.length - 1]);

/** A stand-in type checker over the in-memory files: every line with `BAD(name)` is an error. */
function typeErrors(files: Map<string, Uint8Array>): Array<{ path: string; line: number; message: string }> {
  const out: Array<{ path: string; line: number; message: string }> = [];
  for (const [path, data] of [...files].sort()) {
    new TextDecoder().decode(data).split('\n').forEach((text, i) => {
      const m = /BAD\((\w+)\)/.exec(text);
      if (m) out.push({ path, line: i + 1, message: `Cannot find name '${m[1]}'.` });
    });
  }
  return out;
}

const tscOutput = (files: Map<string, Uint8Array>) => {
  const errors = typeErrors(files);
  if (errors.length === 0) return exit(0, '');
  const lines = errors.map((e) => `${e.path}(${e.line},1): error TS2304: ${e.message}`);
  return exit(2, `${lines.join('\n')}\n\nFound ${errors.length} errors.\n\nErrors  Files\n${errors.map((e) => `     1  ${e.path}:${e.line}`).join('\n')}\n`);
};

const legacy = 'export const a = BAD(legacyOne);\nexport const b = BAD(legacyTwo);\n';
const feature = 'export const x = BAD(oldInFeature);\n\nexport function f() {\n  return 1;\n}\n';

describe('validation judges the change, not the repository', () => {
  it('does not blame a task for errors that were there before; only its own new error is fed back', async () => {
    const box: { h?: ReturnType<typeof harness> } = {};
    const h = harness(
      [
        plan({ id: '1', description: 'Add g to feature.ts', files: ['src/feature.ts'] }),
        call('edit_file', { path: 'src/feature.ts', edits: [{ search: '  return 1;\n}\n', replace: '  return 1;\n}\n\nexport const g = BAD(typo);\n' }] }),
        say('Added g.'),
        call('edit_file', { path: 'src/feature.ts', edits: [{ search: 'BAD(typo)', replace: '2' }] }),
        say('Fixed the typo.'),
      ],
      {
        files: { 'tsconfig.json': '{}', 'package.json': JSON.stringify({ scripts: { typecheck: 'tsc --noEmit' } }), 'src/legacy.ts': legacy, 'src/feature.ts': feature },
        commands: () => tscOutput(box.h!.fs.files),
      },
    );    box.h = h;

    // The editor reports errors for the changed file as it is now, as a language server would.
    h.diagnostics.get = (paths?: string[]): Diagnostic[] =>
      typeErrors(box.h!.fs.files)
        .filter((e) => !paths || paths.includes(e.path))
        .map((e) => ({ ...e, severity: 'error', source: 'ts' }));
    const result = await h.run('add g');

    assert.equal(result.status, 'completed', result.message);
    assert.deepEqual(h.of('validation').map((v) => [v.ok, v.summary]), [
      [false, '1 new error in changed files; `npm run typecheck` failed: 1 new problem, 3 already failing before this task'],
      [true, '`npm run typecheck` failed as it did before this task (no new problems, 3 already failing before this task)'],
    ]);
    // One baseline before the change, one check after the task, one after the fix.
    assert.equal(h.commands.runs.length, 3);
    const prompt = lastPrompt(h.model.requests[3].contents);
    assert.match(prompt, /^Validation of task 1 failed \(fix attempt 1 of 2\):\n\nNew problems in the files this task changed:\n- src\/feature\.ts:7: Cannot find name 'typo'\. \(ts\)\n/);
    assert.doesNotMatch(prompt.split('Already failing')[0], /legacyOne|legacyTwo|oldInFeature/, 'old errors are not presented as new');
    assert.match(prompt, /Already failing before this task \(not caused by it; leave these alone unless the task is about them\): 3 problems in 2 files/);
    assert.doesNotMatch(prompt, /Errors {2}Files|Found \d+ errors/, "tsc's tally is not sent");
  });

  it('reports a check that cannot run once, with what to install, and judges the task on the editor alone', async () => {
    const box: { h?: ReturnType<typeof harness> } = {};
    const h = harness(
      [
        plan({ id: '1', description: 'Write a.ts', files: ['src/a.ts'] }, { id: '2', description: 'Write b.ts', files: ['src/b.ts'] }),
        call('write_file', { path: 'src/a.ts', content: 'export const a = BAD(oops);\n' }),
        say('Wrote a.'),
        call('write_file', { path: 'src/a.ts', content: 'export const a = 1;\n' }),
        say('Fixed a.'),
        call('write_file', { path: 'src/b.ts', content: 'export const b = 2;\n' }),
        say('Wrote b.'),
      ],
      {
        files: { 'tsconfig.json': '{}' },
        commands: () => exit(1, 'npm error npx canceled due to missing packages and no YES option: ["tsc@2.0.4"]\nnpm error A complete log of this run can be found in: /root/.npm/_logs/x.log\n'),
      },
    );    box.h = h;

    h.diagnostics.get = (paths?: string[]): Diagnostic[] =>
      typeErrors(box.h!.fs.files)
        .filter((e) => !paths || paths.includes(e.path))
        .map((e) => ({ ...e, severity: 'error', source: 'ts' }));
    const result = await h.run('write files');

    assert.equal(result.status, 'completed', result.message);
    assert.equal(h.commands.runs.length, 1, 'tried once, before the first change; not again in this run');
    assert.deepEqual(h.of('validation').map((v) => [v.taskId, v.ok, v.summary]), [
      [
        '1',
        false,
        "1 new error in changed files; `npx --no-install tsc --noEmit` could not run (the tool is not installed in the workspace (npx would have to download tsc@2.0.4)) — to use it, install the project's dependencies (npm install); judged on the editor's problems alone",
      ],
      ['1', true, 'No new problems in changed files'],
      ['2', true, 'No new problems in changed files'],
    ]);
    const prompt = lastPrompt(h.model.requests[3].contents);
    assert.match(prompt, /- src\/a\.ts:1: Cannot find name 'oops'\. \(ts\)/);
    assert.doesNotMatch(prompt, /npx canceled/, 'the unavailable check is not presented as the task\'s failure');
  });

  it('runs a slow check once per task, says how long it took, and judges the fix on the editor', async () => {
    const box: { h?: ReturnType<typeof harness> } = {};
    const h = harness(
      [
        plan({ id: '1', description: 'Write a.ts', files: ['src/a.ts'] }),
        call('write_file', { path: 'src/a.ts', content: 'export const a = BAD(oops);\n' }),
        say('Wrote a.'),
        call('write_file', { path: 'src/a.ts', content: 'export const a = 1;\n' }),
        say('Fixed a.'),
      ],
      {
        files: { 'package.json': JSON.stringify({ scripts: { check: 'slow-check' } }) },
        commands: () => {
          box.h!.clock.now += 95_000;
          return tscOutput(box.h!.fs.files);
        },
      },
    );    box.h = h;

    const result = await h.run('write a');
    assert.equal(result.status, 'completed', result.message);
    assert.equal(h.commands.runs.length, 2, 'the baseline and one check after the task; none after the fix');
    assert.deepEqual(h.of('validation').map((v) => v.summary), [
      '`npm run check` failed: 1 new problem — it took 95 s; a narrower Check Command (geminiAgent.checkCommand) would be quicker',
      "`npm run check` not run again (it took 95 s); judged on the editor's problems",
    ]);
    assert.match(lastPrompt(h.model.requests[3].contents), /New problems in the files this task changed:\n- src\/a\.ts:1:1: error TS2304: Cannot find name 'oops'\./);
  });

  it('feeds back the start of a failing check that names no file, not just its tail', async () => {
    const noise = Array.from({ length: 2000 }, (_, i) => `  ok ${i} some passing test`).join('\n');
    const h = harness([plan({ id: '1', description: 'x', files: ['a.js'] }), call('write_file', { path: 'a.js', content: 'x' }), say('ok'), say('cannot')], {
      files: { 'package.json': JSON.stringify({ scripts: { test: 'node t.js' } }) },
      settings: { maxFixAttempts: 1 },
      commands: (_c, i) => (i === 0 ? exit(0, 'all good') : exit(1, `Segmentation fault in worker\n${noise}\nsummary: done`)),
    });
    await h.run('x');
    const prompt = lastPrompt(h.model.requests[3].contents);
    assert.match(prompt, /`npm run test` failed \(exit code 1\); it passed before this task\. Its output begins:\nSegmentation fault in worker\n/);
    assert.ok(prompt.length < 4000, `prompt is ${prompt.length} characters`);
  });
});

describe("the check's baseline and the diff", () => {
  it('shows the change while the baseline runs, and writes it only once the baseline has seen the files as they were', async () => {
    let release!: () => void;
    const baselineMayEnd = new Promise<void>((r) => (release = r));
    const seen: string[] = [];
    const box: { h?: ReturnType<typeof harness> } = {};
    const h = harness(
      [plan({ id: '1', description: 'Change a.ts', files: ['src/a.ts'] }), call('write_file', { path: 'src/a.ts', content: 'export const a = 2;\n' }), say('Changed a.')],
      {
        files: { 'tsconfig.json': '{}', 'package.json': JSON.stringify({ scripts: { typecheck: 'tsc --noEmit' } }), 'src/a.ts': 'export const a = 1;\n' },
        commands: async (_command, index) => {
          if (index === 0) await baselineMayEnd;
          seen.push(box.h!.fs.text('src/a.ts') ?? '');
          return exit(0, '');
        },
      },
    );
    box.h = h;
    h.approver.decide = () => {
      // The diff is up while the baseline check still runs; the user approves, and only then may it end.
      assert.deepEqual(seen, [], 'the baseline had not finished when the change was shown');
      setImmediate(release);
      return { approved: true };
    };
    const result = await h.run('change a');
    assert.equal(result.status, 'completed', result.message);
    assert.deepEqual(seen, ['export const a = 1;\n', 'export const a = 2;\n'], 'the baseline saw the old file, the check after the task the new one');
    assert.equal(h.approver.proposals.length, 1);
  });
});
