/**
 * After a purge: the thumbnails of content that no archived file has any more are
 * deleted, rows and files. Thumbnails are keyed by content hash, so a thumbnail
 * shared with someone else's photo (the same bytes) stays while any file has them.
 */
import fs from 'node:fs/promises';
import type { ThumbnailsRepo } from '../archive/thumbnails-repo.js';
import { resolveInside } from './resolve-inside.js';

/** Deletes unreferenced thumbnails; resolves with how many content hashes were let go. */
export async function removeUnreferencedThumbnails(repo: ThumbnailsRepo, archiveDir: string): Promise<number> {
  const gone = repo.takeUnreferenced();
  const files = gone.flatMap((t) => [t.gridPath, t.previewPath]).filter((p): p is string => p !== null);
  await Promise.all(
    files.map(async (relative) => {
      const file = await resolveInside(archiveDir, relative);
      if (file) await fs.rm(file, { force: true });
    }),
  );
  return gone.length;
}
