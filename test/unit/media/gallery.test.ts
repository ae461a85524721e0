import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../main/core/api/event-bus.js';
import { GalleryFeed } from '../../../main/core/api/gallery-feed.js';
import { galleryHandlers } from '../../../main/core/api/handlers/gallery.js';
import { GalleryRepo, PAGE_SQL } from '../../../main/core/archive/gallery-repo.js';
import { SnapshotsRepo } from '../../../main/core/archive/snapshots-repo.js';
import { ThumbnailsRepo } from '../../../main/core/archive/thumbnails-repo.js';
import { createLogger } from '../../../main/core/log.js';
import { ThumbnailService } from '../../../main/core/media/thumbnail-service.js';
import type { EventPayload } from '../../../preload/contract.js';
import type { GalleryPhoto } from '../../../preload/contract/gallery.js';
import { strippedFromJpeg } from '../../sandbox/world/media/jpeg.js';
import { archiveFixture, type ArchiveFixture } from './archive-fixture.js';
import { samplePhoto } from './sample-photos.js';

let fixture: ArchiveFixture;
afterEach(() => fixture?.cleanup());

function setup() {
  fixture = archiveFixture();
  const gallery = new GalleryRepo(fixture.archive.db);
  const handlers = galleryHandlers(gallery, new SnapshotsRepo(fixture.archive.db));
  return { gallery, handlers };
}

/** All pages of a query, following `next`. */
async function allPages(handlers: ReturnType<typeof setup>['handlers'], input: { userId?: number; filter?: Partial<{ media: 'all' | 'still' | 'video'; kind: 'all' | 'profile' | 'personal' | 'fallback'; removedOnly: boolean }>; limit: number }): Promise<GalleryPhoto[]> {
  const out: GalleryPhoto[] = [];
  let after: { date: number; id: string } | undefined;
  for (;;) {
    const page = await handlers['gallery.page']({ userId: input.userId, filter: { media: 'all', kind: 'all', removedOnly: false, ...input.filter }, limit: input.limit, after });
    out.push(...page.items);
    if (!page.next) return out;
    after = page.next;
  }
}

describe('gallery pages', () => {
  it('pages through everyone newest first by date then id, with ties on date and int64 ids intact', async () => {
    const { handlers } = setup();
    const big = 9_007_199_254_740_993n; // above 2^53: a JS number would round it
    const ids = [1n, 2n, 3n, big, -5n, 6_000_000_000_000_000_001n];
    ids.forEach((id, i) => fixture.addPhoto({ id, userId: 10 + (i % 2), date: 1_700_000_000 + (i % 3) }, null));
    const seen = await allPages(handlers, { limit: 2 });
    const expected = ids
      .map((id, i) => ({ id, date: 1_700_000_000 + (i % 3) }))
      .sort((a, b) => b.date - a.date || (b.id > a.id ? 1 : b.id < a.id ? -1 : 0))
      .map((p) => p.id.toString());
    expect(seen.map((p) => p.id)).toEqual(expected);
    expect(seen.map((p) => p.id)).toContain('9007199254740993');
  });

  it('pages one person and applies the filters: stills, videos, a kind, removed only', async () => {
    const { handlers } = setup();
    fixture.addPhoto({ id: 1n, userId: 7, date: 100 }, samplePhoto('rocket'));
    fixture.addPhoto({ id: 2n, userId: 7, date: 200, hasVideo: true }, samplePhoto('coffee'), Buffer.from('mp4'));
    fixture.addPhoto({ id: 3n, userId: 7, date: 300, kind: 'fallback' }, null);
    fixture.addPhoto({ id: 4n, userId: 8, date: 400 }, null);
    fixture.photos.markRemoved([1n], 5_000);
    const ids = async (filter: Parameters<typeof allPages>[1]['filter']) => (await allPages(handlers, { userId: 7, filter, limit: 1 })).map((p) => p.id);
    expect(await ids({})).toEqual(['3', '2', '1']);
    expect(await ids({ media: 'video' })).toEqual(['2']);
    expect(await ids({ media: 'still' })).toEqual(['3', '1']);
    expect(await ids({ kind: 'fallback' })).toEqual(['3']);
    expect(await ids({ removedOnly: true })).toEqual(['1']);
    const [video] = (await handlers['gallery.page']({ userId: 7, filter: { media: 'video', kind: 'all', removedOnly: false }, limit: 5 })).items;
    expect(video).toMatchObject({ hasVideo: true, videoStartTs: 1.5, video: expect.stringMatching(/^media\/..\/[0-9a-f]{64}\.mp4$/), still: expect.stringMatching(/\.jpg$/) });
  });

  it('reads a page through the date index, in index order, without a sort or a full scan', () => {
    setup();
    const plan = (sql: string, params: Record<string, unknown>): string =>
      (fixture.archive.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join('\n');
    const all = plan(PAGE_SQL.all, { date: 1, id: 1, media: 'all', kind: 'all', removedOnly: 0, limit: 10 });
    const one = plan(PAGE_SQL.ofUser, { userId: 7, date: 1, id: 1, media: 'all', kind: 'all', removedOnly: 0, limit: 10 });
    // A range on the index (SQLite prints the row-value bound as its leading column).
    expect(all).toMatch(/^SEARCH p USING INDEX photos_by_date \((date<\?|\(date,id\)<\(\?,\?\))\)$/m);
    expect(one).toMatch(/^SEARCH p USING INDEX photos_by_user_date \(user_id=\? AND (date<\?|\(date,id\)<\(\?,\?\))\)$/m);
    for (const p of [all, one]) {
      expect(p).not.toMatch(/TEMP B-TREE/);
      expect(p).not.toMatch(/SCAN/);
    }
  });
});

describe('placeholders, people and the live feed', () => {
  it("turns Telegram's stripped bytes back into a JPEG, and falls back to the thumbhash of the still", async () => {
    const { handlers } = setup();
    const tiny = await sharp(samplePhoto('chelsea'))
      .resize(40, 27)
      .jpeg({ quality: 20, optimiseCoding: false, chromaSubsampling: '4:2:0', mozjpeg: false, quantisationTable: 0 })
      .toBuffer();
    fixture.addPhoto({ id: 1n, userId: 7, date: 200, stripped: strippedFromJpeg(tiny) }, samplePhoto('chelsea'));
    fixture.addPhoto({ id: 2n, userId: 7, date: 100 }, samplePhoto('coffee'));
    await new ThumbnailService({ repo: new ThumbnailsRepo(fixture.archive.db), archiveDir: fixture.archive.dir, now: () => 1, log: createLogger('test') }).repair();
    const [withStripped, withoutStripped] = (await handlers['gallery.page']({ filter: { media: 'all', kind: 'all', removedOnly: false }, limit: 10 })).items;
    expect(withStripped!.placeholder!.type).toBe('jpeg');
    const placeholder = await sharp(Buffer.from(withStripped!.placeholder!.base64, 'base64')).metadata();
    expect([placeholder.format, placeholder.width, placeholder.height]).toEqual(['jpeg', 40, 27]);
    expect(withoutStripped!.placeholder).toMatchObject({ type: 'thumbhash' });
    expect(withoutStripped).toMatchObject({ thumb: expect.stringMatching(/^thumbs\/.*-grid\.webp$/), width: 480, height: expect.any(Number), thumbError: null });
  });

  it('sums each person up: photos, videos, removed, last archived, and the current photo as avatar', async () => {
    const { handlers } = setup();
    fixture.addPhoto({ id: 1n, userId: 7, date: 100 }, samplePhoto('rocket'));
    fixture.addPhoto({ id: 2n, userId: 7, date: 200, hasVideo: true }, samplePhoto('coffee'), Buffer.from('mp4'));
    fixture.addPhoto({ id: 3n, userId: 7, date: 300 }, null);
    fixture.photos.markRemoved([3n], 9);
    const { items } = await handlers['people.summaries']({ userIds: [7, 99] });
    expect(items[0]).toMatchObject({ userId: 7, photos: 3, videos: 1, removed: 1, hidden: false, status: 'active', lastArchivedAt: 1, avatar: { id: '2' } });
    expect(items[1]).toMatchObject({ userId: 99, photos: 0, avatar: null, lastArchivedAt: null });
  });

  it('announces photos whose files landed and whose thumbnails were made, each once, as whole gallery items', async () => {
    const { gallery } = setup();
    const events = new EventBus();
    const seen: EventPayload<'gallery.updated'>[] = [];
    events.subscribe((event, payload) => {
      if (event === 'gallery.updated') seen.push(payload as EventPayload<'gallery.updated'>);
    });
    fixture.addPhoto({ id: 1n, userId: 7 }, samplePhoto('rocket')); // before the feed: not news
    const repo = new ThumbnailsRepo(fixture.archive.db);
    const feed = new GalleryFeed(fixture.archive.db, gallery, repo, events);
    expect(feed.filesLanded()).toBe(0);
    fixture.addPhoto({ id: 2n, userId: 7 }, samplePhoto('camera'), Buffer.from('mp4'));
    expect(feed.filesLanded()).toBe(1);
    expect(feed.filesLanded()).toBe(0);
    expect(seen.map((e) => e.photos.map((p) => [p.id, p.thumb]))).toEqual([[['2', null]]]);
    await new ThumbnailService({ repo, archiveDir: fixture.archive.dir, now: () => 1, log: createLogger('test'), onSettled: (s) => feed.thumbnailsSettled(s) }).repair();
    const last = seen.at(-1)!.photos;
    expect(last.map((p) => p.id).sort()).toEqual(['1', '2']);
    expect(last.every((p) => p.thumb !== null)).toBe(true);
  });
});
