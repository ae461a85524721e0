/**
 * "A week later": the world changes (new photos, removed photos, a renamed
 * user, a hidden history, a deleted account), then an ordinary run and a deep
 * scan record exactly those changes and keep what disappeared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { ACCOUNT, addTargets, archivedPhotos, expectArchiveExact, loggedInHost, SMALL_WORLD, syncOnce, TARGETS, tempDir, type SyncTestHost } from './support.js';

describe('a week later: incremental and deep-scan runs', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;
  const removedIds: string[] = [];
  const hiddenIds: string[] = [];
  const newIds: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD });
    t = await loggedInHost(sandbox, tempDir());
    await addTargets(t.host, TARGETS, sandbox);
    const first = await syncOnce(t.host);
    expect(first.status).toBe('done');
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('a no-change resync costs one users.getUsers (plus one listing for the target showing a personal photo)', async () => {
    sandbox.control.resetMetrics();
    const run = await syncOnce(t.host);
    expect(run.status).toBe('done');
    const m = sandbox.control.metrics().requestsByMethod;
    expect(m['users.GetUsers']).toBe(1);
    expect(m['upload.GetFile'] ?? 0).toBe(0);
    expect(m['photos.GetUserPhotos'] ?? 0).toBeLessThanOrEqual(1); // Alice shows a personal photo
    expect(run.requests['users.GetUsers']).toBe(1);
  });

  it('records new photos, the rename, the hidden history and the deleted account; keeps everything', async () => {
    const c = sandbox.control;
    newIds.push((await c.addPhoto(5001, { kind: 'video' })).id, (await c.addPhoto(5001)).id, (await c.addPhoto(5002, { dc: 3 })).id);
    const bobOld = sandbox.world.user(5002)!.photos.filter((p) => !p.removed);
    removedIds.push(bobOld[5]!.id, bobOld[120]!.id);
    for (const id of removedIds) c.removePhoto(5002, id);
    c.renameUser(5001, { firstName: 'Alicia', username: 'alicia_archer' });
    c.setBio(5001, 'Alpinist');
    hiddenIds.push(...sandbox.world.user(5003)!.photos.map((p) => p.id));
    c.hideHistory(5003, ACCOUNT);
    const dan = sandbox.world.user(5004)!;
    const danPhotos = [dan.photos[0]!.id, dan.fallbackPhoto!.id];
    c.deleteAccount(5004);

    sandbox.control.resetMetrics();
    const run = await syncOnce(t.host);
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.photosFound).toBe(3);

    const photos = archivedPhotos(t.host);
    for (const id of newIds) expect(Number(photos.get(id)?.files_complete)).toBe(1);
    // Removal is only decided by a deep scan; the ordinary run does not touch them.
    for (const id of removedIds) expect(photos.get(id)?.removed_at).toBeNull();
    // Carol's photo vanished from user.photo: a deep scan ran at once and found an empty history.
    for (const id of hiddenIds) {
      expect(photos.get(id)?.hidden_since, `hidden ${id}`).not.toBeNull();
      expect(photos.get(id)?.removed_at).toBeNull();
    }
    // Dan's account is gone; his photos stay, neither removed nor hidden.
    for (const id of danPhotos) expect(photos.get(id)).toMatchObject({ removed_at: null, hidden_since: null });
    expect(t.host.sync.repos.state.get(5004)?.status).toBe('deleted');

    const snapshots = t.host.sync.repos.snapshots.history(5001);
    expect(snapshots.map((s) => [s.firstName, s.username, s.bio])).toEqual([
      ['Alice', 'alice_archer', 'Climber'],
      ['Alicia', 'alicia_archer', 'Alpinist'],
    ]);
    expect(t.host.repos.targets.get(5001)).toMatchObject({ firstName: 'Alicia', username: 'alicia_archer' });
    expect(t.host.repos.targets.get(5004)?.firstName).toBe('Dan');
    expect(t.host.sync.repos.snapshots.latest(5004)?.deleted).toBe(true);
  });

  it('the deep scan marks exactly the removed photos and keeps them with their files', async () => {
    const run = await syncOnce(t.host, { deep: true });
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.photosRemoved).toBe(removedIds.length);
    const photos = archivedPhotos(t.host);
    const removed = [...photos.values()].filter((p) => p.removed_at !== null).map((p) => p.id.toString());
    expect(removed.sort()).toEqual([...removedIds].sort());
    for (const id of hiddenIds) expect(photos.get(id)?.hidden_since).not.toBeNull();
    // Everyone visible is exact; the removed and the hidden photos are kept with their files.
    expectArchiveExact(t.host, sandbox, [5001, 5002, 5003, 5004], {
      alsoKept: [...removedIds, ...hiddenIds, ...[...photos.values()].filter((p) => Number(p.user_id) === 5004).map((p) => p.id.toString())],
    });
  });

  it('a history shown again clears the hidden marks', async () => {
    sandbox.control.showHistory(5003, ACCOUNT);
    const run = await syncOnce(t.host);
    expect(run.status).toBe('done');
    const photos = archivedPhotos(t.host);
    for (const id of hiddenIds) expect(photos.get(id)?.hidden_since).toBeNull();
  });
});
