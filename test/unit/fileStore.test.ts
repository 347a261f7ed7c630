import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStateStore } from '../../src/vscode/fileStore';

describe('FileStateStore (saved chats)', () => {
  let dir = '';
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'store-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is on disk once an update resolves, and a new instance reads it back', async () => {
    const file = join(dir, 'ws', 'chats.json');
    const store = new FileStateStore(file);
    assert.equal(store.get('chats'), undefined);
    await store.update('chats', [{ id: 'a' }]);
    assert.deepEqual(new FileStateStore(file).get('chats'), [{ id: 'a' }]);
  });

  it('keeps the newest of overlapping updates and leaves no temporary file', async () => {
    const file = join(dir, 'chats.json');
    const store = new FileStateStore(file);
    await Promise.all([1, 2, 3, 4, 5].map((n) => store.update('n', n)));
    assert.equal(new FileStateStore(file).get('n'), 5);
    assert.deepEqual(readdirSync(dir), ['chats.json']);
  });

  it('starts empty from a corrupt file instead of failing', () => {
    const file = join(dir, 'chats.json');
    writeFileSync(file, '{"chats": [tru');
    assert.equal(new FileStateStore(file).get('chats'), undefined);
  });
});
