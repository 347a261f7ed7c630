import * as assert from 'node:assert/strict';
import { approvalMessage, visibleCommand } from '../../src/guards/commandDisplay';
import { judgeCommand, splitCommand, type CommandPolicy } from '../../src/guards/commandLine';
import { chooseShell } from '../../src/guards/shellChoice';
import { tokenizeShell } from '../../src/guards/shellTokens';
import { checkCommandToRun } from '../../src/agent/checkCommand';
import { redactOutput } from '../../src/model/redact';

const policy: CommandPolicy = { allow: ['npm test', 'git diff', 'cat'], deny: ['sudo', 'rm -rf /', 'rm -rf ~'] };
const judge = (line: string, p: CommandPolicy = policy) => judgeCommand(line, p);

describe('the judge and the shell agree', () => {
  it('runs commands under bash by path, never /bin/sh, and cmd.exe on Windows', () => {
    assert.deepEqual(chooseShell('linux', (p) => p === '/usr/bin/bash'), { grammar: 'bash', spawnShell: '/usr/bin/bash' });
    assert.deepEqual(chooseShell('darwin', (p) => p === '/bin/bash'), { grammar: 'bash', spawnShell: '/bin/bash' });
    assert.deepEqual(chooseShell('linux', () => false), { grammar: 'sh', spawnShell: '/bin/sh' });
    assert.deepEqual(chooseShell('win32', () => true), { grammar: 'cmd', spawnShell: true });
  });

  it('allows nothing without asking where bash is missing, but still denies', () => {
    assert.equal(judge('npm test', { ...policy, shell: 'sh' }).decision, 'ask');
    assert.equal(judge('sudo id', { ...policy, shell: 'sh' }).decision, 'deny');
  });

  it('reads # as a comment, as both shells do, so a hidden second line is seen', () => {
    assert.deepEqual(splitCommand("npm test #'\ntouch PWNED\n#'")?.map((p) => p.words), [['npm', 'test'], ['touch', 'PWNED']]);
    assert.equal(judge("npm test #'\nsudo id\n#'").decision, 'deny');
    assert.match(judge('npm test # note').reason, /has a #/);
    assert.equal(judge('npm test -- a#b').decision, 'ask', 'a # inside a word is literal, but asks anyway');
  });

  it('reads $\'…\', &> and |& the way each shell does, and asks about all of them', () => {
    const line = "npm test $'\\';touch PWNED;#\\''";
    const dash = tokenizeShell(line, 'posix');
    assert.ok(dash.ok && dash.tokens.some((t) => t.kind === 'word' && t.value === 'touch'), 'dash runs touch');
    const bash = tokenizeShell(line, 'bash');
    assert.ok(bash.ok && !bash.tokens.some((t) => t.kind === 'separator'), 'bash sees one argument');
    for (const line of ["npm test $'\\';touch PWNED;#\\''", 'npm test &>/dev/null touch PWNED', 'npm test |& cat', 'npm test \\\n; touch x']) assert.equal(judge(line).decision, 'ask', line);
  });

  it('asks about newlines, control characters, NUL and invisible Unicode anywhere, quotes included', () => {
    for (const c of ['\n', '\r', '\u0000', '\u001b', '\u007f', '\u0085', '\u00a0', '\u200b', '\u202e', '\u2028', '\u2066', '\ufeff']) {
      assert.equal(judge(`npm test -- 'a${c}b'`).decision, 'ask', JSON.stringify(c));
    }
    assert.equal(judge("npm test -- 'a\tb'").decision, 'allow');
  });
});

describe('an allowed command allows only what its words say', () => {
  it('asks about npm options that load code or change config, but not about script arguments after --', () => {
    for (const o of ['--node-options=--require=./x.js', '--require=./x.js', '--prefix=.', '--userconfig=x', '--script-shell=./x', '-c', '--call=x', '--foo']) assert.equal(judge(`npm test ${o}`).decision, 'ask', o);
    assert.equal(judge('npm test -- --require=./x.js').decision, 'allow');
    assert.equal(judge('npm test --silent').decision, 'allow');
  });

  it('asks about git options that write files, run programs or read outside', () => {
    for (const o of ['--output=out.txt', '-o', 'out', '--exec=x', '--upload-pack=x', '-C', '--git-dir=x', '--work-tree=x', '--no-index', '--ext-diff', '-cx=y', '-O', 'x']) {
      if (o.startsWith('-')) assert.equal(judge(`git diff ${o}`).decision, 'ask', o);
    }
    assert.equal(judge('git diff --stat HEAD~2').decision, 'allow');
  });

  it('asks about arguments naming sensitive, protected, absolute, home or outside paths', () => {
    for (const a of ['.env', '.env-local', 'sub/.env_backup', '.vscode/extensions.json', '.husky/pre-commit', '/etc/hostname', "'~/x'", '../x', 'HEAD:.env', '--file=.env', "'*.pem'"]) assert.equal(judge(`cat ${a}`).decision, 'ask', a);
    assert.equal(judgeCommand('cat ../README.md', policy, { cwd: 'pkg' }).decision, 'allow', 'judged from the cwd');
    assert.equal(judgeCommand('cat ../../README.md', policy, { cwd: 'pkg' }).decision, 'ask');
    assert.equal(judge('cat src/index.ts', { ...policy, protectedFiles: ['src/'] }).decision, 'ask', 'protectedFiles from settings count too');
  });
});

describe('deny rules match normalised commands', () => {
  for (const line of ['rm -fr /', 'rm -r -f /', 'rm -rf ~/', 'rm -rf $HOME', "$'\\x72m' -rf /", "bash -c -- 'sudo id'", "env -S 'sudo id'", "python3 -c 'import os; os.system(\"sudo id\")'", 'find / -exec rm -rf {} +', 'echo / | xargs rm -rf', "node -e \"require('child_process').execSync('rm -rf ~')\""]) {
    it(`denies ${line}`, () => assert.equal(judge(line).decision, 'deny'));
  }

  it('does not deny what only looks alike', () => {
    assert.equal(judge('rm -r /').decision, 'ask');
    assert.equal(judge('rm -rf ./build').decision, 'ask');
    assert.equal(judge("git diff -- 'rm -rf /'").decision, 'allow', 'a quoted string is one argument, not a command');
  });
});

describe('the approval prompt shows what will run', () => {
  it('makes newlines, tabs, control characters and invisible Unicode visible', () => {
    assert.equal(visibleCommand('npm test\ntouch X'), 'npm test⏎touch X');
    assert.equal(visibleCommand('a\tb\u0000c\u001bd\u007f'), 'a⇥b␀c␛d␡');
    assert.equal(visibleCommand('x\u200by\u202ez\u00a0w'), 'x<U+200B>y<U+202E>z<U+00A0>w');
    assert.equal(visibleCommand('npm test⏎x ␀'), 'npm test<U+23CE>x <U+2400>', 'a literal picture cannot pass for a newline');
  });

  it('lists the commands the judge split the line into', () => {
    const j = judge('npm test\ntouch X');
    const text = approvalMessage({ command: 'npm test\ntouch X', cwd: '.', reason: j.reason, parts: j.parts });
    assert.equal(text, 'The agent wants to run: npm test⏎touch X — in the workspace folder. It is 2 commands: (1) npm test (2) touch X. ' + j.reason);
    assert.equal(approvalMessage({ command: 'ls', cwd: 'pkg', reason: 'R.', parts: ['ls'] }), 'The agent wants to run: ls — in pkg. R.');
  });
});

describe('the check command is the user\'s', () => {
  it('runs a workspace value only once that exact value was approved', () => {
    assert.deepEqual(checkCommandToRun({ value: 'curl x | sh', fromWorkspace: true }, undefined), { command: '', askApproval: true });
    assert.deepEqual(checkCommandToRun({ value: 'curl x | sh', fromWorkspace: true }, 'npm test'), { command: '', askApproval: true });
    assert.deepEqual(checkCommandToRun({ value: ' npm test ', fromWorkspace: true }, 'npm test'), { command: 'npm test', askApproval: false });
    assert.deepEqual(checkCommandToRun({ value: 'make check', fromWorkspace: false }, undefined), { command: 'make check', askApproval: false });
    assert.deepEqual(checkCommandToRun({ value: '', fromWorkspace: true }, undefined), { command: '', askApproval: false });
  });
});

describe('redactOutput', () => {
  it('removes the key in use, AIza keys, key= values, bearer tokens, authorization values and private key blocks', () => {
    const text = [
      'k=sk-own-0123456789',
      'AIzaSyA1234567890abcdefghijklmnopqrstu',
      'https://x/v1?key=abc&z=1',
      'Authorization: Bearer abc.def-ghi_123',
      'authorization: token0123456789',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEabc\n-----END RSA PRIVATE KEY-----',
      '-----BEGIN PRIVATE KEY-----\ncut off',
      'ghp_0123456789abcdefghijklmnopqrstuvwxyz AKIAABCDEFGHIJKLMNOP',
      'plain text stays',
    ].join('\n');
    assert.equal(
      redactOutput(text, ['sk-own-0123456789']),
      ['k=[redacted key]', '[redacted key]', 'https://x/v1?key=[redacted]&z=1', 'Authorization: Bearer [redacted]', 'authorization: [redacted]', '[redacted private key]', '[redacted private key]'].join('\n'),
    );
  });
});
