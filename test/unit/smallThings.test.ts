import * as assert from 'node:assert/strict';
import { listFilesTool } from '../../src/tools/listFiles';
import { writeFileTool } from '../../src/tools/writeFile';
import { readFileTool } from '../../src/tools/readFile';
import { ltrIsolate, splitPath, toolFailed, toolStatusIcon } from '../../webview/format';
import { MemoryFs } from './fakes/memoryFs';
import { invoke, toolContext } from './fakes/toolContext';

describe('small things seen on a real repository', () => {
  it('list_files with an empty path lists the root, as its description says', async () => {
    const { ctx } = toolContext(new MemoryFs({ 'a.ts': '', 'src/b.ts': '' }));
    for (const path of ['', ' ', '.']) {
      const r = await invoke(listFilesTool, { path }, ctx);
      assert.equal(r.error, undefined, `path ${JSON.stringify(path)}: ${String(r.error)}`);
      assert.deepEqual(r.entries, ['src/', 'a.ts']);
    }
    assert.match(listFilesTool.parameters.shape.path.description ?? '', /Empty/);
  });

  it('a refused write to .env says the agent neither reads nor writes such files; a refused read still says it never reads them', async () => {
    const { ctx } = toolContext(new MemoryFs({ '.env': 'K=1' }));
    const write = await invoke(writeFileTool, { path: '.env', content: 'K=2' }, ctx);
    assert.match(String(write.error), /^Refused: \.env is off limits \(environment files usually hold secrets, so the agent neither reads nor writes them\)\.$/);
    const read = await invoke(readFileTool, { path: '.env' }, ctx);
    assert.match(String(read.error), /so the agent never reads them\)\.$/);
    const key = await invoke(writeFileTool, { path: 'deploy.pem', content: 'x' }, ctx);
    assert.match(String(key.error), /a private key is never read or written by the agent/);
  });

  it('a command that ran but failed (exit 1, 128) is not shown with a green check', () => {
    for (const code of [1, 128]) {
      assert.equal(toolFailed('ok', code), true);
      assert.equal(toolStatusIcon('ok', code), 'codicon-error');
    }
    assert.equal(toolStatusIcon('ok', 0), 'codicon-check');
    assert.equal(toolStatusIcon('ok'), 'codicon-check');
    assert.equal(toolStatusIcon('failed'), 'codicon-error');
  });

  it('a folder label keeps ".vscode" left-to-right inside the right-to-left box that truncates it', () => {
    const { name, dir } = splitPath('.vscode/settings.json');
    assert.equal(name, 'settings.json');
    assert.equal(ltrIsolate(dir), '\u2066.vscode\u2069');
    assert.equal(ltrIsolate(''), '');
  });
});
