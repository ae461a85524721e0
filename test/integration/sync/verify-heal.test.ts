/**
 * Verify and heal against the sandbox with real damage: junk bytes written into a
 * media file, a file deleted, and a removed photo's file damaged. Verify finds
 * all three; the two Telegram still serves are fetched again (bytes equal to the
 * world's), the removed one is reported lost and kept, never dropped.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../main/host.js';
import type { RequestOutput } from '../../../preload/contract.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { addTargets, loggedInHost, SMALL_WORLD, syncOnce, tempDir, type SyncTestHost } from './support.js';

const ALICE = 5001;
const CAROL = 5003;

function fileOf(host: Host, photoId: string, sizeType = 'c'): { path: string; sha256: string } {
  return host.archive.db.prepare('SELECT path, sha256 FROM files WHERE photo_id = ? AND size_type = ?').get(BigInt(photoId), sizeType) as { path: string; sha256: string };
}
const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('verify and heal', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;

  beforeAll(async () => {
    sandbox = await startSandbox({ world: SMALL_WORLD });
    t = await loggedInHost(sandbox, tempDir());
    await addTargets(t.host, [ALICE, CAROL], sandbox);
    expect(await syncOnce(t.host)).toMatchObject({ status: 'done', errors: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('finds junk bytes and a missing file, fetches both again, and reports a damaged removed photo as lost', async () => {
    const { host } = t;
    const clean = await host.dispatch('archive.verify', { heal: false });
    expect(clean).toMatchObject({ ok: true, value: { databaseProblem: null, problems: [], filesChecked: expect.any(Number) } });

    // Carol removes her older photo; a deep scan records it as removed (kept in the archive).
    const [newest, older] = sandbox.world.listedPhotos(CAROL, 1000).map((p) => p.id);
    sandbox.control.removePhoto(CAROL, older!);
    expect(await syncOnce(host, { userIds: [CAROL], deep: true })).toMatchObject({ status: 'done', photosRemoved: 1 });

    const junk = fileOf(host, sandbox.world.listedPhotos(ALICE, 1000)[0]!.id);
    const gone = fileOf(host, newest!);
    const removed = fileOf(host, older!);
    const abs = (p: string): string => path.join(host.archive.dir, p);
    const fd = fs.openSync(abs(junk.path), 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0x5a), 0, 64, 100);
    fs.closeSync(fd);
    fs.rmSync(abs(gone.path));
    fs.writeFileSync(abs(removed.path), 'not a jpeg any more');

    const report = await host.dispatch('archive.verify', { heal: true });
    if (!report.ok) throw new Error(report.error.message);
    const r = report.value as RequestOutput<'archive.verify'>;
    expect(r.databaseProblem).toBeNull();
    expect(r.problems.map((p) => [p.path, p.problem]).sort()).toEqual(
      [
        [junk.path, 'damaged'],
        [gone.path, 'missing'],
        [removed.path, 'damaged'],
      ].sort(),
    );
    expect(r.healed.map((p) => p.path).sort()).toEqual([junk.path, gone.path].sort());
    expect(r.lost).toEqual([expect.objectContaining({ photoId: older, path: removed.path, problem: 'damaged' })]);
    expect(r.pending).toEqual([]);
    expect(r.healRunId).toEqual(expect.any(Number));

    expect(sha(abs(junk.path))).toBe(junk.sha256);
    expect(sha(abs(gone.path))).toBe(gone.sha256);
    // The lost photo keeps its row and its (damaged) file: reported, not dropped.
    expect(fileOf(host, older!)).toEqual(removed);
    expect(fs.readFileSync(abs(removed.path), 'utf8')).toBe('not a jpeg any more');

    const again = await host.dispatch('archive.verify', { heal: false });
    expect(again.ok && (again.value as RequestOutput<'archive.verify'>).problems.map((p) => p.photoId)).toEqual([older]);
  });
});
