import type Database from 'better-sqlite3';
import type { PhotoKind } from './photos-repo.js';

/** A photo with its files and thumbnail, as the gallery shows it. */
export interface GalleryRow {
  /** Telegram's int64 photo id in decimal, as SQLite prints it (no BigInt per row). */
  readonly id: string;
  readonly userId: number;
  readonly kind: PhotoKind;
  readonly date: number;
  readonly firstSeen: number;
  readonly removedAt: number | null;
  readonly hiddenSince: number | null;
  readonly hasVideo: boolean;
  readonly videoStartTs: number | null;
  readonly dcId: number;
  readonly observedBy: number | null;
  readonly filesComplete: boolean;
  readonly stripped: Buffer | null;
  readonly stillPath: string | null;
  readonly stillWidth: number | null;
  readonly stillHeight: number | null;
  readonly videoPath: string | null;
  readonly bytes: number;
  readonly thumbStatus: 'done' | 'failed' | null;
  readonly gridPath: string | null;
  readonly previewPath: string | null;
  readonly thumbWidth: number | null;
  readonly thumbHeight: number | null;
  readonly thumbhash: Buffer | null;
  readonly thumbError: string | null;
}

export interface GalleryQuery {
  readonly userId?: number;
  readonly media: 'all' | 'still' | 'video';
  readonly kind: 'all' | PhotoKind;
  readonly removedOnly: boolean;
  readonly limit: number;
  /** The last row of the previous page; omitted for the first page. */
  readonly after?: { readonly date: number; readonly id: bigint };
}

export interface PersonCounts {
  readonly userId: number;
  readonly photos: number;
  readonly videos: number;
  readonly removed: number;
  readonly hidden: boolean;
  readonly status: 'active' | 'deleted' | 'bot' | 'inaccessible';
  readonly lastError: string | null;
  readonly lastArchivedAt: number | null;
  /** The photo to show as their avatar (decimal int64): the current one when known, else the newest not removed. */
  readonly avatarId: string | null;
}

const INT64_MAX = 9223372036854775807n;
const DATE_MAX = Number.MAX_SAFE_INTEGER;

/** The columns of a gallery row; the still is the photo's image file, the video its MP4. */
const select = (index: string): string => `
  SELECT CAST(p.id AS TEXT) AS id, p.user_id AS userId, p.kind, p.date, p.first_seen AS firstSeen, p.removed_at AS removedAt,
    p.hidden_since AS hiddenSince, p.has_video AS hasVideo, p.video_start_ts AS videoStartTs, p.dc_id AS dcId,
    p.observed_by AS observedBy, p.files_complete AS filesComplete, p.stripped,
    s.path AS stillPath, s.width AS stillWidth, s.height AS stillHeight, v.path AS videoPath,
    coalesce(s.bytes, 0) + coalesce(v.bytes, 0) AS bytes,
    t.status AS thumbStatus, t.grid_path AS gridPath, t.preview_path AS previewPath, t.width AS thumbWidth,
    t.height AS thumbHeight, t.thumbhash, t.error AS thumbError
  FROM photos p ${index}
  LEFT JOIN files s ON s.photo_id = p.id AND s.mime <> 'video/mp4'
  LEFT JOIN files v ON p.has_video = 1 AND v.photo_id = p.id AND v.mime = 'video/mp4'
  LEFT JOIN thumbnails t ON t.sha256 = s.sha256`;

/** Keyset paging, newest first: (date, id) below the cursor, on an index that is already in that order. */
const PAGE_WHERE = `(p.date, p.id) < (@date, @id)
  AND (@media = 'all' OR p.has_video = (@media = 'video'))
  AND (@kind = 'all' OR p.kind = @kind)
  AND (@removedOnly = 0 OR p.removed_at IS NOT NULL)`;
const ORDER = 'ORDER BY p.date DESC, p.id DESC LIMIT @limit';

/** A page of everyone's photos, and of one person's (exported for the query-plan test). */
export const PAGE_SQL = {
  all: `${select('INDEXED BY photos_by_date')} WHERE ${PAGE_WHERE} ${ORDER}`,
  ofUser: `${select('INDEXED BY photos_by_user_date')} WHERE p.user_id = @userId AND ${PAGE_WHERE} ${ORDER}`,
} as const;

/** A row as SQLite returns it: the flags are 0/1. */
type RawGalleryRow = Omit<GalleryRow, 'hasVideo' | 'filesComplete'> & { readonly hasVideo: 0 | 1; readonly filesComplete: 0 | 1 };

/**
 * Read side of the archive for browsing. Statements are prepared once. A page is
 * read without safeIntegers (ids come out as decimal text from SQL, every other
 * integer fits a number): a page is hundreds of rows, and a BigInt per integer
 * cell, turned back into a number, was a large part of its cost.
 */
export class GalleryRepo {
  readonly #pageAll: Database.Statement<Record<string, unknown>, RawGalleryRow>;
  readonly #pageOfUser: Database.Statement<Record<string, unknown>, RawGalleryRow>;
  readonly #byIds: Database.Statement<[string], RawGalleryRow>;
  readonly #counts: Database.Statement<[string], Record<string, unknown>>;

  constructor(db: Database.Database) {
    this.#pageAll = db.prepare(PAGE_SQL.all);
    this.#pageOfUser = db.prepare(PAGE_SQL.ofUser);
    this.#byIds = db.prepare(`${select('')} WHERE p.id IN (SELECT value FROM json_each(?))`);
    this.#counts = db.prepare(
      `SELECT u.value AS userId,
         (SELECT count(*) FROM photos p WHERE p.user_id = u.value) AS photos,
         (SELECT count(*) FROM photos p WHERE p.user_id = u.value AND p.has_video = 1) AS videos,
         (SELECT count(*) FROM photos p WHERE p.user_id = u.value AND p.removed_at IS NOT NULL) AS removed,
         coalesce(st.status, 'active') AS status, st.hidden_since AS hiddenSince, st.last_error AS lastError,
         (SELECT max(f.downloaded_at) FROM photos p JOIN files f ON f.photo_id = p.id WHERE p.user_id = u.value) AS lastArchivedAt,
         CAST(coalesce(
           (SELECT p.id FROM photos p WHERE p.id = st.current_photo_id AND p.user_id = u.value),
           (SELECT p.id FROM photos p WHERE p.user_id = u.value AND p.removed_at IS NULL AND p.kind <> 'personal'
              ORDER BY p.date DESC, p.id DESC LIMIT 1)) AS TEXT) AS avatarId
       FROM json_each(?) u LEFT JOIN sync_state st ON st.user_id = u.value`,
    );
  }

  page(query: GalleryQuery): GalleryRow[] {
    const params = {
      date: query.after?.date ?? DATE_MAX,
      id: query.after?.id ?? INT64_MAX,
      media: query.media,
      kind: query.kind,
      removedOnly: query.removedOnly ? 1 : 0,
      limit: query.limit,
    };
    const rows = query.userId === undefined ? this.#pageAll.all(params) : this.#pageOfUser.all({ ...params, userId: query.userId });
    return rows.map(toGalleryRow);
  }

  /** The gallery rows of these photos (decimal int64 ids, any order). */
  byIds(ids: readonly (bigint | string)[]): GalleryRow[] {
    if (ids.length === 0) return [];
    return this.#byIds.all(`[${ids.join(',')}]`).map(toGalleryRow);
  }

  counts(userIds: readonly number[]): PersonCounts[] {
    if (userIds.length === 0) return [];
    return this.#counts.all(JSON.stringify(userIds)).map((r) => ({
      userId: r['userId'] as number,
      photos: r['photos'] as number,
      videos: r['videos'] as number,
      removed: r['removed'] as number,
      hidden: r['hiddenSince'] !== null,
      status: r['status'] as PersonCounts['status'],
      lastError: (r['lastError'] as string | null) ?? null,
      lastArchivedAt: (r['lastArchivedAt'] as number | null) ?? null,
      avatarId: (r['avatarId'] as string | null) ?? null,
    }));
  }
}

const toGalleryRow = (r: RawGalleryRow): GalleryRow => ({ ...r, hasVideo: r.hasVideo === 1, filesComplete: r.filesComplete === 1 });
