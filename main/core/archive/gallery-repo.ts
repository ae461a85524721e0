import type Database from 'better-sqlite3';
import type { PhotoKind } from './photos-repo.js';

/** A photo with its files and thumbnail, as the gallery shows it. */
export interface GalleryRow {
  readonly id: bigint;
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
  /** The photo to show as their avatar: the current one when known, else the newest not removed. */
  readonly avatarId: bigint | null;
}

const INT64_MAX = 9223372036854775807n;
const DATE_MAX = Number.MAX_SAFE_INTEGER;

/** The columns of a gallery row; the still is the photo's image file, the video its MP4. */
const select = (index: string): string => `
  SELECT p.id, p.user_id AS userId, p.kind, p.date, p.first_seen AS firstSeen, p.removed_at AS removedAt,
    p.hidden_since AS hiddenSince, p.has_video AS hasVideo, p.video_start_ts AS videoStartTs, p.dc_id AS dcId,
    p.observed_by AS observedBy, p.files_complete AS filesComplete, p.stripped,
    s.path AS stillPath, s.width AS stillWidth, s.height AS stillHeight, v.path AS videoPath,
    coalesce(s.bytes, 0) + coalesce(v.bytes, 0) AS bytes,
    t.status AS thumbStatus, t.grid_path AS gridPath, t.preview_path AS previewPath, t.width AS thumbWidth,
    t.height AS thumbHeight, t.thumbhash, t.error AS thumbError
  FROM photos p ${index}
  LEFT JOIN files s ON s.photo_id = p.id AND s.mime <> 'video/mp4'
  LEFT JOIN files v ON v.photo_id = p.id AND v.mime = 'video/mp4'
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

/**
 * Read side of the archive for browsing. Statements are prepared once; ids are
 * read as bigint (safeIntegers) and every other integer is converted to number.
 */
export class GalleryRepo {
  readonly #pageAll: Database.Statement;
  readonly #pageOfUser: Database.Statement;
  readonly #byIds: Database.Statement;
  readonly #counts: Database.Statement;

  constructor(db: Database.Database) {
    this.#pageAll = db.prepare(PAGE_SQL.all).safeIntegers(true);
    this.#pageOfUser = db.prepare(PAGE_SQL.ofUser).safeIntegers(true);
    this.#byIds = db.prepare(`${select('')} WHERE p.id IN (SELECT value FROM json_each(?))`).safeIntegers(true);
    this.#counts = db
      .prepare(
        `SELECT u.value AS userId,
           (SELECT count(*) FROM photos p WHERE p.user_id = u.value) AS photos,
           (SELECT count(*) FROM photos p WHERE p.user_id = u.value AND p.has_video = 1) AS videos,
           (SELECT count(*) FROM photos p WHERE p.user_id = u.value AND p.removed_at IS NOT NULL) AS removed,
           coalesce(st.status, 'active') AS status, st.hidden_since AS hiddenSince, st.last_error AS lastError,
           (SELECT max(f.downloaded_at) FROM photos p JOIN files f ON f.photo_id = p.id WHERE p.user_id = u.value) AS lastArchivedAt,
           coalesce(
             (SELECT p.id FROM photos p WHERE p.id = st.current_photo_id AND p.user_id = u.value),
             (SELECT p.id FROM photos p WHERE p.user_id = u.value AND p.removed_at IS NULL AND p.kind <> 'personal'
                ORDER BY p.date DESC, p.id DESC LIMIT 1)) AS avatarId
         FROM json_each(?) u LEFT JOIN sync_state st ON st.user_id = u.value`,
      )
      .safeIntegers(true);
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
    return (rows as Record<string, unknown>[]).map(toGalleryRow);
  }

  /** The gallery rows of these photos (any order). */
  byIds(ids: readonly bigint[]): GalleryRow[] {
    if (ids.length === 0) return [];
    return (this.#byIds.all(`[${ids.join(',')}]`) as Record<string, unknown>[]).map(toGalleryRow);
  }

  counts(userIds: readonly number[]): PersonCounts[] {
    if (userIds.length === 0) return [];
    const rows = this.#counts.all(JSON.stringify(userIds)) as Record<string, unknown>[];
    return rows.map((r) => ({
      userId: Number(r['userId']),
      photos: Number(r['photos']),
      videos: Number(r['videos']),
      removed: Number(r['removed']),
      hidden: r['hiddenSince'] !== null,
      status: r['status'] as PersonCounts['status'],
      lastError: (r['lastError'] as string | null) ?? null,
      lastArchivedAt: numOrNull(r['lastArchivedAt']),
      avatarId: (r['avatarId'] as bigint | null) ?? null,
    }));
  }
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

function toGalleryRow(r: Record<string, unknown>): GalleryRow {
  return {
    id: r['id'] as bigint,
    userId: Number(r['userId']),
    kind: r['kind'] as PhotoKind,
    date: Number(r['date']),
    firstSeen: Number(r['firstSeen']),
    removedAt: numOrNull(r['removedAt']),
    hiddenSince: numOrNull(r['hiddenSince']),
    hasVideo: Number(r['hasVideo']) === 1,
    videoStartTs: numOrNull(r['videoStartTs']),
    dcId: Number(r['dcId']),
    observedBy: numOrNull(r['observedBy']),
    filesComplete: Number(r['filesComplete']) === 1,
    stripped: (r['stripped'] as Buffer | null) ?? null,
    stillPath: (r['stillPath'] as string | null) ?? null,
    stillWidth: numOrNull(r['stillWidth']),
    stillHeight: numOrNull(r['stillHeight']),
    videoPath: (r['videoPath'] as string | null) ?? null,
    bytes: Number(r['bytes']),
    thumbStatus: (r['thumbStatus'] as GalleryRow['thumbStatus']) ?? null,
    gridPath: (r['gridPath'] as string | null) ?? null,
    previewPath: (r['previewPath'] as string | null) ?? null,
    thumbWidth: numOrNull(r['thumbWidth']),
    thumbHeight: numOrNull(r['thumbHeight']),
    thumbhash: (r['thumbhash'] as Buffer | null) ?? null,
    thumbError: (r['thumbError'] as string | null) ?? null,
  };
}
