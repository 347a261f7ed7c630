import * as assert from 'node:assert/strict';
import { AcceptanceTracker } from '../../src/complete/acceptance';
import { mayComplete, type GateInput } from '../../src/complete/gate';

const base: GateInput = { enabled: true, snoozedUntil: 0, now: 1000, languageId: 'typescript', languages: { '*': true }, trusted: true, allowInRestrictedMode: false, sensitive: false, hidden: false };

describe('complete: when completions are offered', () => {
  it('offers them in a trusted workspace for an ordinary file', () => {
    assert.deepEqual(mayComplete(base), { ok: true });
  });

  it('never for secret or ignored files, nor when off or snoozed', () => {
    assert.deepEqual(mayComplete({ ...base, sensitive: true }), { ok: false, reason: 'sensitive' });
    assert.deepEqual(mayComplete({ ...base, hidden: true }), { ok: false, reason: 'ignored' });
    assert.deepEqual(mayComplete({ ...base, enabled: false }), { ok: false, reason: 'off' });
    assert.deepEqual(mayComplete({ ...base, snoozedUntil: 2000 }), { ok: false, reason: 'snoozed' });
    assert.deepEqual(mayComplete({ ...base, snoozedUntil: 999 }), { ok: true });
  });

  it('never in Restricted Mode unless the user allows it', () => {
    assert.deepEqual(mayComplete({ ...base, trusted: false }), { ok: false, reason: 'restricted' });
    assert.deepEqual(mayComplete({ ...base, trusted: false, allowInRestrictedMode: true }), { ok: true });
    assert.deepEqual(mayComplete({ ...base, trusted: false, allowInRestrictedMode: true, sensitive: true }), { ok: false, reason: 'sensitive' });
  });

  it('follows the per-language setting, `*` for the rest', () => {
    assert.deepEqual(mayComplete({ ...base, languages: { '*': true, markdown: false }, languageId: 'markdown' }), { ok: false, reason: 'language' });
    assert.deepEqual(mayComplete({ ...base, languages: { '*': false, python: true }, languageId: 'python' }), { ok: true });
    assert.deepEqual(mayComplete({ ...base, languages: { '*': false } }), { ok: false, reason: 'language' });
  });
});

describe('complete: acceptance counted locally', () => {
  it('counts an accepted suggestion once, however often its rest was shown while typing through', () => {
    const decided: boolean[] = [];
    const t = new AcceptanceTracker((a) => decided.push(a));
    t.shown(1, 0);
    t.shown(1, 300);
    t.accepted(1, 600);
    t.accepted(1, 700);
    assert.deepEqual(t.stats, { shown: 1, accepted: 1, rejected: 0 });
    assert.deepEqual(decided, [true]);
  });

  it('does not count a suggestion visible under 250 ms', () => {
    const t = new AcceptanceTracker();
    t.shown(1, 0);
    t.shown(2, 100);
    t.settle(60_000);
    assert.deepEqual(t.stats, { shown: 1, accepted: 0, rejected: 1 });
  });

  it('rejects a suggestion not accepted within 10 s, and it can no longer be accepted', () => {
    const decided: boolean[] = [];
    const t = new AcceptanceTracker((a) => decided.push(a));
    t.shown(1, 0);
    t.hidden(400);
    t.settle(9_999);
    assert.deepEqual(t.stats, { shown: 0, accepted: 0, rejected: 0 });
    t.settle(10_000);
    t.accepted(1, 10_001);
    assert.deepEqual(t.stats, { shown: 1, accepted: 0, rejected: 1 });
    assert.deepEqual(decided, [false]);
  });
});
