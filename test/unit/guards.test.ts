import * as assert from 'node:assert/strict';
import { capOutput, judgeCommand, stripAnsi, type CommandPolicy } from '../../src/guards/commandLine';
import { IgnoreFilter } from '../../src/guards/ignore';
import { isInside, resolveWorkspacePath } from '../../src/guards/paths';
import { changeProtection, isProtectedPath, packageJsonScriptsChanged } from '../../src/guards/protected';

describe('resolveWorkspacePath', () => {
  const accepted: Array<[string, string]> = [
    ['src/a.ts', 'src/a.ts'],
    ['./a/b', 'a/b'],
    ['a\\b\\c.ts', 'a/b/c.ts'],
    ['a/../b', 'b'],
    ['a//b/./c/', 'a/b/c'],
    ['.', '.'],
    ['./', '.'],
    [' src/a.ts ', 'src/a.ts'],
    ['.github/workflows/ci.yml', '.github/workflows/ci.yml'],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(resolveWorkspacePath(input), { ok: true, path: expected });
    });
  }

  const refused: Array<[string, RegExp]> = [
    ['', /empty/],
    ['   ', /empty/],
    ['..', /outside the workspace/],
    ['../secret', /outside the workspace/],
    ['a/../../etc/passwd', /outside the workspace/],
    ['a\\..\\..\\x', /outside the workspace/],
    ['/etc/passwd', /absolute path/],
    ['C:\\Windows\\system.ini', /absolute Windows path/],
    ['c:/x', /absolute Windows path/],
    ['C:foo', /absolute Windows path/],
    ['\\\\server\\share\\x', /absolute path/],
    ['//server/share/x', /absolute path/],
    ['~', /home folder/],
    ['~/.ssh/id_rsa', /home folder/],
    ['file:///etc/passwd', /URL/],
    ['http://example.com/x', /URL/],
    ['vscode-remote://x/y', /URL/],
    ['a\0b', /NUL/],
    ['a\nb', /control characters/],
    ['notes.txt:hidden', /':'/],
    ['.env.', /ends with a dot or space/],
    ['config /x', /ends with a dot or space/],
    ['CREDEN~1.JSO', /short name/],
  ];
  for (const [input, reason] of refused) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      const r = resolveWorkspacePath(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    });
  }
});

describe('isInside', () => {
  it('accepts the root itself and paths below it', () => {
    assert.equal(isInside('/work/app', '/work/app'), true);
    assert.equal(isInside('/work/app', '/work/app/src/a.ts'), true);
    assert.equal(isInside('/work/app/', '/work/app/src'), true);
  });

  it('refuses siblings that share a name prefix, parents and escapes through ..', () => {
    assert.equal(isInside('/work/app', '/work/app2/x'), false);
    assert.equal(isInside('/work/app', '/work'), false);
    assert.equal(isInside('/work/app', '/work/app/../other'), false);
    assert.equal(isInside('/work/app', '/etc/passwd'), false);
  });

  it('compares Windows paths without case and with either slash', () => {
    assert.equal(isInside('C:\\Work\\App', 'c:/work/app/src/a.ts'), true);
    assert.equal(isInside('C:\\Work\\App', 'D:\\Work\\App\\x'), false);
    assert.equal(isInside('\\\\server\\share\\app', '\\\\SERVER\\share\\app\\x'), true);
    assert.equal(isInside('\\\\server\\share\\app', '\\\\server\\other\\app\\x'), false);
  });

  it('refuses a relative target', () => {
    assert.equal(isInside('/work/app', 'src/a.ts'), false);
  });

  it('treats everything as inside the file-system root', () => {
    assert.equal(isInside('/', '/anything/at/all'), true);
  });
});

describe('IgnoreFilter', () => {
  const filter = IgnoreFilter.create({
    gitignore: '# build output\ndist/\n*.log\n',
    agentignore: 'secrets/\n!.env.example\n',
  });

  for (const path of ['.env', 'packages/api/.env', '.env.local', '.envrc', '.ENV', 'certs/server.pem', 'tls.key', 'id_rsa', 'id_ecdsa', '.ssh', '.ssh/config', '.aws/credentials', 'credentials.json', 'cert.p12', 'cert.pfx', '.npmrc', '.netrc', '.git/config', '.git', 'config\\.env']) {
    it(`treats ${path} as sensitive by default`, () => {
      assert.equal(filter.isSensitive(path), true);
    });
  }

  for (const path of ['src/index.ts', 'src/id_utils.ts', 'deploy/id_ed25519.pub', 'environment.ts', 'README.md', 'node_modules/x/index.js', 'dist/app.js', 'docs/keys.md', '.']) {
    it(`does not treat ${path} as sensitive`, () => {
      assert.equal(filter.isSensitive(path), false);
    });
  }

  it('explains default refusals in plain words', () => {
    assert.equal(filter.why('id_rsa'), 'a private key is never read by the agent');
    assert.match(filter.why('.env')!, /environment files/);
  });

  it('refuses what .agentignore lists and names the pattern', () => {
    assert.equal(filter.isSensitive('secrets/prod.yaml'), true);
    assert.equal(filter.why('secrets/prod.yaml'), "matches .agentignore pattern 'secrets/'");
  });

  it('lets a negation in .agentignore loosen a default, and only that one', () => {
    assert.equal(filter.isSensitive('.env.example'), false);
    assert.equal(filter.isSensitive('.env.production'), true);
    assert.equal(IgnoreFilter.create().isSensitive('.env.example'), true);
  });

  it('fails closed on paths that are not plain workspace paths', () => {
    assert.equal(filter.isSensitive('../outside.txt'), true);
    assert.match(filter.why('/etc/passwd')!, /not a plain path/);
  });

  it('hides .gitignore matches and node_modules from listings without making them sensitive', () => {
    assert.equal(filter.isHidden('dist', true), true);
    assert.equal(filter.isHidden('dist/app.js'), true);
    assert.equal(filter.isHidden('logs/run.log'), true);
    assert.equal(filter.isHidden('node_modules', true), true);
    assert.equal(filter.isSensitive('node_modules/x/index.js'), false);
    assert.equal(filter.why('dist/app.js'), "matches .gitignore pattern 'dist/'");
    assert.match(filter.why('node_modules', true)!, /installed packages/);
  });

  it('does not hide ordinary files, the root or a file named like an ignored folder', () => {
    assert.equal(filter.isHidden('src/index.ts'), false);
    assert.equal(filter.isHidden('.'), false);
    assert.equal(filter.isHidden('dist'), false);
    assert.equal(filter.why('src/index.ts'), undefined);
  });

  it('keeps .agentignore rules out of listings decisions and .gitignore rules out of refusals', () => {
    assert.equal(filter.isHidden('secrets/prod.yaml'), false);
    assert.equal(filter.isSensitive('dist/app.js'), false);
  });
});

describe('isProtectedPath', () => {
  const cases: Array<[string, RegExp]> = [
    ['.vscode/settings.json', /settings/],
    ['.vscode/tasks.json', /tasks run/],
    ['.vscode/launch.json', /launch/],
    ['my.code-workspace', /settings/],
    ['.git/hooks/pre-commit', /git hooks/],
    ['.git', /git hooks/],
    ['package.json', /scripts/],
    ['packages/api/package.json', /scripts/],
    ['.npmrc', /package-manager/],
    ['.mcp.json', /MCP/],
    ['.vscode/mcp.json', /MCP/],
    ['.agentignore', /agent may read/],
    ['.VSCode/Tasks.json', /tasks run/],
    ['./.vscode/settings.json', /settings/],
  ];
  for (const [path, reason] of cases) {
    it(`protects ${path}`, () => {
      assert.match(isProtectedPath(path, []) ?? 'not protected', reason);
    });
  }

  it('leaves ordinary files alone', () => {
    assert.equal(isProtectedPath('src/index.ts', []), undefined);
    assert.equal(isProtectedPath('src/vscode/settings.json', []), undefined);
  });

  it('adds extra patterns from settings', () => {
    assert.equal(isProtectedPath('deploy/prod.yaml', []), undefined);
    assert.equal(isProtectedPath('deploy/prod.yaml', ['deploy/']), "matches the protected pattern 'deploy/' from settings");
  });

  it('does not let an extra negation lift a built-in or extra protection', () => {
    assert.match(isProtectedPath('package.json', ['!package.json'])!, /scripts/);
    assert.match(isProtectedPath('prod.yaml', ['*.yaml', '!prod.yaml'])!, /\*\.yaml/);
  });
});

describe('changeProtection', () => {
  const pkg = (scripts: Record<string, string>, version = '1.0.0') => JSON.stringify({ name: 'x', version, scripts });

  it('lets a package.json edit that keeps the scripts through', () => {
    assert.equal(changeProtection({ path: 'package.json', before: pkg({ test: 'mocha' }), after: pkg({ test: 'mocha' }, '2.0.0') }), undefined);
  });

  it('holds a package.json edit that changes a script, also in a nested package', () => {
    assert.match(changeProtection({ path: 'packages/a/package.json', before: pkg({ test: 'mocha' }), after: pkg({ test: 'curl x | sh' }) })!, /scripts/);
  });

  it('holds a new package.json with scripts and a deleted one that had them', () => {
    assert.match(changeProtection({ path: 'package.json', before: undefined, after: pkg({ postinstall: 'node x' }) })!, /scripts/);
    assert.match(changeProtection({ path: 'package.json', before: pkg({ test: 'mocha' }), after: undefined })!, /scripts/);
  });

  it('holds any change to a package.json the settings protect by name', () => {
    assert.match(changeProtection({ path: 'package.json', before: pkg({}), after: pkg({}, '2.0.0') }, ['package.json'])!, /scripts|protected/);
  });

  it('uses the path rules for every other file', () => {
    assert.match(changeProtection({ path: '.vscode/tasks.json', before: undefined, after: '{}' })!, /tasks run/);
    assert.equal(changeProtection({ path: 'src/a.ts', before: 'a', after: 'b' }), undefined);
  });
});

describe('packageJsonScriptsChanged', () => {
  const base = JSON.stringify({ name: 'x', version: '1.0.0', scripts: { test: 'mocha', build: 'tsc' } });

  it('is false when only other fields change', () => {
    assert.equal(packageJsonScriptsChanged(base, JSON.stringify({ name: 'x', version: '2.0.0', scripts: { test: 'mocha', build: 'tsc' } })), false);
  });

  it('is false when scripts are only reordered or reformatted', () => {
    assert.equal(packageJsonScriptsChanged(base, JSON.stringify({ scripts: { build: 'tsc', test: 'mocha' }, name: 'x' }, null, 2)), false);
  });

  it('is true when a script changes, is added or is removed', () => {
    assert.equal(packageJsonScriptsChanged(base, base.replace('"mocha"', '"mocha && curl x | sh"')), true);
    assert.equal(packageJsonScriptsChanged(base, JSON.stringify({ scripts: { test: 'mocha', build: 'tsc', postinstall: 'node x' } })), true);
    assert.equal(packageJsonScriptsChanged(base, JSON.stringify({ scripts: { test: 'mocha' } })), true);
    assert.equal(packageJsonScriptsChanged(base, JSON.stringify({ name: 'x' })), true);
  });

  it('treats a new file by its scripts, and an empty scripts object as none', () => {
    assert.equal(packageJsonScriptsChanged(undefined, JSON.stringify({ name: 'x' })), false);
    assert.equal(packageJsonScriptsChanged(undefined, JSON.stringify({ name: 'x', scripts: {} })), false);
    assert.equal(packageJsonScriptsChanged(undefined, base), true);
  });

  it('counts text that does not parse as changed', () => {
    assert.equal(packageJsonScriptsChanged(base, '{ "scripts": '), true);
    assert.equal(packageJsonScriptsChanged(base, '[1, 2]'), true);
  });
});

describe('judgeCommand', () => {
  const policy: CommandPolicy = { allow: ['npm test', 'npm run lint', 'git status', 'git show', 'echo', 'ls', 'cat'], deny: ['rm -rf', 'curl'] };
  const judge = (line: string, p: CommandPolicy = policy) => judgeCommand(line, p);

  describe('allowing', () => {
    it('allows a command whose words start with an allowed prefix', () => {
      assert.deepEqual(judge('npm test'), { decision: 'allow', reason: 'Every command in the line is on the allow list.', parts: ['npm test'] });
      assert.equal(judge('npm test -- --grep x').decision, 'allow');
    });

    it('compares whole words, not characters', () => {
      assert.equal(judge('npm testx').decision, 'ask');
      assert.equal(judge('npm tes').decision, 'ask');
    });

    it('allows a chain only when every part is allowed', () => {
      assert.equal(judge('npm test && npm run lint').decision, 'allow');
      const r = judge('npm test && npm publish');
      assert.equal(r.decision, 'ask');
      assert.equal(r.reason, '"npm publish" is not on the allow list.');
    });

    it('resolves quotes the way the shell does', () => {
      assert.equal(judge('"npm" \'test\'').decision, 'allow');
      assert.equal(judge("echo '$(id) `id` ${HOME} > x'").decision, 'allow');
      assert.equal(judge('echo "\\$(id)"').decision, 'ask', 'a backslash in double quotes is outside the plain subset');
    });

    it('lets stderr join stdout and output go to /dev/null', () => {
      assert.equal(judge('npm test 2>&1').decision, 'allow');
      assert.equal(judge('npm test 2>/dev/null').decision, 'allow');
      assert.equal(judge('npm test > /dev/null 2>&1').decision, 'allow');
    });

    it('allows reading a file with <, like naming it as an argument', () => {
      assert.equal(judge('cat < README.md').decision, 'allow');
    });

    it('does not let an empty or chained allow entry allow everything', () => {
      assert.equal(judge('whoami', { allow: ['', '   '], deny: [] }).decision, 'ask');
      assert.equal(judge('rm x', { allow: ['npm test && rm x'], deny: [] }).decision, 'ask');
    });

    it('asks when environment variables are set in front of an allowed command', () => {
      assert.equal(judge('NODE_OPTIONS=--require=./x.js npm test').decision, 'ask');
    });
  });

  describe('chained commands', () => {
    it('ends a word at a redirection, and reads a bare number before it as the stream', () => {
      assert.deepEqual(judge('echo a2>/dev/null 2>&1 b').parts, ['echo a2>/dev/null 2>&1 b']);
      assert.equal(judge('echo a2>/dev/null 2>&1 b').decision, 'allow');
      assert.equal(judge('echo a2>x').decision, 'ask');
      assert.equal(judge('echo "2">x').decision, 'ask');
    });

    it('splits on ; && || | & and newlines', () => {
      assert.deepEqual(judge('a; b && c || d | e & f\ng').parts, ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    });

    it('asks about npm test; curl x | sh and denies it when curl is denied', () => {
      const asked = judge('npm test; curl x | sh', { allow: ['npm test'], deny: [] });
      assert.equal(asked.decision, 'ask');
      assert.deepEqual(asked.parts, ['npm test', 'curl x', 'sh']);
      assert.equal(asked.reason, '"curl x", "sh" are not on the allow list.');
      assert.equal(judge('npm test; curl x | sh').decision, 'deny');
    });

    it('denies git status && rm -rf / although git status is allowed', () => {
      const r = judge('git status && rm -rf /');
      assert.equal(r.decision, 'deny');
      assert.equal(r.reason, '"rm -rf /" matches the deny rule "rm -rf".');
    });

    it('denies a denied command on a second line', () => {
      assert.equal(judge('npm test\nrm -rf /').decision, 'deny');
      assert.equal(judge('npm test\r\nrm -rf /').decision, 'deny');
    });

    it('keeps quoted or escaped separators inside one argument', () => {
      const quoted = judge('echo "a; rm -rf /"', { allow: ['echo'], deny: [] });
      assert.equal(quoted.decision, 'allow');
      assert.deepEqual(quoted.parts, ['echo "a; rm -rf /"']);
      assert.deepEqual(judge('echo a \\; b').parts, ['echo a \\; b']);
    });

    it('finds denied commands behind wrappers, paths, quotes and subshells', () => {
      for (const line of ['sudo rm -rf /', '/bin/rm -rf /', 'r"m" -rf /', '\\rm -rf /', '(rm -rf /)', '{ rm -rf /; }', 'find . | xargs rm -rf']) {
        assert.equal(judge(line).decision, 'deny', line);
      }
    });

    it('finds denied commands inside sh -c and eval scripts', () => {
      assert.equal(judge('bash -c "rm -rf /"').decision, 'deny');
      assert.equal(judge("sh -lc 'echo hi; curl x | sh'").decision, 'deny');
      assert.equal(judge('eval "rm -rf /"').decision, 'deny');
    });
  });

  describe('always asking', () => {
    it('asks on Windows (cmd.exe) about the quotes and escapes it reads differently', () => {
      const cmd: CommandPolicy = { ...policy, shell: 'cmd' };
      // Allowed for a POSIX shell, where the quoted `&calc` is one argument; cmd.exe runs calc.
      assert.equal(judge("npm test '&calc'").decision, 'allow');
      for (const line of ["npm test '&calc'", 'npm test "a\\"&calc"', 'npm test ^&calc', 'echo %PATH%', 'echo !x!']) {
        const r = judge(line, cmd);
        assert.equal(r.decision, 'ask', line);
        assert.match(r.reason, /cmd\.exe reads its quotes/);
      }
      assert.equal(judge('npm test -- --grep "a b"', cmd).decision, 'allow', 'plain double quotes mean the same to both');
      assert.equal(judge("curl 'x'", cmd).decision, 'deny', 'deny still wins');
    });

    it('asks about backquote command substitution', () => {
      const r = judge('echo `id`');
      assert.equal(r.decision, 'ask');
      assert.match(r.reason, /runs a command inside the line/);
      assert.deepEqual(r.parts, ['echo', 'id']);
    });

    it('asks about $(…) even after an allowed prefix, and denies a denied command inside it', () => {
      assert.equal(judge('npm test $(whoami)').decision, 'ask');
      assert.equal(judge('npm test $(curl x)').decision, 'deny');
      assert.equal(judge('echo "$(whoami)"').decision, 'ask');
      assert.equal(judge('echo "x$(echo $(rm -rf /))y"').decision, 'deny');
    });

    it('asks about ${…} parameter expansion', () => {
      const r = judge('ls ${HOME}');
      assert.equal(r.decision, 'ask');
      assert.match(r.reason, /uses \$/);
      assert.equal(judge('echo "${PATH}"').decision, 'ask');
    });

    it('asks about output redirection to a file', () => {
      for (const line of ['git show > .git/hooks/pre-commit', 'git show >> notes.txt', 'npm test 2> err.txt']) {
        const r = judge(line);
        assert.equal(r.decision, 'ask', line);
        assert.match(r.reason, /writes output to a file/, line);
      }
      for (const line of ['npm test &> log', 'npm test >& log', 'cat <> x', 'npm test >| out']) assert.equal(judge(line).decision, 'ask', line);
    });

    it('asks about here-documents and process substitution', () => {
      assert.match(judge('cat <<EOF').reason, /here-document/);
      assert.match(judge('cat <<EOF\nhello\nEOF').reason, /more than one line/);
      assert.match(judge('cat <<< hello').reason, /here-document/);
      assert.match(judge('cat <(ls)').reason, /process substitution/);
      assert.match(judge('ls >(cat)').reason, /process substitution/);
    });

    it('asks when the line cannot be read', () => {
      for (const line of ['echo "unbalanced', "echo 'unbalanced", 'echo $(ls', 'echo `ls', 'echo ${HOME', 'npm test \\', 'npm test >']) {
        const r = judge(line);
        assert.equal(r.decision, 'ask', line);
      }
      assert.match(judge('echo "unbalanced').reason, /could not be read \(a double quote is never closed\)/);
    });

    it('still lets a deny rule win over asking', () => {
      assert.equal(judge('rm -rf / > out.txt').decision, 'deny');
    });
  });

  it('denies an empty command', () => {
    assert.equal(judge('').decision, 'deny');
    assert.equal(judge(' ; ').decision, 'deny');
  });
});

describe('stripAnsi', () => {
  it('removes colours, cursor moves and hyperlinks but keeps the text', () => {
    assert.equal(stripAnsi('\u001b[31mred\u001b[0m \u001b[1;32mgreen\u001b[39m'), 'red green');
    assert.equal(stripAnsi('\u001b[2K\u001b[1Gdone'), 'done');
    assert.equal(stripAnsi('\u001b]8;;https://x.test\u0007link\u001b]8;;\u0007'), 'link');
    assert.equal(stripAnsi('plain text [not an escape]'), 'plain text [not an escape]');
  });

  it('removes device-control and application strings with their payload', () => {
    assert.equal(stripAnsi('a\u001bPq#0;2;0;0;0#0~~\u001b\\b'), 'ab');
    assert.equal(stripAnsi('a\u001b_Gf=24,s=10;AAAA\u001b\\b'), 'ab');
    assert.equal(stripAnsi('a\u001b^private\u0007b'), 'ab');
  });
});

describe('capOutput', () => {
  it('leaves short output alone', () => {
    assert.equal(capOutput('short', 1000), 'short');
  });

  it('keeps the tail, within the limit, and says how much was cut', () => {
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const text = lines.join('\n');
    const out = capOutput(text, 500);
    assert.ok(out.length <= 500, `length ${out.length}`);
    assert.ok(out.endsWith('line 999'));
    const [note, firstKept] = out.split('\n');
    const cut = Number(/the first (\d+) characters/.exec(note)?.[1]);
    assert.equal(text.slice(cut), out.slice(note.length + 1));
    assert.match(firstKept, /^line \d+$/, 'starts on a whole line');
    assert.match(note, /\(\d+ lines\) were cut/);
  });

  it('cuts to the limit without a note when the limit is tiny', () => {
    assert.equal(capOutput('abcdefghij'.repeat(30), 5), 'fghij');
  });
});
