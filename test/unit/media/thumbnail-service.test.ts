import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { ThumbnailsRepo } from '../../../main/core/archive/thumbnails-repo.js';
import { createLogger } from '../../../main/core/log.js';
import { thumbnailPaths, ThumbnailService } from '../../../main/core/media/thumbnail-service.js';
import { removeUnreferencedThumbnails } from '../../../main/core/media/unreferenced-thumbnails.js';
import { archiveFixture, type ArchiveFixture } from './archive-fixture.js';
import { samplePhoto } from './sample-photos.js';

let fixture: ArchiveFixture;
afterEach(() => fixture?.cleanup());

function service(onSettled?: (shas: readonly string[]) => void): { service: ThumbnailService; repo: ThumbnailsRepo } {
  const repo = new ThumbnailsRepo(fixture.archive.db);
  return {
    repo,
    service: new ThumbnailService({ repo, archiveDir: fixture.archive.dir, now: () => 42, log: createLogger('test'), concurrency: 2, onSettled }),
  };
}

const rows = (): Record<string, unknown>[] =>
  fixture.archive.db.prepare('SELECT sha256, status, grid_path, preview_path, width, height, error FROM thumbnails ORDER BY sha256').all() as Record<string, unknown>[];

describe('ThumbnailService', () => {
  it('thumbnails every still of the archive in a repair pass, once per content hash, and records a bad file without stopping', async () => {
    fixture = archiveFixture();
    const cat = fixture.addPhoto({ id: 1n, userId: 7 }, samplePhoto('chelsea'))!;
    fixture.addPhoto({ id: 2n, userId: 8 }, samplePhoto('chelsea')); // the same bytes, another person
    const broken = fixture.addPhoto({ id: 3n, userId: 7 }, samplePhoto('coffee').subarray(0, 5000))!;
    const rocket = fixture.addPhoto({ id: 4n, userId: 7 }, samplePhoto('rocket'), Buffer.from('not really an mp4'))!;
    const settled: string[] = [];
    const { service: thumbs, repo } = service((shas) => settled.push(...shas));

    expect(await thumbs.repair()).toEqual({ made: 2, failed: 1 });

    expect(settled.sort()).toEqual([broken, cat, rocket].sort());
    const bySha = new Map(rows().map((r) => [r['sha256'], r]));
    expect(bySha.size).toBe(3); // no row for the video, one for the shared cat
    expect(bySha.get(broken)).toMatchObject({ status: 'failed', error: expect.stringMatching(/cut short/) });
    expect(bySha.get(rocket)).toMatchObject({ status: 'done', width: 480, height: 320, grid_path: thumbnailPaths(rocket).grid });
    for (const sha of [cat, rocket]) {
      const grid = await sharp(path.join(fixture.archive.dir, thumbnailPaths(sha).grid)).metadata();
      const preview = await sharp(path.join(fixture.archive.dir, thumbnailPaths(sha).preview)).metadata();
      expect([grid.format, preview.format]).toEqual(['webp', 'webp']);
    }
    expect(repo.photosOf(cat).sort()).toEqual([1n, 2n]);
    // Nothing left: a second pass does no work; no temporary files are left behind.
    expect(await thumbs.repair()).toEqual({ made: 0, failed: 0 });
    const leftovers = fs.readdirSync(path.join(fixture.archive.dir, 'thumbs'), { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
  });

  it('makes thumbnails of files that land after it started when poked, and not the ones already done', async () => {
    fixture = archiveFixture();
    fixture.addPhoto({ id: 1n, userId: 7 }, samplePhoto('astronaut'));
    const settled: string[][] = [];
    const { service: thumbs } = service((shas) => settled.push([...shas]));
    await thumbs.repair();
    const camera = fixture.addPhoto({ id: 2n, userId: 7 }, samplePhoto('camera'))!;
    thumbs.poke();
    thumbs.poke(); // a second poke while the first runs costs nothing extra
    await thumbs.idle();
    expect(settled.at(-1)).toEqual([camera]);
    expect(rows().map((r) => r['status'])).toEqual(['done', 'done']);
    await thumbs.close();
  });

  it('records a still whose file vanished from the disk as an error instead of failing the pass', async () => {
    fixture = archiveFixture();
    const sha = fixture.addPhoto({ id: 1n, userId: 7 }, samplePhoto('astronaut'))!;
    fs.rmSync(path.join(fixture.archive.dir, 'media', sha.slice(0, 2), `${sha}.jpg`));
    const { service: thumbs } = service();
    expect(await thumbs.repair()).toEqual({ made: 0, failed: 1 });
    expect(rows()[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/cannot be read: ENOENT/) });
  });

  it('makes a failed file a job again after forgetFailed', async () => {
    fixture = archiveFixture();
    fixture.addPhoto({ id: 1n, userId: 7 }, Buffer.from('not an image'));
    const { service: thumbs, repo } = service();
    expect(await thumbs.repair()).toEqual({ made: 0, failed: 1 });
    expect(repo.forgetFailed()).toBe(1);
    expect(await thumbs.repair()).toEqual({ made: 0, failed: 1 });
  });

  it('after a purge deletes the thumbnails no file has any more, keeping those another photo still shows', async () => {
    fixture = archiveFixture();
    const shared = fixture.addPhoto({ id: 1n, userId: 7 }, samplePhoto('chelsea'))!;
    fixture.addPhoto({ id: 2n, userId: 8 }, samplePhoto('chelsea')); // the same bytes, someone kept
    const own = fixture.addPhoto({ id: 3n, userId: 7 }, samplePhoto('coffee'))!;
    const failed = fixture.addPhoto({ id: 4n, userId: 7 }, Buffer.from('not an image'))!;
    const { service: thumbs, repo } = service();
    await thumbs.repair();
    const exists = (relative: string) => fs.existsSync(path.join(fixture.archive.dir, relative));
    expect(exists(thumbnailPaths(own).grid)).toBe(true);

    fixture.photos.purgeUser(7); // the files rows go with the photos (ON DELETE CASCADE)
    expect(await removeUnreferencedThumbnails(repo, fixture.archive.dir)).toBe(2);

    expect(rows().map((r) => r['sha256'])).toEqual([shared]);
    expect([exists(thumbnailPaths(own).grid), exists(thumbnailPaths(own).preview)]).toEqual([false, false]);
    expect([exists(thumbnailPaths(shared).grid), exists(thumbnailPaths(shared).preview)]).toEqual([true, true]);
    expect(rows().some((r) => r['sha256'] === failed)).toBe(false);
    // Nothing more to do the second time.
    expect(await removeUnreferencedThumbnails(repo, fixture.archive.dir)).toBe(0);
  });
});
