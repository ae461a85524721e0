import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { addTargets, expectArchiveExact, loggedInHost, SMALL_WORLD, syncOnce, TARGETS, tempDir, type SyncTestHost } from './support.js';

describe('full backfill against the sandbox', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;

  beforeAll(async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD });
    t = await loggedInHost(sandbox, tempDir());
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('archives every photo of every kind with the exact bytes', async () => {
    await addTargets(t.host, TARGETS, sandbox);
    sandbox.control.resetMetrics();
    const run = await syncOnce(t.host);
    expect(run.status, run.error ?? '').toBe('done');
    expectArchiveExact(t.host, sandbox, TARGETS);
    // One users.getUsers for all targets, one getFile per file (all under 1 MiB), a listing page
    // per 100 photos (Bob has 130), getFullUser once per target on a first sync.
    const files = (t.host.archive.db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
    const m = sandbox.control.metrics().requestsByMethod;
    expect(m['upload.GetFile']).toBe(files);
    expect(m['users.GetUsers']).toBe(1);
    expect(m['photos.GetUserPhotos']).toBe(TARGETS.length + 1);
    expect(m['users.GetFullUser']).toBe(TARGETS.length);
    expect(run.requests).toMatchObject({ 'upload.GetFile': files, 'users.GetUsers': 1 });
  });
});
