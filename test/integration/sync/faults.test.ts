/**
 * Faults end in a complete archive: FLOOD_WAIT storms (queued and from a rate
 * limit) pause the method and are never counted as failures, expired file
 * references are refreshed with the single-photo getUserPhotos, FILE_MIGRATE
 * moves a download to another DC, and dropped connections are survived.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import type { SyncProgress } from '../../../preload/contract/sync.js';
import { addTargets, expectArchiveExact, loggedInHost, SMALL_WORLD, syncOnce, TARGETS, tempDir, type SyncTestHost } from './support.js';

describe('faults end in a complete archive', () => {
  let sandbox: Sandbox;
  const hosts: SyncTestHost[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD });
  });
  afterEach(async () => {
    sandbox.control.resetFaults();
    for (const h of hosts.splice(0)) await h.close();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('FLOOD_WAIT storms pause the method, show in progress, and are not failures', async () => {
    const t = await loggedInHost(sandbox, tempDir());
    hosts.push(t);
    await addTargets(t.host, TARGETS, sandbox);
    const progress: SyncProgress[] = [];
    t.host.events.subscribe((name, payload) => {
      if (name === 'sync.progress') progress.push(payload as SyncProgress);
    });
    const c = sandbox.control;
    // 3 s, so the progress event that follows it (throttled, ≤ 250 ms later) shows it even on a stalled machine.
    c.queueError('users.GetUsers', 'FLOOD_WAIT_3');
    c.queueError('photos.GetUserPhotos', 'FLOOD_WAIT_1', { times: 2 });
    c.setRateLimit('upload.GetFile', { perSecond: 60, burst: 20 });
    c.resetMetrics();

    const run = await syncOnce(t.host);
    expect(run.status, run.error ?? '').toBe('done');
    expect(run.errors).toBe(0);
    expect(run.floodWaits).toBeGreaterThan(1);
    expect(progress.some((p) => p.floodWait !== null), 'a flood wait shown in progress').toBe(true);
    // The queued ones; the rate limit adds FLOOD_WAIT_1s only when the machine is fast enough to hit it.
    expect(c.metrics().errorsSent['FLOOD_WAIT_3']).toBe(1);
    expect(c.metrics().errorsSent['FLOOD_WAIT_1']).toBeGreaterThanOrEqual(2);
    expectArchiveExact(t.host, sandbox, TARGETS);
  });

  it('expired references, FILE_MIGRATE, TIMEOUT and dropped connections end complete', async () => {
    // A request lost with a dropped connection is given up on after ~2 s (30 s in the app).
    const t = await loggedInHost(sandbox, tempDir(), { syncOptions: { requestTimeoutMs: 2000, minBytesPerSecond: 1024 * 1024 } });
    hosts.push(t);
    await addTargets(t.host, TARGETS, sandbox);
    const c = sandbox.control;

    // 1. List everything but let no download succeed: the photos wait in the archive.
    c.queueError('upload.GetFile', 'FILE_ID_INVALID', { times: 100_000 });
    const listed = await syncOnce(t.host);
    expect(listed.status).toBe('done');
    expect(listed.filesDownloaded).toBe(0);
    c.clearErrors();

    // 2. The references we hold go stale for a share of the users.
    c.rotateFileReferences(5002);
    c.rotateFileReferences(5001);
    c.queueError('upload.GetFile', 'FILE_MIGRATE_3', { dcId: 1, times: 3 });
    c.queueError('upload.GetFile', 'TIMEOUT', { times: 2 });
    c.resetMetrics();
    const started = await t.host.sync.service.start();
    // Four drops in the middle of the downloads, on progress rather than on a clock: at the
    // 10th, 25th, 40th and 55th file request of some 150.
    const dropAt = [10, 25, 40, 55];
    let drops = 0;
    const dropper = setInterval(() => {
      if (drops < dropAt.length && (c.metrics().requestsByMethod['upload.GetFile'] ?? 0) >= dropAt[drops]!) {
        drops++;
        c.dropConnections();
      }
    }, 10);
    const run = await started.done.finally(() => clearInterval(dropper));
    expect(run.status, run.error ?? '').toBe('done');
    expect(drops).toBe(dropAt.length);
    const m = c.metrics();
    // One refresh per photo of the rotated users (its files share it), with offset -1 / max_id / limit 1.
    expect(m.requestsByMethod['photos.GetUserPhotos']).toBeGreaterThanOrEqual(100);
    expect(m.errorsSent['FILE_REFERENCE_EXPIRED']).toBeGreaterThan(0);
    expect(m.requestsByMethodAndDc['upload.GetFile@3']).toBeGreaterThan(0);
    expectArchiveExact(t.host, sandbox, TARGETS);
  });
});
