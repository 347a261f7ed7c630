// How the offline host gets the Debian packages it needs on a fresh machine: installed by itself
// as root or through passwordless sudo, otherwise a stop with the one command to run.
import * as assert from 'node:assert/strict';
import { planInstall } from '../host/systemPackages';

describe('host provisioning: Debian packages', () => {
  const missing = ['chromium', 'libkrb5-dev', 'pkg-config'];

  it('does nothing when nothing is missing', () => {
    assert.deepEqual(planInstall([], { apt: true, root: false, passwordlessSudo: false }), { kind: 'nothing' });
  });

  it('installs as root with apt-get update first, non-interactively', () => {
    const plan = planInstall(missing, { apt: true, root: true, passwordlessSudo: false });
    assert.equal(plan.kind, 'install');
    assert.deepEqual(plan.kind === 'install' && plan.steps, [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium', 'libkrb5-dev', 'pkg-config'],
    ]);
  });

  it('installs through sudo -n when sudo needs no password', () => {
    const plan = planInstall(['chromium'], { apt: true, root: false, passwordlessSudo: true });
    assert.equal(plan.kind, 'install');
    assert.ok(plan.kind === 'install' && plan.steps.every((s) => s[0] === 'sudo' && s[1] === '-n'));
  });

  it('stops with the one command to run when it cannot install', () => {
    const plan = planInstall(['chromium', 'pkg-config'], { apt: true, root: false, passwordlessSudo: false });
    assert.equal(plan.kind, 'manual');
    assert.equal(plan.kind === 'manual' && plan.command, 'sudo apt-get update && sudo apt-get install -y chromium pkg-config');
  });

  it('says so on a system without apt-get, even as root', () => {
    const plan = planInstall(['chromium'], { apt: false, root: true, passwordlessSudo: true });
    assert.equal(plan.kind, 'manual');
    assert.match(plan.kind === 'manual' ? plan.why : '', /not a Debian-based system/);
  });
});
