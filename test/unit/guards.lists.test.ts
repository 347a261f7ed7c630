import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { judgeCommand } from '../../src/guards/commandLine';
import { IgnoreFilter } from '../../src/guards/ignore';
import { NOT_PROTECTED_EXAMPLES, NOT_SENSITIVE_EXAMPLES, PACKAGE_JSON_CODE_FIELDS, PROTECTED_RULES, renderSecurityLists, SENSITIVE_RULES } from '../../src/guards/lists';
import { changeProtection, isProtectedPath } from '../../src/guards/protected';
import { readFileTool } from '../../src/tools/readFile';
import { searchCodebaseTool } from '../../src/tools/searchCodebase';
import { MemoryFs } from './fakes/memoryFs';
import { invoke, toolContext } from './fakes/toolContext';

const sensitive = SENSITIVE_RULES.flatMap((r) => r.examples);
const protectedFiles = PROTECTED_RULES.flatMap((r) => r.examples);

describe('the path lists (src/guards/lists.ts)', () => {
  it('are what SECURITY.md lists, word for word', () => {
    const doc = readFileSync(join(process.cwd(), 'SECURITY.md'), 'utf8');
    const block = /<!-- lists:begin -->\n([\s\S]*?)\n<!-- lists:end -->/.exec(doc)?.[1];
    assert.equal(block, renderSecurityLists(), 'paste renderSecurityLists() between the marks in SECURITY.md');
  });

  it('cover every secret issue 16 names', () => {
    for (const p of ['.env', '.env.local', '.env-local', '.env_backup', '.git-credentials', 'application_default_credentials.json', 'client_secret_1.apps.json', '.netrc', '_netrc', '.pgpass', 'x.tfstate', 'x.tfvars', '.kube/config', '.docker/config.json', 'id_rsa', 'id_work', 'a.pem', 'a.key', 'a.p12', 'a.pfx', 'a.jks']) {
      assert.equal(IgnoreFilter.create().isSensitive(p), true, p);
    }
  });

  it('cover every protected file issue 16 names', () => {
    for (const p of ['.vscode/extensions.json', '.vscode/c_cpp_properties.json', 'x.code-workspace', '.git/config', '.husky/pre-commit', '.github/workflows/ci.yml', '.devcontainer/devcontainer.json', '.npmrc', '.yarnrc', '.yarnrc.yml', '.pnpmfile.cjs', 'bunfig.toml', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', '.mcp.json', '.agentignore', '.eslintrc.cjs', 'eslint.config.js', '.prettierrc.json', 'prettier.config.cjs']) {
      assert.ok(isProtectedPath(p), p);
    }
  });

  for (const p of sensitive) {
    it(`refuses ${p} in reads, search results and command arguments alike`, async () => {
      const fs = new MemoryFs({ [p]: 'SECRET_VALUE=1\n', 'a.ts': 'SECRET_VALUE\n' });
      const { ctx } = toolContext(fs);
      assert.match(String((await invoke(readFileTool, { path: p }, ctx)).error), /^Refused/);
      const found = await invoke(searchCodebaseTool, { query: 'SECRET_VALUE' }, ctx);
      assert.deepEqual((found.matches as Array<{ path: string }>).map((m) => m.path), ['a.ts']);
      assert.equal(judgeCommand(`cat ${p}`, { allow: ['cat'], deny: [] }).decision, 'ask');
    });
  }

  it('leave look-alike ordinary files alone', () => {
    const filter = IgnoreFilter.create();
    for (const p of NOT_SENSITIVE_EXAMPLES) assert.equal(filter.isSensitive(p), false, p);
    for (const p of NOT_PROTECTED_EXAMPLES) assert.equal(isProtectedPath(p), undefined, p);
    assert.equal(judgeCommand('cat src/id_utils.ts id_rsa.pub', { allow: ['cat'], deny: [] }).decision, 'allow');
  });

  for (const p of protectedFiles) {
    it(`holds a change to ${p} and asks about a command naming it`, () => {
      if (!/package\.json$/.test(p)) assert.ok(changeProtection({ path: p, before: undefined, after: 'x' }), p);
      assert.equal(judgeCommand(`cat ${p}`, { allow: ['cat'], deny: [] }).decision, 'ask');
    });
  }

  it('hold a package.json change to any field that runs code, and let other changes through', () => {
    const pkg = (extra: Record<string, unknown>) => JSON.stringify({ name: 'x', version: '1.0.0', ...extra });
    for (const field of PACKAGE_JSON_CODE_FIELDS) {
      assert.match(changeProtection({ path: 'package.json', before: pkg({}), after: pkg({ [field]: { x: 'node evil.js' } }) }) ?? 'let through', new RegExp(field), field);
    }
    assert.equal(changeProtection({ path: 'package.json', before: pkg({}), after: pkg({ dependencies: { a: '1' } }) }), undefined);
  });
});
