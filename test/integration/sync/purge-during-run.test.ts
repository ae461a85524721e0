/**
 * Removing a person with purge while a run works on them: whether their listing
 * or their downloads are in flight, the run skips them and nothing of them is
 * left (photo rows, file rows, files, sync state, identity snapshots); the other
 * targets are archived exactly, and removing them again is not an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../main/host.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { until } from '../accounts/support.js';
import { addTargets, expectArchiveExact, expectNoOrphans, loggedInHost, SMALL_WORLD, tempDir, type SyncTestHost } from './support.js';

const BOB = 5002;
const CAROL = 5003;
const DAN = 5004;

function leftOf(host: Host, userId: number): Record<string, number> {
  const count = (sql: string): number => (host.archive.db.prepare(sql).get(userId) as { n: number }).n;
  return {
    photos: count('SELECT count(*) AS n FROM photos WHERE user_id = ?'),
    files: count('SELECT count(*) AS n FROM files f JOIN photos p ON p.id = f.photo_id WHERE p.user_id = ?'),
    state: count('SELECT count(*) AS n FROM sync_state WHERE user_id = ?'),
    snapshots: count('SELECT count(*) AS n FROM user_snapshots WHERE user_id = ?'),
    targets: count('SELECT count(*) AS n FROM targets WHERE user_id = ?'),
  };
}
const NOTHING = { photos: 0, files: 0, state: 0, snapshots: 0, targets: 0 };

describe('purge during a run', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;

  beforeAll(async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('while their listing is in flight: the page is dropped, the run goes on without an error', async () => {
    t = await loggedInHost(sandbox, tempDir());
    await addTargets(t.host, [BOB, CAROL], sandbox);
    sandbox.control.holdRequests('photos.GetUserPhotos');
    const run = await t.host.sync.service.start();
    await until(() => sandbox.control.heldRequests().held === 2);
    const purged = await t.host.dispatch('targets.remove', { userId: BOB, purge: true });
    expect(purged).toMatchObject({ ok: true, value: { removed: true } });
    sandbox.control.resetFaults();
    const done = await run.done;
    expect(done).toMatchObject({ status: 'done', errors: 0 });
    expect(leftOf(t.host, BOB)).toEqual(NOTHING);
    expectArchiveExact(t.host, sandbox, [CAROL]);
    await t.close();
  });

  it('while their downloads are in flight: files landing after the purge are removed with their rows', async () => {
    t = await loggedInHost(sandbox, tempDir());
    await addTargets(t.host, [BOB, DAN], sandbox);
    // A few files land, the rest wait in flight while the purge happens.
    sandbox.control.holdRequests('upload.GetFile', { pass: 5 });
    const run = await t.host.sync.service.start({ userIds: [BOB] });
    await until(() => sandbox.control.heldRequests().held > 0 && leftOf(t.host, BOB).photos === 130);
    const purged = await t.host.dispatch('targets.remove', { userId: BOB, purge: true });
    expect(purged).toMatchObject({ ok: true, value: { removed: true, photosPurged: 130 } });
    sandbox.control.resetFaults();
    expect((await run.done).status).toBe('done');
    expect(leftOf(t.host, BOB)).toEqual(NOTHING);
    expectNoOrphans(t.host);

    const again = await t.host.dispatch('targets.remove', { userId: BOB, purge: true });
    expect(again).toEqual({ ok: true, value: { removed: false, photosPurged: 0, filesDeleted: 0 } });
    await expect((await t.host.sync.service.start()).done).resolves.toMatchObject({ status: 'done', errors: 0 });
  });
});
