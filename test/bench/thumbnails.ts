/**
 * Bench: thumbnails per second of the app's ThumbnailService (grid WebP, preview WebP and
 * thumbhash per file, rows recorded) on ≥ 500 avatar-sized crops of real photographs,
 * against Debian's vipsthumbnail making the same two sizes from the same files in the same
 * run. Target: ≥ 0.9× vipsthumbnail. Skipped, saying so, where vipsthumbnail is missing.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { openArchive } from '../../main/core/archive/archive.js';
import { FilesRepo } from '../../main/core/archive/files-repo.js';
import { PhotosRepo } from '../../main/core/archive/photos-repo.js';
import { ThumbnailsRepo } from '../../main/core/archive/thumbnails-repo.js';
import { createLogger } from '../../main/core/log.js';
import { GRID_EDGE, PREVIEW_EDGE } from '../../main/core/media/image-repository.js';
import { ThumbnailService } from '../../main/core/media/thumbnail-service.js';
import { SAMPLE_PHOTO_DIR, SAMPLE_PHOTOS } from '../unit/media/sample-photos.js';

const run = promisify(execFile);

export interface ThumbnailBenchFigures {
  readonly files: number;
  readonly appPerSecond: number;
  readonly vipsPerSecond: number | null;
  readonly ratio: number | null;
  readonly skipped: string | null;
}

/** `count` different 640×640 JPEGs: square crops at varying places and sizes of the sample photographs. */
export async function avatarCrops(count: number, seed = 1): Promise<Buffer[]> {
  const sources = await Promise.all(SAMPLE_PHOTOS.map(async (name) => sharp(path.join(SAMPLE_PHOTO_DIR, `${name}.jpg`)).raw().toBuffer({ resolveWithObject: true })));
  let state = seed;
  const random = (): number => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const { data, info } = sources[i % sources.length]!;
    const edge = Math.floor(Math.min(info.width, info.height) * (0.45 + random() * 0.55));
    const left = Math.floor(random() * (info.width - edge));
    const top = Math.floor(random() * (info.height - edge));
    out.push(
      await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
        .extract({ left, top, width: edge, height: edge })
        .resize(640, 640)
        .jpeg({ quality: 87 })
        .toBuffer(),
    );
  }
  return out;
}

async function hasVipsthumbnail(): Promise<boolean> {
  try {
    await run('vipsthumbnail', ['--version']);
    return true;
  } catch {
    return false;
  }
}

export async function benchThumbnails(workDir: string, count = 500): Promise<ThumbnailBenchFigures> {
  const crops = await avatarCrops(count);
  const archive = openArchive(path.join(workDir, 'thumbs-archive'));
  const photos = new PhotosRepo(archive.db);
  const files = new FilesRepo(archive.db);
  const sourceDir = path.join(workDir, 'crops');
  fs.mkdirSync(sourceDir, { recursive: true });
  const sources: string[] = [];
  archive.db.transaction(() => {
    crops.forEach((bytes, i) => {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const relative = `media/${sha256.slice(0, 2)}/${sha256}.jpg`;
      fs.mkdirSync(path.dirname(path.join(archive.dir, relative)), { recursive: true });
      fs.writeFileSync(path.join(archive.dir, relative), bytes);
      sources.push(path.join(sourceDir, `${i}.jpg`));
      fs.writeFileSync(sources.at(-1)!, bytes);
      const id = BigInt(i + 1);
      photos.upsert(
        [{ id, userId: 1, kind: 'profile', accessHash: 1n, fileReference: new Uint8Array(1), date: 1_700_000_000 + i, dcId: 1, hasVideo: false, videoStartTs: null, emojiMarkup: null, stripped: null, wanted: [{ type: 'c', w: 640, h: 640, size: bytes.length, mime: 'image/jpeg' }] }],
        1,
        null,
      );
      files.record({ photoId: id, sizeType: 'c', width: 640, height: 640, bytes: bytes.length, sha256, mime: 'image/jpeg', path: relative, downloadedAt: 1 });
    });
  })();

  const service = new ThumbnailService({ repo: new ThumbnailsRepo(archive.db), archiveDir: archive.dir, now: Date.now, log: createLogger('bench') });
  const started = performance.now();
  const result = await service.repair();
  const appSeconds = (performance.now() - started) / 1000;
  archive.close();
  if (result.made !== count) throw new Error(`thumbnail bench: made ${result.made} of ${count} (${result.failed} failed)`);
  const appPerSecond = count / appSeconds;

  if (!(await hasVipsthumbnail())) {
    const skipped = 'vipsthumbnail not found (Debian: apt-get install libvips-tools); comparison skipped';
    console.log(`thumbnails: app ${appPerSecond.toFixed(1)}/s; ${skipped}`);
    return { files: count, appPerSecond, vipsPerSecond: null, ratio: null, skipped };
  }
  // The same two sizes from the same files: the grid thumbnail and the preview (never enlarged), WebP at the app's quality.
  const out = path.join(workDir, 'vips-out');
  fs.mkdirSync(out, { recursive: true });
  const vipsStarted = performance.now();
  for (const [edge, suffix] of [[GRID_EDGE, 'grid'], [PREVIEW_EDGE, 'preview']] as const) {
    for (let i = 0; i < sources.length; i += 100) {
      await run('vipsthumbnail', ['--size', `${edge}x${edge}>`, '-o', `${out}/%s-${suffix}.webp[Q=82,effort=2]`, ...sources.slice(i, i + 100)]);
    }
  }
  const vipsPerSecond = count / ((performance.now() - vipsStarted) / 1000);
  return { files: count, appPerSecond, vipsPerSecond, ratio: appPerSecond / vipsPerSecond, skipped: null };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-thumbs-'));
  benchThumbnails(work)
    .then((figures) => console.log(JSON.stringify(figures, null, 2)))
    .finally(() => fs.rmSync(work, { recursive: true, force: true }));
}
