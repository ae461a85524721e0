/**
 * Browsing the archive, composed once for the host: the gallery and people
 * requests, the desktop's media actions, the thumbnail maker (a repair pass at
 * start, then new files as each sync.progress tick reports them) and the feed
 * that tells open galleries about photos that landed.
 */
import type { Handlers } from '../../../preload/contract.js';
import type { Archive } from '../archive/archive.js';
import { GalleryRepo } from '../archive/gallery-repo.js';
import { SnapshotsRepo } from '../archive/snapshots-repo.js';
import { ThumbnailsRepo } from '../archive/thumbnails-repo.js';
import { createLogger } from '../log.js';
import type { DesktopActions } from '../media/desktop-actions.js';
import { ThumbnailService } from '../media/thumbnail-service.js';
import type { EventBus } from './event-bus.js';
import { GalleryFeed } from './gallery-feed.js';
import { galleryHandlers } from './handlers/gallery.js';
import { mediaActionHandlers } from './handlers/media-actions.js';

export interface GalleryServices {
  readonly handlers: ReturnType<typeof galleryHandlers> & ReturnType<typeof mediaActionHandlers>;
  readonly thumbnails: ThumbnailService;
  close(): Promise<void>;
}

export interface GalleryServicesOptions {
  readonly archive: Archive;
  readonly events: EventBus;
  readonly now: () => number;
  readonly desktop?: DesktopActions;
  /** False: no thumbnails are made here (the CLI leaves them to the app, so its runs go at full speed). */
  readonly makeThumbnails: boolean;
}

export function createGalleryServices(o: GalleryServicesOptions): GalleryServices {
  const log = createLogger('thumbnails');
  const gallery = new GalleryRepo(o.archive.db);
  const thumbnailsRepo = new ThumbnailsRepo(o.archive.db);
  const feed = new GalleryFeed(o.archive.db, gallery, thumbnailsRepo, o.events);
  const thumbnails = new ThumbnailService({
    repo: thumbnailsRepo,
    archiveDir: o.archive.dir,
    now: o.now,
    log,
    onSettled: (shas) => feed.thumbnailsSettled(shas),
  });
  const unsubscribe = o.events.subscribe((event) => {
    if (event !== 'sync.progress') return;
    // A listener must not throw into the run that publishes progress.
    try {
      feed.filesLanded();
    } catch (error) {
      log.warn('gallery feed failed', error);
    }
    if (o.makeThumbnails) thumbnails.poke();
  });
  if (o.makeThumbnails) void thumbnails.repair().catch((error: unknown) => log.error('thumbnail repair pass failed', error));
  const handlers: Pick<Handlers, keyof GalleryServices['handlers']> = {
    ...galleryHandlers(gallery, new SnapshotsRepo(o.archive.db)),
    ...mediaActionHandlers(gallery, o.archive.dir, o.desktop),
  };
  return {
    handlers,
    thumbnails,
    async close() {
      unsubscribe();
      await thumbnails.close();
    },
  };
}
