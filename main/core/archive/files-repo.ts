import type Database from 'better-sqlite3';

export interface FileRow {
  readonly photoId: bigint;
  readonly sizeType: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly mime: string;
  /** Relative to the archive folder, with forward slashes: media/ab/<sha256>.jpg */
  readonly path: string;
  readonly downloadedAt: number;
}

export interface FileToVerify {
  readonly photoId: bigint;
  readonly sizeType: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly path: string;
  readonly userId: number;
  /** A current photo of a target: Telegram should still serve it. */
  readonly refetchable: boolean;
}

export interface FileRecorded {
  readonly inserted: boolean;
  readonly photoComplete: boolean;
  /** The photo's row is gone (its person was purged): nothing was recorded, the file is the caller's to remove. */
  readonly photoGone: boolean;
}

/**
 * Downloaded files. A row is written only after its bytes are fsynced and
 * renamed into place ("archive on success"), in the same transaction that
 * marks the photo complete once all its wanted sizes are in.
 */
export class FilesRepo {
  readonly #insert: Database.Statement;
  readonly #complete: Database.Statement;
  readonly #photoExists: Database.Statement;
  readonly #record: (row: FileRow) => FileRecorded;
  readonly #forPhoto: Database.Statement;
  readonly #all: Database.Statement;
  readonly #referencedPaths: Database.Statement;
  readonly #pathUsed: Database.Statement;
  readonly #pathsOfUser: Database.Statement;
  readonly #totals: Database.Statement;
  readonly #toVerify: Database.Statement;
  readonly #toVerifyAfter: Database.Statement;
  readonly #forget: (photoId: bigint, sizeType: string) => void;

  /** Statements (and the record transaction) are prepared once, here. */
  constructor(db: Database.Database) {
    this.#insert = db.prepare(
      `INSERT INTO files (photo_id, size_type, width, height, bytes, sha256, mime, path, downloaded_at)
       VALUES (@photoId, @sizeType, @width, @height, @bytes, @sha256, @mime, @path, @downloadedAt)
       ON CONFLICT (photo_id, size_type) DO NOTHING`,
    );
    // Complete when every wanted size type has a row.
    this.#photoExists = db.prepare('SELECT 1 FROM photos WHERE id = ?');
    this.#complete = db.prepare(
      `UPDATE photos SET files_complete = 1 WHERE id = ? AND files_complete = 0 AND NOT EXISTS (
         SELECT 1 FROM json_each(photos.wanted) w
         WHERE NOT EXISTS (SELECT 1 FROM files f WHERE f.photo_id = photos.id AND f.size_type = json_extract(w.value, '$.type')))`,
    );
    this.#record = db.transaction((row: FileRow) => {
      const exists = this.#photoExists.get(row.photoId);
      if (!exists) return { inserted: false, photoComplete: false, photoGone: true };
      const inserted = this.#insert.run(row).changes > 0;
      const photoComplete = this.#complete.run(row.photoId).changes > 0;
      return { inserted, photoComplete, photoGone: false };
    });
    const select = `SELECT photo_id AS photoId, size_type AS sizeType, width, height, bytes, sha256, mime, path, downloaded_at AS downloadedAt FROM files`;
    this.#forPhoto = db.prepare(`${select} WHERE photo_id = ? ORDER BY size_type`).safeIntegers(true);
    this.#all = db.prepare(`${select} ORDER BY photo_id, size_type`).safeIntegers(true);
    this.#referencedPaths = db.prepare('SELECT DISTINCT path FROM files').pluck();
    this.#pathUsed = db.prepare('SELECT 1 FROM files WHERE path = ? LIMIT 1');
    this.#pathsOfUser = db.prepare('SELECT DISTINCT f.path FROM files f JOIN photos p ON p.id = f.photo_id WHERE p.user_id = ?').pluck();
    this.#totals = db.prepare('SELECT count(*) AS files, coalesce(sum(bytes), 0) AS bytes FROM files');
    const verifyColumns = `SELECT f.photo_id AS photoId, f.size_type AS sizeType, f.sha256, f.bytes, f.path, p.user_id AS userId,
           (p.removed_at IS NULL AND EXISTS (SELECT 1 FROM targets t WHERE t.user_id = p.user_id)) AS refetchable
         FROM files f JOIN photos p ON p.id = f.photo_id`;
    this.#toVerify = db.prepare(`${verifyColumns} ORDER BY f.path`).safeIntegers(true);
    // A slice of the archive, for verifying a little at a time: the next files by content hash (files_by_sha;
    // content-addressed, so one hash is one file on disk), up to the n-th distinct hash after the cursor.
    this.#toVerifyAfter = db
      .prepare(
        `${verifyColumns} WHERE f.sha256 > @after AND f.sha256 <= COALESCE((SELECT DISTINCT sha256 FROM files WHERE sha256 > @after ORDER BY sha256 LIMIT 1 OFFSET @offset), 'g')
         ORDER BY f.sha256, f.path`,
      )
      .safeIntegers(true);
    const deleteFile = db.prepare('DELETE FROM files WHERE photo_id = ? AND size_type = ?');
    const incomplete = db.prepare('UPDATE photos SET files_complete = 0 WHERE id = ?');
    this.#forget = db.transaction((photoId: bigint, sizeType: string) => {
      deleteFile.run(photoId, sizeType);
      incomplete.run(photoId);
    });
  }

  /** Records a file in place; returns whether the photo is now complete, or gone (purged while it downloaded). */
  record(row: FileRow): FileRecorded {
    return this.#record(row);
  }

  forPhoto(photoId: bigint): FileRow[] {
    const rows = this.#forPhoto.all(photoId) as Record<string, unknown>[];
    return rows.map(toFileRow);
  }

  all(): FileRow[] {
    const rows = this.#all.all() as Record<string, unknown>[];
    return rows.map(toFileRow);
  }

  /** Every path some row refers to (for the orphan sweep). */
  referencedPaths(): Set<string> {
    return new Set(this.#referencedPaths.all() as string[]);
  }

  /** Of these paths, those no row refers to any more (after a purge). */
  unreferenced(paths: readonly string[]): string[] {
    return paths.filter((p) => this.#pathUsed.get(p) === undefined);
  }

  pathsOfUser(userId: number): string[] {
    return this.#pathsOfUser.all(userId) as string[];
  }

  /** Every file row with what verify needs: whose it is, and whether Telegram may still have it for us. */
  toVerify(): FileToVerify[] {
    return (this.#toVerify.all() as Record<string, unknown>[]).map(toVerifyRow);
  }

  /** The rows of the next `count` distinct files (by sha256) after the hash `after` ('' from the start); every row of each. */
  toVerifyAfter(after: string, count: number): FileToVerify[] {
    return (this.#toVerifyAfter.all({ after, offset: Math.max(0, count - 1) }) as Record<string, unknown>[]).map(toVerifyRow);
  }

  /** Forgets a file whose bytes are damaged or gone: its photo is pending again, for the next download to fetch. */
  forget(photoId: bigint, sizeType: string): void {
    this.#forget(photoId, sizeType);
  }

  totals(): { files: number; bytes: number } {
    return this.#totals.get() as { files: number; bytes: number };
  }
}

function toFileRow(r: Record<string, unknown>): FileRow {
  return {
    photoId: r['photoId'] as bigint,
    sizeType: String(r['sizeType']),
    width: Number(r['width']),
    height: Number(r['height']),
    bytes: Number(r['bytes']),
    sha256: String(r['sha256']),
    mime: String(r['mime']),
    path: String(r['path']),
    downloadedAt: Number(r['downloadedAt']),
  };
}

function toVerifyRow(r: Record<string, unknown>): FileToVerify {
  return {
    photoId: r['photoId'] as bigint,
    sizeType: String(r['sizeType']),
    sha256: String(r['sha256']),
    bytes: Number(r['bytes']),
    path: String(r['path']),
    userId: Number(r['userId']),
    refetchable: Number(r['refetchable']) === 1,
  };
}
