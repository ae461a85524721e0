import type Database from 'better-sqlite3';

/** A still whose content hash has no thumbnail row yet: one thumbnail job. */
export interface ThumbnailJob {
  /** The files row's rowid: jobs are read in this order, so a pass can resume after the last it saw. */
  readonly seq: number;
  readonly sha256: string;
  /** Relative to the archive folder: media/ab/<sha256>.jpg */
  readonly path: string;
}

export type ThumbnailRow =
  | { readonly sha256: string; readonly status: 'done'; readonly gridPath: string; readonly previewPath: string; readonly width: number; readonly height: number; readonly thumbhash: Buffer }
  | { readonly sha256: string; readonly status: 'failed'; readonly error: string };

/**
 * Thumbnail state per content hash. Jobs are derived from the database: every
 * still file whose hash has no row here, so a crash, a new file or an old archive
 * all come down to the same query.
 */
export class ThumbnailsRepo {
  readonly #jobs: Database.Statement;
  readonly #done: Database.Statement;
  readonly #failed: Database.Statement;
  readonly #forgetFailed: Database.Statement;
  readonly #photosOf: Database.Statement;
  readonly #takeUnreferenced: () => { sha256: string; gridPath: string | null; previewPath: string | null }[];

  constructor(db: Database.Database) {
    this.#jobs = db.prepare(
      `SELECT f.rowid AS seq, f.sha256, f.path FROM files f
       WHERE f.rowid > ? AND f.mime <> 'video/mp4' AND NOT EXISTS (SELECT 1 FROM thumbnails t WHERE t.sha256 = f.sha256)
       ORDER BY f.rowid LIMIT ?`,
    );
    this.#done = db.prepare(
      `INSERT OR REPLACE INTO thumbnails (sha256, status, grid_path, preview_path, width, height, thumbhash, error, made_at)
       VALUES (@sha256, 'done', @gridPath, @previewPath, @width, @height, @thumbhash, NULL, @now)`,
    );
    this.#failed = db.prepare(
      `INSERT OR REPLACE INTO thumbnails (sha256, status, error, made_at) VALUES (?, 'failed', ?, ?)`,
    );
    this.#forgetFailed = db.prepare(`DELETE FROM thumbnails WHERE status = 'failed'`);
    this.#photosOf = db.prepare('SELECT DISTINCT photo_id FROM files WHERE sha256 = ?').pluck().safeIntegers(true);
    const unreferenced = db.prepare(
      `SELECT sha256, grid_path AS gridPath, preview_path AS previewPath FROM thumbnails t
       WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.sha256 = t.sha256)`,
    );
    const forget = db.prepare('DELETE FROM thumbnails WHERE sha256 = ?');
    this.#takeUnreferenced = db.transaction(() => {
      const rows = unreferenced.all() as { sha256: string; gridPath: string | null; previewPath: string | null }[];
      for (const row of rows) forget.run(row.sha256);
      return rows;
    });
  }

  /** Up to `limit` jobs after files rowid `after`, in rowid order (one row per file; hashes may repeat). */
  jobs(after: number, limit: number): ThumbnailJob[] {
    return this.#jobs.all(after, limit) as ThumbnailJob[];
  }

  recordDone(row: { sha256: string; gridPath: string; previewPath: string; width: number; height: number; thumbhash: Uint8Array }, now: number): void {
    this.#done.run({ ...row, thumbhash: Buffer.from(row.thumbhash), now });
  }

  recordFailed(sha256: string, error: string, now: number): void {
    this.#failed.run(sha256, error.slice(0, 2000), now);
  }

  /** Makes failed files jobs again (after an app update that reads more formats, say). */
  forgetFailed(): number {
    return this.#forgetFailed.run().changes;
  }

  /**
   * Forgets the thumbnails of content no file has any more (after a purge) and returns
   * them, for their files to be deleted. One transaction: a file of that content that
   * lands later simply becomes a thumbnail job again.
   */
  takeUnreferenced(): { sha256: string; gridPath: string | null; previewPath: string | null }[] {
    return this.#takeUnreferenced();
  }

  /** The photos that show the file with this hash. */
  photosOf(sha256: string): bigint[] {
    return this.#photosOf.all(sha256) as bigint[];
  }
}
