import * as assert from 'node:assert/strict';
import { Checkpoint } from '../../src/chat/checkpoint';
import { MemoryFs } from './fakes/memoryFs';

/** A run that edited a.txt, created new.txt and deleted old.txt, as the approver records them. */
function runOn(fs: MemoryFs): Checkpoint {
  const checkpoint = new Checkpoint();
  const changes = [
    { id: '1', path: 'a.txt', before: 'original', after: 'edited once' },
    { id: '2', path: 'a.txt', before: 'edited once', after: 'edited twice' },
    { id: '3', path: 'new.txt', before: undefined, after: 'created' },
    { id: '4', path: 'old.txt', before: 'to be deleted', after: undefined },
  ];
  for (const c of changes) {
    if (c.after === undefined) fs.files.delete(c.path);
    else fs.put(c.path, c.after);
    checkpoint.record(c);
  }
  return checkpoint;
}

describe('Checkpoint (Revert this run)', () => {
  it('restores edited, created and deleted files', async () => {
    const fs = new MemoryFs({ 'a.txt': 'original', 'old.txt': 'to be deleted', 'other.txt': 'untouched' });
    const checkpoint = runOn(fs);
    assert.deepEqual(await checkpoint.revert(fs), []);
    assert.deepEqual(fs.snapshot(), { 'a.txt': 'original', 'old.txt': 'to be deleted', 'other.txt': 'untouched' });
    assert.equal(checkpoint.isEmpty, true);
  });

  it('leaves a file changed since the run alone, names it, and restores the rest', async () => {
    const fs = new MemoryFs({ 'a.txt': 'original', 'old.txt': 'to be deleted' });
    const checkpoint = runOn(fs);
    fs.put('a.txt', 'edited twice, then by the user');
    fs.put('old.txt', 'recreated by the user');
    const problems = await checkpoint.revert(fs);
    assert.deepEqual(problems, ['a.txt: changed since the run, so it was left as it is', 'old.txt: changed since the run, so it was left as it is']);
    assert.deepEqual(fs.snapshot(), { 'a.txt': 'edited twice, then by the user', 'old.txt': 'recreated by the user' });
    assert.deepEqual(checkpoint.paths, ['a.txt', 'old.txt'], 'what was not restored stays recorded');
  });
});
