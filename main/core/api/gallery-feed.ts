/**
 * Keeps an open gallery growing while a run archives: whenever files land (each
 * sync.progress tick) or thumbnails are made, the photos concerned go out as
 * `gallery.updated`, whole, for the renderer to merge by id. Landed files are found
 * by the files table's rowid above a watermark, so each tick costs one index range.
 */
import type Database from 'better-sqlite3';
import type { GalleryRepo } from '../archive/gallery-repo.js';
import type { ThumbnailsRepo } from '../archive/thumbnails-repo.js';
import type { EventBus } from './event-bus.js';
import { toGalleryPhoto } from './handlers/gallery-photo.js';

const MAX_PER_EVENT = 500;

export class GalleryFeed {
  readonly #gallery: GalleryRepo;
  readonly #thumbnails: ThumbnailsRepo;
  readonly #events: EventBus;
  readonly #landedSince: Database.Statement;
  #watermark: number;

  constructor(db: Database.Database, gallery: GalleryRepo, thumbnails: ThumbnailsRepo, events: EventBus) {
    this.#gallery = gallery;
    this.#thumbnails = thumbnails;
    this.#events = events;
    this.#landedSince = db.prepare('SELECT rowid AS seq, photo_id AS photoId FROM files WHERE rowid > ? ORDER BY rowid').safeIntegers(true);
    this.#watermark = Number(db.prepare('SELECT coalesce(max(rowid), 0) FROM files').pluck().get());
  }

  /** Files may have landed since the last call: announce their photos. Returns how many photos went out. */
  filesLanded(): number {
    const rows = this.#landedSince.all(this.#watermark) as { seq: bigint; photoId: bigint }[];
    if (rows.length === 0) return 0;
    this.#watermark = Number(rows.at(-1)!.seq);
    return this.#announce([...new Set(rows.map((r) => r.photoId))]);
  }

  /** Thumbnails of these content hashes were made (or failed): announce the photos that show them. */
  thumbnailsSettled(sha256s: readonly string[]): number {
    return this.#announce([...new Set(sha256s.flatMap((sha) => this.#thumbnails.photosOf(sha)))]);
  }

  #announce(ids: readonly bigint[]): number {
    for (let i = 0; i < ids.length; i += MAX_PER_EVENT) {
      const photos = this.#gallery.byIds(ids.slice(i, i + MAX_PER_EVENT)).map(toGalleryPhoto);
      if (photos.length) this.#events.emit('gallery.updated', { photos });
    }
    return ids.length;
  }
}
