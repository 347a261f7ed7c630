import * as assert from 'node:assert/strict';
import { parseCheckOutput, unavailableCheck } from '../../src/agent/checkOutput';
import { newProblems, problemReport } from '../../src/agent/problemReport';
import { exit } from './fakes/workspace';

describe('check output: problems with their place', () => {
  it('reads tsc errors, with their continuation lines, and leaves out the error-count table', () => {
    const out = [
      "src/a.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "packages/core/src/b.ts(3,1): error TS2345: Argument of type 'X' is not assignable to parameter of type 'Y'.",
      "  Property 'z' is missing in type 'X' but required in type 'Y'.",
      'src/c.ts(1,1): warning TS6133: unused.',
      '',
      'Found 2 errors in 2 files.',
      '',
      'Errors  Files',
      '     1  src/a.ts:12',
      '     1  packages/core/src/b.ts:3',
    ].join('\n');
    const { problems, unplaced } = parseCheckOutput(out);
    assert.deepEqual(problems, [
      { path: 'src/a.ts', line: 12, column: 5, message: "error TS2322: Type 'string' is not assignable to type 'number'." },
      {
        path: 'packages/core/src/b.ts',
        line: 3,
        column: 1,
        message: "error TS2345: Argument of type 'X' is not assignable to parameter of type 'Y'. Property 'z' is missing in type 'X' but required in type 'Y'.",
      },
    ]);
    assert.deepEqual(unplaced, []);
  });

  it("reads tsc's pretty form, eslint's stylish form (errors only) and file:line:col lines", () => {
    const pretty = parseCheckOutput("\u001b[96msrc/a.ts\u001b[0m:\u001b[93m4\u001b[0m:\u001b[93m7\u001b[0m - \u001b[91merror\u001b[0m TS2304: Cannot find name 'foo'.\n");
    assert.deepEqual(pretty.problems, [{ path: 'src/a.ts', line: 4, column: 7, message: "error TS2304: Cannot find name 'foo'." }]);
    const eslint = parseCheckOutput('\n/work/app/src/x.js\n  3:10  error    Unexpected var  no-var\n  9:1   warning  Missing semicolon  semi\n\n✖ 2 problems (1 error, 1 warning)\n');
    assert.deepEqual(eslint.problems, [{ path: '/work/app/src/x.js', line: 3, column: 10, message: 'Unexpected var (no-var)' }]);
    assert.deepEqual(eslint.unplaced, []);
    const mypy = parseCheckOutput('app/models.py:17: error: Incompatible return value type\napp/models.py:20: note: see here\nFound 1 error in 1 file\n');
    assert.deepEqual(mypy.problems, [{ path: 'app/models.py', line: 17, message: 'error: Incompatible return value type' }]);
    const failedTest = parseCheckOutput('  1 passing\n  1 failing\n  1) math adds:\n     AssertionError: expected 3 to equal 4\n');
    assert.deepEqual(failedTest.unplaced, ['1 failing', 'AssertionError: expected 3 to equal 4']);
  });
});

describe('check output: could not run is not failed', () => {
  const cases: Array<[string, string, ReturnType<typeof exit>, boolean, RegExp | undefined]> = [
    ['npx refusing to download', 'npx --no-install tsc --noEmit', exit(1, 'npm error npx canceled due to missing packages and no YES option: ["tsc@2.0.4"]\n'), false, /not installed in the workspace \(npx would have to download tsc@2\.0\.4\).*npm install/],
    ['the shell not finding the tool', 'npm run typecheck', exit(127, '> tsc --noEmit\nsh: 1: tsc: not found\n'), false, /command not found: tsc.*npm install/],
    ['the shell not finding it, exit 1 from a script runner', 'make check', exit(2, 'make: mypy: Command not found\n'), false, /command not found/],
    ['a missing module before the task', 'npm test', exit(1, "Error: Cannot find module 'mocha'\nRequire stack:\n- x\n  code: 'MODULE_NOT_FOUND'\n"), true, /module it needs is not installed/],
    ['a check that needs the network', 'pnpm run check', exit(1, 'ERR_PNPM_META_FETCH_FAIL GET https://registry.npmjs.org/x: request to https://registry.npmjs.org/x failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org\n'), false, /needs network access.*pnpm install/],
    ['a missing script', 'npm run typecheck', exit(1, 'npm error Missing script: "typecheck"\n'), false, /does not exist in package\.json/],
    ['a check that took too long', 'npm test', { exitCode: undefined, output: '', timedOut: true, cancelled: false }, false, /did not finish within 300 s/],
  ];
  for (const [name, command, result, beforeTask, expected] of cases) {
    it(`treats ${name} as unavailable`, () => {
      const u = unavailableCheck(command, result, beforeTask, 300_000);
      assert.ok(u, 'unavailable');
      assert.match(`${u.reason} — ${u.remedy}`, expected!);
    });
  }

  it('treats real failures as failures: type errors, a failing test, a module the change broke', () => {
    assert.equal(unavailableCheck('npx --no-install tsc --noEmit', exit(2, "src/a.ts(1,1): error TS2307: Cannot find module 'x' or its corresponding type declarations.\n"), true, 1000), undefined);
    assert.equal(unavailableCheck('npm test', exit(1, '1 failing\n'), true, 1000), undefined);
    assert.equal(unavailableCheck('npm test', exit(1, "Error: Cannot find module './gone'\n  code: 'MODULE_NOT_FOUND'\n"), false, 1000), undefined);
    assert.equal(unavailableCheck('npm test', exit(0, 'getaddrinfo ENOTFOUND is mentioned in a passing test name'), false, 1000), undefined);
  });
});

describe('problem report for the fix prompt', () => {
  it('counts only new or more frequent problems, matched by file and message whatever the line', () => {
    const before = [
      { path: 'src/a.ts', line: 3, message: 'error TS1: old' },
      { path: 'src/a.ts', line: 9, message: 'error TS2: twice' },
    ];
    const after = [
      { path: 'src/a.ts', line: 5, message: 'error TS1: old' },
      { path: 'src/a.ts', line: 10, message: 'error TS2: twice' },
      { path: 'src/a.ts', line: 12, message: 'error TS2: twice' },
      { path: 'src/b.ts', line: 1, message: 'error TS3: new' },
    ];
    assert.deepEqual(newProblems(before, after), [after[2], after[3]]);
  });

  it('leads with the changed files, then nearby ones, sums up the rest within the budget, and names what failed before', () => {
    const fresh = [
      ...Array.from({ length: 400 }, (_, i) => ({ path: `vendor/lib/f${i % 40}.ts`, line: i + 1, message: `error TS2000: far away problem number ${i}` })),
      { path: 'src/util/other.ts', line: 2, message: 'error TS2554: Expected 1 arguments, but got 2.' },
      { path: '/abs/root/src/util/feature.ts', line: 7, column: 3, message: "error TS2322: Type 'string' is not assignable to type 'number'." },
    ];
    const before = [{ path: 'legacy/old.ts', line: 1, message: 'error TS7006: old problem' }];
    const report = problemReport({ changed: ['src/util/feature.ts'], fresh, unplaced: [], before, command: 'npm run typecheck' });
    assert.ok(report.length <= 6000, `report is ${report.length} characters`);
    assert.ok(report.startsWith("New problems in the files this task changed:\n- /abs/root/src/util/feature.ts:7:3: error TS2322: Type 'string'"), report.slice(0, 200));
    assert.match(report, /New problems in other files \(from `npm run typecheck`\):\n- src\/util\/other\.ts:2: error TS2554/);
    assert.match(report, /… and \d+ more new problems not shown: vendor\/lib\/f\d+\.ts \(\d+\), .*and \d+ other files\./);
    assert.match(report, /Already failing before this task \(not caused by it[^)]*\): 1 problem in 1 file, for example:\n- legacy\/old\.ts:1: error TS7006: old problem$/);
  });
});
