/** Verify, slowly, in the background: a slice of files after each scheduled run, on a real archive with real files. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SettingsRepo } from '../../../main/core/archive/settings-repo.js';
import { TargetsRepo } from '../../../main/core/archive/targets-repo.js';
import { FileStore } from '../../../main/core/media/file-store.js';
import { BackgroundVerify } from '../../../main/core/schedule/background-verify.js';
import { verifySlice } from '../../../main/core/sync/verify.js';
import { archiveFixture, type ArchiveFixture } from '../media/archive-fixture.js';

let fixture: ArchiveFixture | null = null;
afterEach(() => {
  fixture?.cleanup();
  fixture = null;
});

function archiveWithDamage() {
  const f = (fixture = archiveFixture());
  new TargetsRepo(f.archive.db).upsert({ userId: 7, accountId: null, accessHash: null, firstName: 'Ann', lastName: '', username: null }, 1);
  // Five photos of a target, one of someone no longer archived (Telegram will not serve it to us again).
  const shas = [1, 2, 3, 4, 5].map((i) => f.addPhoto({ id: BigInt(i), userId: 7 }, Buffer.from(`still ${i}`))!);
  const gone = f.addPhoto({ id: 80n, userId: 8 }, Buffer.from('still of 8'))!;
  const file = (sha: string) => path.join(f.archive.dir, `media/${sha.slice(0, 2)}/${sha}.jpg`);
  fs.writeFileSync(file(shas[1]!), 'junk'); // damaged, refetchable
  fs.rmSync(file(gone)); // missing, lost
  const store = new FileStore(f.archive.dir);
  const settings = new SettingsRepo(f.archive.db);
  const warnings: string[] = [];
  const log = { error: () => undefined, warn: (message: string) => void warnings.push(message), info: () => undefined, debug: () => undefined };
  const verify = new BackgroundVerify({ settings, slice: (after, n) => verifySlice({ db: f.archive.db, files: f.files, store }, after, n), now: () => 1234, log, filesPerSlice: 2 });
  return { f, shas, gone, file, verify, warnings };
}

describe('background verify', () => {
  it('reads the archive a slice per finished run, forgets damaged files for the next run to fetch, keeps and reports the lost', async () => {
    const { f, shas, gone, file, verify, warnings } = archiveWithDamage();
    const sorted = [...shas, gone].sort();
    const cursors: string[] = [];
    for (let i = 0; i < 4; i++) {
      verify.afterRun({ status: 'done' });
      await verify.settled();
      cursors.push(verify.state().next);
    }
    // Two files per slice, in hash order; the fourth finds nothing left and starts over.
    expect(cursors).toEqual([sorted[1], sorted[3], sorted[5], '']);
    // The damaged file of a target's photo: its bytes deleted, its row forgotten, the photo pending again.
    expect(fs.existsSync(file(shas[1]!))).toBe(false);
    expect(f.files.toVerify().map((r) => r.sha256)).not.toContain(shas[1]);
    expect(f.photos.counts().pending).toBe(1);
    // The file Telegram no longer has for us: reported as lost, its row kept.
    expect(verify.state()).toMatchObject({ checkedAt: 1234, lost: [expect.objectContaining({ photoId: '80', problem: 'missing' })] });
    expect(f.files.toVerify().map((r) => r.sha256)).toContain(gone);
    expect(warnings.toSorted()).toEqual([expect.stringMatching(/fetched again by the next run/), expect.stringMatching(/files lost/)]);
  });

  it('verifies nothing after a run that did not finish', async () => {
    const { verify } = archiveWithDamage();
    verify.afterRun({ status: 'failed' });
    verify.afterRun({ status: 'cancelled' });
    await verify.settled();
    expect(verify.state()).toEqual({ next: '', checkedAt: null, lost: [] });
  });
});
