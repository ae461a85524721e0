/**
 * The export part of `npm run bench` (also alone: `npx tsx test/bench/export.ts [--photos N] [--metadata-photos N]`):
 *  - 10,000 photos exported as hard links, against `cp -al` of the same files in the same run (target: within 2x;
 *    each side three times in alternating order, medians compared);
 *  - a re-run with nothing new (what an auto-export after each archive run costs);
 *  - copies with the date and the person written into the files (ExifTool), in files per second.
 * The archive is built directly (real JPEGs, real rows), not synced: this measures the export alone.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import type { ExportSettings } from '../../preload/contract/export.js';
import { openArchive } from '../../main/core/archive/archive.js';
import { ExportRepo } from '../../main/core/archive/export-repo.js';
import { FilesRepo } from '../../main/core/archive/files-repo.js';
import { PhotosRepo, type PhotoRecord } from '../../main/core/archive/photos-repo.js';
import { ExportRun } from '../../main/core/export/exporter.js';
import { createMetadataWriter } from '../../main/core/export/metadata-writer.js';

export interface ExportBenchFigures {
  readonly photos: number;
  readonly hardlinkMs: number;
  readonly cpAlMs: number;
  /** Each round's times, in the order run. */
  readonly rounds: { readonly hardlinkMs: readonly number[]; readonly cpAlMs: readonly number[] };
  readonly ratio: number;
  readonly rerunMs: number;
  readonly metadataPhotos: number;
  readonly metadataFilesPerSecond: number;
}

export const EXPORT_TARGETS = { hardlinkRatio: 2 } as const;

const ROUNDS = 3;
const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Distinct small JPEGs: a few rendered pictures, each copy made unique by a comment segment. */
async function buildArchive(dir: string, count: number): Promise<void> {
  const archive = openArchive(dir);
  const photos = new PhotosRepo(archive.db);
  const files = new FilesRepo(archive.db);
  const bases = await Promise.all(
    Array.from({ length: 16 }, (_, i) => sharp({ create: { width: 320, height: 320, channels: 3, background: { r: i * 15, g: 255 - i * 10, b: 90 } } }).jpeg({ quality: 80 }).toBuffer()),
  );
  const insertTarget = archive.db.prepare('INSERT INTO targets (user_id, first_name, last_name, username, added_at) VALUES (?, ?, ?, ?, 0)');
  archive.db.transaction(() => {
    for (let u = 0; u < 100; u++) insertTarget.run(100_000 + u, `Person ${u}`, 'Bench', `person_${u}`);
    for (let i = 0; i < count; i++) {
      const base = bases[i % bases.length]!;
      const comment = Buffer.from(`photo ${i}`);
      const segment = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from([(comment.length + 2) >> 8, (comment.length + 2) & 0xff]), comment]);
      const bytes = Buffer.concat([base.subarray(0, 2), segment, base.subarray(2)]);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const relative = `media/${sha256.slice(0, 2)}/${sha256}.jpg`;
      fs.mkdirSync(path.join(dir, 'media', sha256.slice(0, 2)), { recursive: true });
      fs.writeFileSync(path.join(dir, relative), bytes);
      const id = BigInt(1_000_000 + i);
      const record: PhotoRecord = {
        id, userId: 100_000 + (i % 100), kind: 'profile', accessHash: 1n, fileReference: new Uint8Array([1]), date: 1_500_000_000 + i * 3600, dcId: 2,
        hasVideo: false, videoStartTs: null, emojiMarkup: null, stripped: null, wanted: [{ type: 'c', w: 320, h: 320, size: bytes.length, mime: 'image/jpeg' }],
      };
      photos.upsert([record], 1_700_000_000_000, null);
      files.record({ photoId: id, sizeType: 'c', width: 320, height: 320, bytes: bytes.length, sha256, mime: 'image/jpeg', path: relative, downloadedAt: 1 });
    }
  })();
  archive.close();
}

const settings = (destination: string, over: Partial<ExportSettings>): ExportSettings => ({
  name: 'bench',
  destination,
  template: '{person_now}/{date:%Y}/{date}_{photo_id}',
  timeZone: 'UTC',
  mode: 'hardlink',
  include: { stills: true, videos: true, profile: true, personal: true, fallback: true, removed: 'mark' },
  writeMetadata: false,
  sidecars: false,
  webPage: false,
  autoExport: false,
  ...over,
});

export async function runExportBench(workDir: string, count = 10_000, metadataCount = 1_000): Promise<ExportBenchFigures> {
  const archiveDir = path.join(workDir, 'archive');
  console.log(`export: building an archive of ${count} photos ...`);
  await buildArchive(archiveDir, count);
  // Opened as the app opens it (main/host.ts): WAL checkpoints on their own thread, not inside the export's commits.
  const archive = openArchive(archiveDir, { backgroundCheckpoints: true });
  const repo = new ExportRepo(archive.db);
  const metadata = createMetadataWriter();
  try {
    const run = async (id: number, s: ExportSettings) => {
      const started = performance.now();
      const summary = await new ExportRun({ archiveDir, repo, metadata, now: () => Date.now() }, id, s).run();
      if (summary.status !== 'done' || summary.errors.length) throw new Error(`export ${summary.status}: ${summary.error ?? summary.errors[0]?.message}`);
      return { ms: performance.now() - started, summary };
    };
    // Each side three times, in alternating order, each into a fresh folder; the medians are compared,
    // so neither side gains from going first (a file system still settling, a process still warming up).
    const exportMs: number[] = [];
    const cpAlMs: number[] = [];
    let linkId = 0;
    let linkDest = '';
    const exportOnce = async (round: number) => {
      const dest = path.join(workDir, `links-${round}`);
      const id = repo.insertProfile(`links-${round}`, '{}', 0);
      console.log(`export: ${count} photos as hard links (round ${round + 1}) ...`);
      exportMs.push((await run(id, settings(dest, {}))).ms);
      if (round === 0) [linkId, linkDest] = [id, dest];
    };
    const cpAlOnce = (round: number) => {
      console.log(`export: cp -al of the same ${count} files (round ${round + 1}) ...`);
      const started = performance.now();
      execFileSync('cp', ['-al', path.join(archiveDir, 'media'), path.join(workDir, `cp-al-${round}`)]);
      cpAlMs.push(performance.now() - started);
    };
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 2 === 0) {
        await exportOnce(round);
        cpAlOnce(round);
      } else {
        cpAlOnce(round);
        await exportOnce(round);
      }
    }
    console.log('export: the same export again, nothing new ...');
    const rerun = await run(linkId, settings(linkDest, {}));
    if (rerun.summary.written !== 0) throw new Error(`a re-run wrote ${rerun.summary.written} files`);

    // Only the first metadataCount photos: ExifTool is the cost here, and the rate is what is reported.
    archive.db.prepare('DELETE FROM files WHERE photo_id >= ?').run(1_000_000 + metadataCount);
    const metaId = repo.insertProfile('metadata', '{}', 0);
    console.log(`export: ${metadataCount} copies with dates and people written in ...`);
    const meta = await run(metaId, settings(path.join(workDir, 'metadata'), { mode: 'copy', writeMetadata: true }));

    const figures: ExportBenchFigures = {
      photos: count,
      hardlinkMs: median(exportMs),
      cpAlMs: median(cpAlMs),
      rounds: { hardlinkMs: exportMs, cpAlMs },
      ratio: median(exportMs) / median(cpAlMs),
      rerunMs: rerun.ms,
      metadataPhotos: metadataCount,
      metadataFilesPerSecond: metadataCount / (meta.ms / 1000),
    };
    const row = (name: string, value: string, target: string, ok: boolean | null): string =>
      `  ${name.padEnd(52)} ${value.padStart(8)}   target ${target.padEnd(8)} ${ok === null ? '' : ok ? 'met' : 'MISSED'}`;
    console.log('\nexport results');
    console.log(row(`export of ${count} as hard links (s)`, (figures.hardlinkMs / 1000).toFixed(2), '-', null));
    console.log(row(`cp -al of the same files (s)`, (figures.cpAlMs / 1000).toFixed(2), '-', null));
    const each = (ms: readonly number[]): string => ms.map((m) => (m / 1000).toFixed(2)).join(' / ');
    console.log(`    rounds: export ${each(exportMs)} s, cp -al ${each(cpAlMs)} s (medians compared)`);
    console.log(row('hard-link export / cp -al', figures.ratio.toFixed(2), `<= ${EXPORT_TARGETS.hardlinkRatio}`, figures.ratio <= EXPORT_TARGETS.hardlinkRatio));
    console.log(row(`re-run with nothing new (s)`, (figures.rerunMs / 1000).toFixed(2), '-', null));
    console.log(row('copies with dates written in (files/s)', figures.metadataFilesPerSecond.toFixed(1), '-', null));
    return figures;
  } finally {
    await metadata.close();
    archive.close();
    await archive.settled();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { photos: { type: 'string', default: '10000' }, 'metadata-photos': { type: 'string', default: '1000' } } });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-export-'));
  runExportBench(work, Number(values.photos), Number(values['metadata-photos']))
    .then((figures) => console.log(`\n${JSON.stringify({ loadAverage: os.loadavg(), ...figures }, null, 2)}`))
    .finally(() => fs.rmSync(work, { recursive: true, force: true }));
}
