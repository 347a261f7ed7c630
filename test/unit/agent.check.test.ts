import * as assert from 'node:assert/strict';
import { detectCheckCommand } from '../../src/agent/checkCommand';
import { harness } from './fakes/harness';
import { call, plan, say } from './fakes/scriptedModel';
import { MemoryFs } from './fakes/memoryFs';

const pkg = (scripts: Record<string, string>) => JSON.stringify({ name: 'x', scripts });

describe('check command detection', () => {
  const cases: Array<[string, Record<string, string>, string | undefined]> = [
    ['prefers a typecheck script', { 'package.json': pkg({ test: 'mocha', lint: 'eslint .', typecheck: 'tsc' }), 'tsconfig.json': '{}' }, 'npm run typecheck'],
    ['then a check script', { 'package.json': pkg({ test: 'mocha', check: 'node check.js' }) }, 'npm run check'],
    ['then tsc for a TypeScript project', { 'package.json': pkg({ test: 'mocha' }), 'tsconfig.json': '{}' }, 'npx --no-install tsc --noEmit'],
    ['then lint', { 'package.json': pkg({ test: 'mocha', lint: 'eslint .' }) }, 'npm run lint'],
    ['then test', { 'package.json': pkg({ test: 'mocha' }) }, 'npm run test'],
    ["but not npm's placeholder test", { 'package.json': pkg({ test: 'echo "Error: no test specified" && exit 1' }) }, undefined],
    ['with the lockfile’s package manager', { 'package.json': pkg({ typecheck: 'tsc' }), 'pnpm-lock.yaml': '' }, 'pnpm run typecheck'],
    ['nothing in an empty folder', {}, undefined],
    ['nothing from a broken package.json', { 'package.json': '{ nope' }, undefined],
  ];
  for (const [name, files, expected] of cases) {
    it(name, async () => assert.equal(await detectCheckCommand(new MemoryFs(files)), expected));
  }

  it('runs the configured command instead of a detected one', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('write_file', { path: 'a.ts', content: 'x' }), say('ok')], {
      files: { 'package.json': pkg({ typecheck: 'tsc' }) },
      settings: { checkCommand: 'make verify' },
    });
    await h.run('x');
    // Before the change (the baseline) and after it.
    assert.deepEqual(h.commands.runs.map((r) => r.command), ['make verify', 'make verify']);
  });

  it('skips validation for a task that changed nothing', async () => {
    const h = harness([plan({ id: '1', description: 'question' }), say('answer')], { files: { 'package.json': pkg({ typecheck: 'tsc' }) } });
    await h.run('x');
    assert.equal(h.commands.runs.length, 0);
    assert.equal(h.of('validation').length, 0);
  });

  it('does not blame the model for a check command that cannot start', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('write_file', { path: 'a.ts', content: 'x' }), say('ok')], {
      settings: { checkCommand: 'make verify' },
      commands: () => {
        throw new Error('the folder is not trusted');
      },
    });
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    assert.deepEqual(h.of('validation').map((v) => [v.ok, v.summary]), [[true, "`make verify` could not run (the folder is not trusted); judged on the editor's problems alone"]]);
  });

  it('does not blame the model for a check command the shell cannot find (exit code 127)', async () => {
    const h = harness([plan({ id: '1', description: 'x' }), call('write_file', { path: 'a.ts', content: 'x' }), say('ok')], {
      settings: { checkCommand: 'tsc --noEmit' },
      commands: () => ({ exitCode: 127, output: 'sh: 1: tsc: not found\n', timedOut: false, cancelled: false }),
    });
    const result = await h.run('x');
    assert.equal(result.status, 'completed');
    assert.deepEqual(h.of('validation').map((v) => [v.ok, v.summary]), [[true, "`tsc --noEmit` could not run (command not found: tsc) — to use it, install the project's dependencies (npm install); judged on the editor's problems alone"]]);
    assert.equal(h.model.remaining, 0, 'no fix round was asked for');
  });
});
