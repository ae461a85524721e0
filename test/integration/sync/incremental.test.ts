/**
 * The incremental path records what the data it fetched already shows, without
 * waiting for the weekly deep scan: a history hidden from us, for someone shown
 * with the personal photo we set (whose user.photo says nothing about their
 * profile), and a bio-only change once the profile details are a few days old.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { addTargets, archivedPhotos, loggedInHost, numberedPhotos, syncOnce, type SyncTestHost, tempDir } from './support.js';

const ACCOUNT = 1000;
const PIA = 5001;
const BEA = 5002;
const DAY = 86_400_000;
const WORLD: WorldFileInput = {
  version: 1,
  seed: 61,
  dcs: [1, 2],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Ivy' }],
  users: [
    { id: PIA, firstName: 'Pia', username: 'pia_personal', dc: 1, contactOf: [ACCOUNT], photos: numberedPhotos(PIA, 3), personalPhoto: { id: String(PIA * 1_000_000 + 50), date: 1_650_000_000 } },
    { id: BEA, firstName: 'Bea', username: 'bea_bio', dc: 2, bio: 'Before', photos: numberedPhotos(BEA, 2) },
  ],
};

describe('the incremental path', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;
  let now = Date.now();

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    t = await loggedInHost(sandbox, tempDir(), { clock: { now: () => now } });
    await addTargets(t.host, [PIA, BEA], sandbox);
    expect(await syncOnce(t.host)).toMatchObject({ status: 'done', errors: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('records a history hidden from us for someone shown with a personal photo, without a deep scan', async () => {
    sandbox.control.hideHistory(PIA, ACCOUNT);
    now += DAY;
    const run = await syncOnce(t.host);
    expect(run).toMatchObject({ status: 'done', errors: 0 });
    expect(run.requests['photos.GetUserPhotos']).toBe(1); // Pia's incremental check, one page
    const pia = [...archivedPhotos(t.host).values()].filter((p) => Number(p.user_id) === PIA);
    expect(pia.filter((p) => p.kind === 'profile').map((p) => [p.hidden_since !== null, p.removed_at])).toEqual([
      [true, null],
      [true, null],
      [true, null],
    ]);
    expect(t.host.sync.repos.state.get(PIA)?.hiddenSince).toBe(now);

    // Visible again: the marks go.
    sandbox.control.showHistory(PIA, ACCOUNT);
    now += DAY;
    expect(await syncOnce(t.host)).toMatchObject({ status: 'done', errors: 0 });
    expect([...archivedPhotos(t.host).values()].filter((p) => Number(p.user_id) === PIA && p.hidden_since !== null)).toEqual([]);
    expect(t.host.sync.repos.state.get(PIA)?.hiddenSince).toBeNull();
  });

  it('picks up a bio-only change once the profile details are a few days old, long before the deep scan', async () => {
    sandbox.control.setBio(BEA, 'After');
    now += DAY / 2;
    await syncOnce(t.host);
    expect(t.host.sync.repos.snapshots.latest(BEA)?.bio).toBe('Before'); // nothing showed it yet
    now += 3 * DAY;
    const run = await syncOnce(t.host);
    expect(run).toMatchObject({ status: 'done', errors: 0 });
    expect(run.requests['photos.GetUserPhotos'] ?? 0).toBe(1); // Pia's (personal photo) check only: no deep scan
    expect(t.host.sync.repos.snapshots.latest(BEA)?.bio).toBe('After');
  });
});
