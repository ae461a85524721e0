/**
 * The media part of `npm run bench` (also runnable alone: `npx tsx test/bench/media.ts`):
 * thumbnails per second against vipsthumbnail, and the gallery at 100,000 photos in Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchGallery, type GalleryBenchFigures } from './gallery-browser.js';
import { benchThumbnails, type ThumbnailBenchFigures } from './thumbnails.js';
import { GALLERY_PAGE_SIZE } from '../../preload/contract/page-size.js';

export interface MediaBenchFigures {
  readonly thumbnails: ThumbnailBenchFigures;
  readonly gallery: GalleryBenchFigures;
}

export const MEDIA_TARGETS = { thumbnailRatio: 0.9, firstScreenMs: 500, maxDomNodes: 1500, longTasks: 0, pageQueryMs: 5 } as const;

export async function runMediaBench(workDir: string): Promise<MediaBenchFigures> {
  console.log('media: thumbnails of 500 avatar-sized crops of real photographs, app vs vipsthumbnail ...');
  const thumbnails = await benchThumbnails(path.join(workDir, 'thumbnails'));
  console.log('media: the gallery at 100,000 photos in Chromium ...');
  const gallery = await benchGallery(path.join(workDir, 'gallery'));
  const t = MEDIA_TARGETS;
  const row = (name: string, value: string, target: string, ok: boolean | null): string =>
    `  ${name.padEnd(44)} ${value.padStart(8)}   target ${target.padEnd(8)} ${ok === null ? '' : ok ? 'met' : 'MISSED'}`;
  const query = Math.max(gallery.pageQueryMs.first, gallery.pageQueryMs.middle, gallery.pageQueryMs.person);
  console.log('\nmedia results');
  console.log(row('thumbnails/s, app', thumbnails.appPerSecond.toFixed(1), '-', null));
  console.log(row('thumbnails/s, vipsthumbnail', thumbnails.vipsPerSecond?.toFixed(1) ?? 'skipped', '-', null));
  console.log(row('thumbnail speed app / vipsthumbnail', thumbnails.ratio?.toFixed(2) ?? 'n/a', `>= ${t.thumbnailRatio}`, thumbnails.ratio === null ? null : thumbnails.ratio >= t.thumbnailRatio));
  console.log(row('gallery: first screen of thumbnails (ms)', gallery.firstScreenMs.toFixed(0), `< ${t.firstScreenMs}`, gallery.firstScreenMs < t.firstScreenMs));
  console.log(row('gallery: DOM nodes while scrolling (max)', String(gallery.maxDomNodes), `< ${t.maxDomNodes}`, gallery.maxDomNodes < t.maxDomNodes));
  console.log(row('gallery: long tasks > 50 ms in a fast scroll', String(gallery.longTasks), `${t.longTasks}`, gallery.longTasks === t.longTasks));
  console.log(row('  the same, by the page thread\'s CPU time', String(gallery.longTasksByCpu), `${t.longTasks}`, gallery.longTasksByCpu === t.longTasks));
  console.log(row('  longest task, wall / CPU (ms)', `${gallery.longestTaskMs.toFixed(0)} / ${gallery.longestTaskCpuMs.toFixed(0)}`, '-', null));
  console.log(row(`gallery: page query of ${GALLERY_PAGE_SIZE} at 100k (ms, worst)`, query.toFixed(2), `< ${t.pageQueryMs}`, query < t.pageQueryMs));
  if (thumbnails.skipped) console.log(`  (${thumbnails.skipped})`);
  return { thumbnails, gallery };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-media-'));
  runMediaBench(work)
    .then((figures) => console.log(`\n${JSON.stringify({ loadAverage: os.loadavg(), ...figures }, null, 2)}`))
    .finally(() => fs.rmSync(work, { recursive: true, force: true }));
}
