import * as assert from 'node:assert/strict';
import { workspaceTree } from '../../src/agent/fileTree';
import { loadIgnore } from '../../src/agent/session';
import { IgnoreFilter } from '../../src/guards/ignore';
import { editFileTool } from '../../src/tools/editFile';
import { readFileTool } from '../../src/tools/readFile';
import { runCommandTool } from '../../src/tools/runCommand';
import { searchCodebaseTool } from '../../src/tools/searchCodebase';
import type { CommandGate, ToolContext } from '../../src/tools/types';
import { writeFileTool } from '../../src/tools/writeFile';
import { folderIgnore, folderProtection } from '../../src/workspace/folderRules';
import { MultiRootCommands, MultiRootDiagnostics, MultiRootFs, MultiRootSearch } from '../../src/workspace/multiRoot';
import { foldersNote, WorkspaceRoots } from '../../src/workspace/roots';
import { MemoryFs } from './fakes/memoryFs';
import { invoke, toolContext } from './fakes/toolContext';
import { FakeCommands, FakeDiagnostics, FakeSearch } from './fakes/workspace';

const signal = new AbortController().signal;

describe('workspace folders: the path mapper', () => {
  const two = WorkspaceRoots.create([
    { name: 'web', path: '/work/web' },
    { name: 'api', path: '/work/api/' },
  ]);

  it('with one folder, paths are relative to it exactly as before', () => {
    const one = WorkspaceRoots.create([{ name: 'app', path: '/work/app' }]);
    assert.equal(one.multi, false);
    assert.deepEqual(one.split('src/a.ts'), { root: one.roots[0], rel: 'src/a.ts' });
    assert.equal(one.join(one.roots[0], 'src/a.ts'), 'src/a.ts');
    assert.equal(one.toAbsolute('src/a.ts'), '/work/app/src/a.ts');
    assert.equal(one.fromAbsolute('/work/app/src/a.ts'), 'src/a.ts');
    assert.equal(one.fromAbsolute('/work/app'), '.');
    assert.equal(one.fromAbsolute('/work/app2/x'), undefined);
    assert.equal(foldersNote(one.names.length > 1 ? one.names : undefined), '');
  });

  it('with several, the first segment names the folder; the rest is the path inside it', () => {
    assert.equal(two.multi, true);
    assert.deepEqual(two.split('api/src/main.ts'), { root: two.roots[1], rel: 'src/main.ts' });
    assert.deepEqual(two.split('api'), { root: two.roots[1], rel: '.' });
    assert.equal(two.join(two.roots[1], 'src/main.ts'), 'api/src/main.ts');
    assert.equal(two.join(two.roots[1], '.'), 'api');
    assert.equal(two.toAbsolute('api/src/main.ts'), '/work/api/src/main.ts');
    assert.equal(two.fromAbsolute('/work/api/src/main.ts'), 'api/src/main.ts');
    assert.equal(two.fromAbsolute('/work/web'), 'web');
  });

  it('refuses the virtual top and names that are no folder (case included), saying which folders there are', () => {
    assert.equal(two.split('.'), undefined);
    assert.equal(two.split('db/schema.sql'), undefined);
    assert.equal(two.split('API/src/main.ts'), undefined);
    assert.equal(two.toAbsolute('db/schema.sql'), undefined);
    assert.match(two.unknownFolder('db/schema.sql'), /"db" is not a workspace folder; paths start with one of: web, api/);
  });

  it('gives duplicate names (regardless of case) a numbered suffix in folder order, the same every time', () => {
    const folders = [
      { name: 'app', path: '/a/app' },
      { name: 'App', path: '/b/app' },
      { name: 'app-2', path: '/c/app-2' },
      { name: 'app', path: '/d/app' },
    ];
    const names = WorkspaceRoots.create(folders).names;
    assert.deepEqual(names, ['app', 'App-2', 'app-2-2', 'app-3']);
    assert.deepEqual(WorkspaceRoots.create(folders).names, names);
    assert.equal(new Set(names.map((n) => n.toLowerCase())).size, names.length);
  });

  it('makes every name one plain path segment the path guard accepts', () => {
    const names = WorkspaceRoots.create([
      { name: 'front/end', path: '/x/1' },
      { name: 'C:stuff', path: '/x/2' },
      { name: 'PROGRA~1', path: '/x/3' },
      { name: 'dots...', path: '/x/4' },
      { name: '..', path: '/x/5' },
      { name: '  ', path: '/x/6' },
    ]).names;
    assert.deepEqual(names, ['front-end', 'C-stuff', 'PROGRA-1', 'dots', 'folder', 'folder-2']);
  });

  it('a folder nested in another claims its own files; /work/app does not contain /work/app2', () => {
    const nested = WorkspaceRoots.create([
      { name: 'repo', path: '/work/repo' },
      { name: 'pkg', path: '/work/repo/packages/pkg' },
      { name: 'app', path: '/work/app' },
    ]);
    assert.equal(nested.fromAbsolute('/work/repo/packages/pkg/index.ts'), 'pkg/index.ts');
    assert.equal(nested.fromAbsolute('/work/repo/README.md'), 'repo/README.md');
    assert.equal(nested.fromAbsolute('/work/app2/x.ts'), undefined);
  });

  it('tells the model the folders only when there are several', () => {
    assert.equal(foldersNote(['app']), '');
    assert.equal(foldersNote(undefined), '');
    assert.match(foldersNote(['web', 'api']), /2 folders: web, api\. Every path starts with its folder's name \(web\/src\/index\.ts\).*run_command needs cwd/);
  });
});

/** Two in-memory folders behind `web/…` and `api/…`, each with its own fakes and ignore files. */
async function twoFolders(files: { web: Record<string, string>; api: Record<string, string> }, overrides: Partial<ToolContext> = {}) {
  const roots = WorkspaceRoots.create([
    { name: 'web', path: '/w/web' },
    { name: 'api', path: '/w/api' },
  ]);
  const disks = [new MemoryFs(files.web), new MemoryFs(files.api)];
  const searches = disks.map((d) => new FakeSearch(d));
  const commands = [new FakeCommands(), new FakeCommands()];
  const diagnostics = [new FakeDiagnostics(), new FakeDiagnostics()];
  const fs = new MultiRootFs(roots, (r) => disks[r.index]);
  const ignore = folderIgnore(roots, await Promise.all(disks.map((d) => loadIgnore(d))));
  const { ctx, approver } = toolContext(new MemoryFs(), {
    fs,
    search: new MultiRootSearch(roots, (r) => searches[r.index]),
    commands: new MultiRootCommands(roots, (r) => commands[r.index]),
    diagnostics: new MultiRootDiagnostics(roots, (r) => diagnostics[r.index]),
    ignore,
    ...overrides,
  });
  // The fake approver writes through the workspace's fs, so approved changes land in the right folder.
  (approver as unknown as { fs: unknown }).fs = fs;
  return { roots, disks, searches, commands, diagnostics, fs, ignore, ctx };
}

describe('workspace folders: tools and guards, folder by folder', () => {
  it('reads and edits a file in the second folder through folder/… paths', async () => {
    const w = await twoFolders({ web: { 'src/app.ts': 'web' }, api: { 'src/main.ts': 'export const port = 80;\n' } });
    const read = await invoke(readFileTool, { path: 'api/src/main.ts' }, w.ctx);
    assert.match(String(read.content), /port = 80/);
    const edited = await invoke(editFileTool, { path: 'api/src/main.ts', edits: [{ search: 'port = 80', replace: 'port = 8080' }] }, w.ctx);
    assert.equal(edited.error, undefined, String(edited.error));
    assert.equal(w.disks[1].text('src/main.ts'), 'export const port = 8080;\n');
    assert.equal(w.disks[0].text('src/main.ts'), undefined);
    const wrote = await invoke(writeFileTool, { path: 'web/src/new.ts', content: 'x\n' }, w.ctx);
    assert.equal(wrote.error, undefined, String(wrote.error));
    assert.equal(w.disks[0].text('src/new.ts'), 'x\n');
  });

  it('refuses a path naming no folder, and the workspace top, naming the folders', async () => {
    const w = await twoFolders({ web: { 'a.ts': '' }, api: {} });
    const unknown = await invoke(readFileTool, { path: 'db/a.ts' }, w.ctx);
    assert.match(String(unknown.error), /^Refused: db\/a\.ts is off limits \("db" is not a workspace folder; paths start with one of: web, api\)/);
    const top = await invoke(writeFileTool, { path: 'a.ts', content: 'x' }, w.ctx);
    assert.ok(top.error, 'a file at the virtual top is refused');
    await assert.rejects(w.fs.writeFile('web', new Uint8Array()), /workspace folder, not a file/);
    await assert.rejects(w.fs.readFile('db/x'), /"db" is not a workspace folder; paths start with one of: web, api/);
    assert.deepEqual(await w.fs.readDirectory('.'), [
      ['web', 'directory'],
      ['api', 'directory'],
    ]);
  });

  it('each folder’s own .agentignore and .gitignore judge its own paths only', async () => {
    const w = await twoFolders({
      web: { 'notes.txt': 'web notes', 'build/out.js': 'x', 'src/a.ts': '' },
      api: { '.agentignore': 'notes.txt\n', '.gitignore': 'src/\n', 'notes.txt': 'api secret notes', 'src/b.ts': '', 'build/out.js': 'y' },
    });
    assert.match(String((await invoke(readFileTool, { path: 'web/notes.txt' }, w.ctx)).content), /web notes/);
    assert.match(String((await invoke(readFileTool, { path: 'api/notes.txt' }, w.ctx)).error), /^Refused: api\/notes\.txt is off limits \(matches \.agentignore pattern 'notes\.txt'\)/);
    assert.equal(w.ignore.isHidden('api/src', true), true);
    assert.equal(w.ignore.isHidden('web/src', true), false);
    // Built-in rules apply inside every folder; the top and unknown folders fail closed.
    assert.equal(w.ignore.isSensitive('web/.env'), true);
    assert.equal(w.ignore.isSensitive('api/.env'), true);
    assert.equal(w.ignore.isSensitive('.'), false);
    assert.equal(w.ignore.isSensitive('db/x'), true);
    const tree = await workspaceTree(w.fs, w.ignore, signal);
    assert.deepEqual(tree.split('\n').filter((l) => !l.startsWith(' ')), ['api/', 'web/']);
    const [api, web] = tree.split('web/');
    assert.match(web, /^ {2}src\/\n {4}a\.ts$/m, 'web/src is listed');
    assert.match(web, /^ {2}notes\.txt$/m);
    assert.match(api, /^ {2}build\/ \(vendored or generated: not expanded\)$/m, 'api/build is listed (and, like any build folder, not expanded)');
    assert.ok(!api.includes('notes.txt'), 'api/notes.txt is not listed');
    assert.ok(!api.includes('src/'), "api's .gitignore hides its src/");
  });

  it('a symbolic link is judged against its own folder', async () => {
    const w = await twoFolders({ web: { 'a.ts': '' }, api: { 'a.ts': '' } });
    w.disks[1].link('shared', null);
    w.disks[0].link('conf', '.ssh');
    assert.match(String((await invoke(readFileTool, { path: 'api/shared/x.ts' }, w.ctx)).error), /outside the workspace through a symbolic link/);
    assert.match(String((await invoke(readFileTool, { path: 'web/conf/config' }, w.ctx)).error), /symbolic link to web\/\.ssh\/config, which is off limits/);
    assert.equal(await w.fs.realPath('web/conf/config'), 'web/.ssh/config');
  });

  it('search covers every folder, or the one an include names, with folder/… paths and per-folder skips', async () => {
    const w = await twoFolders({ web: { 'src/a.ts': 'TODO web', '.env': 'TODO secret' }, api: { 'src/b.ts': 'TODO api', 'lib/c.ts': 'TODO lib' } });
    const all = await invoke(searchCodebaseTool, { query: 'TODO' }, w.ctx);
    assert.deepEqual((all.matches as Array<{ path: string }>).map((m) => m.path), ['web/src/a.ts', 'api/lib/c.ts', 'api/src/b.ts']);
    const one = await invoke(searchCodebaseTool, { query: 'TODO', include: 'api/src/**' }, w.ctx);
    assert.ok((one.matches as Array<{ path: string }>).every((m) => m.path.startsWith('api/')));
    assert.equal(w.searches[0].queries.length, 1, 'the include named api only');
    assert.equal(w.searches[1].queries[1].include, 'src/**');
  });

  it('run_command runs in the folder cwd names, judged by that folder; without cwd it asks for one', async () => {
    const asked: string[] = [];
    const gate: CommandGate = { policy: { allow: ['npm test', 'cat'], deny: [] }, approve: async (r) => (asked.push(`${r.cwd}: ${r.reason}`), { approved: false }) };
    const w = await twoFolders({ web: { 'package.json': '{}' }, api: { 'package.json': '{}', 'sub/x': '', '.agentignore': 'private/\n' } }, { commandGate: gate });
    assert.match(String((await invoke(runCommandTool, { command: 'npm test' }, w.ctx)).error), /several folders; give cwd/);
    await invoke(runCommandTool, { command: 'npm test', cwd: 'api' }, w.ctx);
    await invoke(runCommandTool, { command: 'npm test', cwd: 'api/sub' }, w.ctx);
    assert.deepEqual(w.commands[1].runs.map((r) => r.cwd), [undefined, 'sub']);
    assert.equal(w.commands[0].runs.length, 0);
    // Leaving the folder is leaving the workspace, whatever folder sits next to it.
    await invoke(runCommandTool, { command: 'cat ../web/package.json', cwd: 'api' }, w.ctx);
    await invoke(runCommandTool, { command: 'cat private/key.txt', cwd: 'api' }, w.ctx);
    await invoke(runCommandTool, { command: 'cat private/key.txt', cwd: 'web' }, w.ctx);
    assert.equal(asked.length, 2);
    assert.match(asked[0], /^api: .*"\.\.\/web\/package\.json" leads outside the workspace/);
    assert.match(asked[1], /^api: .*"private\/key\.txt" names private\/key\.txt, which is off limits \(matches \.agentignore pattern 'private\/'\)/);
    assert.equal(w.commands[0].runs.length, 1, 'web has no such rule');
    // The loop's own check command gives no cwd: it runs in the first folder.
    await w.ctx.commands.run({ command: 'npm test', timeoutMs: 1000 }, signal);
    assert.deepEqual(w.commands[0].runs.at(-1), { command: 'npm test', cwd: undefined, timeoutMs: 1000 });
  });

  it('protected patterns are judged inside the file’s own folder', () => {
    const roots = WorkspaceRoots.create([
      { name: 'web', path: '/w/web' },
      { name: 'api', path: '/w/api' },
    ]);
    const change = (path: string) => ({ path, before: 'a', after: 'b' });
    assert.match(String(folderProtection(roots, change('api/.github/workflows/ci.yml'))), /./);
    assert.match(String(folderProtection(roots, change('web/.vscode/tasks.json'))), /./);
    assert.equal(folderProtection(roots, change('web/src/app.ts')), undefined);
    assert.equal(folderProtection(roots, change('api/docs/.github/workflows/ci.yml')), undefined, 'anchored at the folder top, as with one folder');
    assert.match(String(folderProtection(roots, change('api/src/x.ts'), ['/src/'])), /protected pattern/);
    assert.match(String(folderProtection(roots, change('db/x'))), /not a path inside one of the workspace folders/);
    const one = WorkspaceRoots.create([{ name: 'app', path: '/w/app' }]);
    assert.match(String(folderProtection(one, change('.github/workflows/ci.yml'))), /./);
  });

  it('Restricted Mode refuses changes in every folder', async () => {
    const w = await twoFolders({ web: { 'a.ts': 'x' }, api: { 'a.ts': 'x' } }, { readOnlyReason: 'restricted' });
    for (const path of ['web/a.ts', 'api/a.ts']) {
      assert.equal((await invoke(writeFileTool, { path, content: 'y' }, w.ctx)).error, 'Refused: restricted');
    }
    assert.equal(w.disks[1].text('a.ts'), 'x');
  });

  it('problems come back with folder/… paths, and waits go to the folder of each path', async () => {
    const w = await twoFolders({ web: {}, api: {} });
    w.diagnostics[1].list = [{ path: 'src/b.ts', line: 3, severity: 'error', message: 'bad' }];
    w.diagnostics[0].list = [{ path: 'src/b.ts', line: 1, severity: 'warning', message: 'other folder' }];
    const diags = new MultiRootDiagnostics(w.roots, (r) => w.diagnostics[r.index]);
    assert.deepEqual(diags.get(['api/src/b.ts']), [{ path: 'api/src/b.ts', line: 3, severity: 'error', message: 'bad' }]);
    assert.deepEqual(diags.get().map((d) => d.path), ['web/src/b.ts', 'api/src/b.ts']);
    await diags.settle(['api/src/b.ts', 'api/src/c.ts'], 100, signal);
    assert.deepEqual(w.diagnostics[1].settled, [['src/b.ts', 'src/c.ts']]);
    assert.deepEqual(w.diagnostics[0].settled, []);
  });

  it('a one-folder workspace keeps the single filter as it was', () => {
    const one = WorkspaceRoots.create([{ name: 'app', path: '/w/app' }]);
    const filter = IgnoreFilter.create({ agentignore: 'x.txt' });
    assert.equal(folderIgnore(one, [filter]), filter);
    assert.deepEqual(filter.scope('src/a.ts'), { filter, rel: 'src/a.ts' });
  });
});
