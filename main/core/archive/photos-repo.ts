import type Database from 'better-sqlite3';

export type PhotoKind = 'profile' | 'personal' | 'fallback';

/** One file to download for a photo (see sync/size-choice.ts). */
export interface WantedFileRow {
  readonly type: string;
  readonly w: number;
  readonly h: number;
  readonly size: number;
  readonly mime: 'image/jpeg' | 'video/mp4';
}

/** A photo as a listing describes it, ready to store. Ids are Telegram's int64. */
export interface PhotoRecord {
  readonly id: bigint;
  readonly userId: number;
  readonly kind: PhotoKind;
  readonly accessHash: bigint;
  readonly fileReference: Uint8Array;
  readonly date: number;
  readonly dcId: number;
  readonly hasVideo: boolean;
  readonly videoStartTs: number | null;
  readonly emojiMarkup: string | null;
  readonly stripped: Uint8Array | null;
  readonly wanted: readonly WantedFileRow[];
}

/** What the download engine needs of a photo whose files are not all in place. */
export interface PendingPhoto {
  readonly id: bigint;
  readonly userId: number;
  readonly kind: PhotoKind;
  readonly accessHash: bigint;
  readonly fileReference: Buffer;
  readonly dcId: number;
  readonly wanted: readonly WantedFileRow[];
  /** Size types already downloaded. */
  readonly done: readonly string[];
}

export interface KnownPhotoRow {
  readonly id: bigint;
  readonly removedAt: number | null;
  readonly hiddenSince: number | null;
}

export interface PhotoListItem {
  readonly id: bigint;
  readonly userId: number;
  readonly kind: PhotoKind;
  readonly date: number;
  readonly dcId: number;
  readonly hasVideo: boolean;
  readonly firstSeen: number;
  readonly removedAt: number | null;
  readonly hiddenSince: number | null;
  readonly filesComplete: boolean;
}

const num = (v: unknown): number => Number(v);

/** Photos whose files are not all downloaded (plus an optional filter), oldest listing first. */
const pendingSql = (filter: string): string =>
  `SELECT p.id, p.user_id AS userId, p.kind, p.access_hash AS accessHash, p.file_reference AS fileReference,
     p.dc_id AS dcId, p.wanted, (SELECT group_concat(size_type) FROM files f WHERE f.photo_id = p.id) AS done
   FROM photos p WHERE p.files_complete = 0 ${filter} ORDER BY p.first_seen, p.id DESC`;
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * The photos table. Statements that read ids use safeIntegers so int64 ids
 * arrive as bigint (a JS number would round them); every other integer column
 * is converted back to number here.
 */
/** A pending photo as SQLite returns it (64-bit integers as bigint). */
interface PendingRaw {
  id: bigint;
  userId: bigint;
  kind: PhotoKind;
  accessHash: string;
  fileReference: Buffer;
  dcId: bigint;
  wanted: string;
  done: string | null;
}

function fromPendingRaw(row: PendingRaw): PendingPhoto {
  return {
    id: row.id,
    userId: num(row.userId),
    kind: row.kind,
    accessHash: BigInt(row.accessHash),
    fileReference: row.fileReference,
    dcId: num(row.dcId),
    wanted: JSON.parse(row.wanted) as WantedFileRow[],
    done: row.done ? row.done.split(',') : [],
  };
}

export class PhotosRepo {
  readonly #db: Database.Database;
  readonly #insert: Database.Statement;
  readonly #touch: Database.Statement;
  readonly #exists: Database.Statement;
  readonly #knownProfile: Database.Statement;
  readonly #activeSlot: Database.Statement;
  readonly #activePersonal: Database.Statement;
  readonly #markRemoved: Database.Statement;
  readonly #restore: Database.Statement;
  readonly #markHidden: Database.Statement;
  readonly #clearHidden: Database.Statement;
  readonly #updateReference: Database.Statement;
  readonly #pendingAll: Database.Statement;
  readonly #get: Database.Statement;
  readonly #listByUser: Database.Statement;
  readonly #countsAll: Database.Statement;
  readonly #countsOfUser: Database.Statement;
  readonly #purgeUser: Database.Statement;

  /** Every fixed statement is prepared once, here; only those with a variable IN (...) list are prepared per call. */
  constructor(db: Database.Database) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO photos (id, user_id, kind, access_hash, file_reference, date, dc_id, has_video, video_start_ts,
         emoji_markup, stripped, wanted, files_complete, first_seen, last_seen, observed_by)
       VALUES (@id, @userId, @kind, @accessHash, @fileReference, @date, @dcId, @hasVideo, @videoStartTs,
         @emojiMarkup, @stripped, @wanted, @filesComplete, @now, @now, @observedBy)
       ON CONFLICT (id) DO NOTHING`,
    );
    // A photo listed again: fresh reference, seen now, and visible (not hidden) again.
    this.#touch = db.prepare(
      `UPDATE photos SET access_hash = @accessHash, file_reference = @fileReference, dc_id = @dcId,
         last_seen = @now, hidden_since = NULL WHERE id = @id`,
    );
    this.#exists = db.prepare('SELECT 1 FROM photos WHERE id = ?');
    this.#knownProfile = db
      .prepare("SELECT id, removed_at AS removedAt, hidden_since AS hiddenSince FROM photos WHERE user_id = ? AND kind = 'profile'")
      .safeIntegers(true);
    this.#activeSlot = db
      .prepare('SELECT id FROM photos WHERE user_id = ? AND kind = ? AND removed_at IS NULL ORDER BY first_seen DESC, id DESC LIMIT 1')
      .safeIntegers(true);
    this.#activePersonal = db
      .prepare("SELECT id FROM photos WHERE user_id = ? AND kind = 'personal' AND observed_by = ? AND removed_at IS NULL ORDER BY first_seen DESC, id DESC LIMIT 1")
      .safeIntegers(true);
    this.#markRemoved = db.prepare('UPDATE photos SET removed_at = ? WHERE id = ? AND removed_at IS NULL');
    this.#restore = db.prepare('UPDATE photos SET removed_at = NULL WHERE id = ?');
    this.#markHidden = db.prepare(
      "UPDATE photos SET hidden_since = ? WHERE user_id = ? AND kind = 'profile' AND removed_at IS NULL AND hidden_since IS NULL",
    );
    this.#clearHidden = db.prepare('UPDATE photos SET hidden_since = NULL WHERE id = ?');
    this.#updateReference = db.prepare('UPDATE photos SET file_reference = ?, access_hash = ?, dc_id = ? WHERE id = ?');
    this.#pendingAll = db.prepare(pendingSql('')).safeIntegers(true);
    this.#get = db
      .prepare(
        `SELECT p.id, p.user_id AS userId, p.kind, p.access_hash AS accessHash, p.file_reference AS fileReference,
           p.dc_id AS dcId, p.wanted, (SELECT group_concat(size_type) FROM files f WHERE f.photo_id = p.id) AS done
         FROM photos p WHERE p.id = ?`,
      )
      .safeIntegers(true);
    this.#listByUser = db
      .prepare(
        `SELECT id, user_id AS userId, kind, date, dc_id AS dcId, has_video AS hasVideo, first_seen AS firstSeen,
           removed_at AS removedAt, hidden_since AS hiddenSince, files_complete AS filesComplete
         FROM photos WHERE user_id = ? ORDER BY id DESC`,
      )
      .safeIntegers(true);
    const counts = (where: string): string =>
      `SELECT count(*) AS photos, count(removed_at) AS removed, count(hidden_since) AS hidden,
         sum(files_complete = 0) AS pending FROM photos ${where}`;
    this.#countsAll = db.prepare(counts(''));
    this.#countsOfUser = db.prepare(counts('WHERE user_id = ?'));
    this.#purgeUser = db.prepare('DELETE FROM photos WHERE user_id = ?');
  }

  /** Stores listed photos; returns the ids that were new. Call inside the page's transaction. */
  upsert(records: readonly PhotoRecord[], now: number, observedBy: number | null): bigint[] {
    const added: bigint[] = [];
    for (const r of records) {
      const params = {
        id: r.id,
        userId: r.userId,
        kind: r.kind,
        accessHash: r.accessHash.toString(),
        fileReference: Buffer.from(r.fileReference),
        date: r.date,
        dcId: r.dcId,
        hasVideo: r.hasVideo ? 1 : 0,
        videoStartTs: r.videoStartTs,
        emojiMarkup: r.emojiMarkup,
        stripped: r.stripped ? Buffer.from(r.stripped) : null,
        wanted: JSON.stringify(r.wanted),
        filesComplete: r.wanted.length === 0 ? 1 : 0,
        now,
        observedBy,
      };
      if (this.#insert.run(params).changes > 0) added.push(r.id);
      else this.#touch.run({ id: r.id, accessHash: params.accessHash, fileReference: params.fileReference, dcId: r.dcId, now });
    }
    return added;
  }

  has(id: bigint): boolean {
    return this.#exists.get(id) !== undefined;
  }

  /** Ids (of those given) that the archive holds; one query for a whole page. */
  knownAmong(ids: readonly bigint[]): Set<bigint> {
    if (ids.length === 0) return new Set();
    const rows = this.#db
      .prepare(`SELECT id FROM photos WHERE id IN (${ids.map(() => '?').join(',')})`)
      .safeIntegers(true)
      .all(...ids) as { id: bigint }[];
    return new Set(rows.map((r) => r.id));
  }

  /** The profile photos of a user as a deep scan reconciles them. */
  knownProfile(userId: number): KnownPhotoRow[] {
    const rows = this.#knownProfile.all(userId) as { id: bigint; removedAt: bigint | null; hiddenSince: bigint | null }[];
    return rows.map((r) => ({ id: r.id, removedAt: numOrNull(r.removedAt), hiddenSince: numOrNull(r.hiddenSince) }));
  }

  /**
   * The newest photo of a kind that is not marked removed (personal and fallback are single slots).
   * A personal photo is the one an account set for the contact: one slot per observing account.
   */
  activeSlot(userId: number, kind: 'personal' | 'fallback', observedBy: number): bigint | null {
    const row = (kind === 'personal' ? this.#activePersonal.get(userId, observedBy) : this.#activeSlot.get(userId, kind)) as { id: bigint } | undefined;
    return row?.id ?? null;
  }

  markRemoved(ids: readonly bigint[], now: number): void {
    for (const id of ids) this.#markRemoved.run(now, id);
  }

  restore(ids: readonly bigint[]): void {
    for (const id of ids) this.#restore.run(id);
  }

  /** Marks a user's visible profile photos as hidden from us since `now` (first time only). */
  markHidden(userId: number, now: number): number {
    return this.#markHidden.run(now, userId).changes;
  }

  clearHidden(ids: readonly bigint[]): void {
    for (const id of ids) this.#clearHidden.run(id);
  }

  updateReference(id: bigint, fileReference: Uint8Array, accessHash: bigint, dcId: number): void {
    this.#updateReference.run(Buffer.from(fileReference), accessHash.toString(), dcId, id);
  }

  /** Photos whose files are not all downloaded, optionally only of some users. Oldest listing first. */
  pending(userIds?: readonly number[]): PendingPhoto[] {
    const stmt = userIds
      ? this.#db.prepare(pendingSql(`AND p.user_id IN (${userIds.map(() => '?').join(',') || 'NULL'})`)).safeIntegers(true)
      : this.#pendingAll;
    return (stmt.all(...(userIds ?? [])) as PendingRaw[]).map(fromPendingRaw);
  }

  get(id: bigint): PendingPhoto | undefined {
    const row = this.#get.get(id) as PendingRaw | undefined;
    return row && fromPendingRaw(row);
  }

  /** A user's photos, newest first (for status, tests and the gallery). */
  listByUser(userId: number): PhotoListItem[] {
    const rows = this.#listByUser.all(userId) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r['id'] as bigint,
      userId: num(r['userId']),
      kind: r['kind'] as PhotoKind,
      date: num(r['date']),
      dcId: num(r['dcId']),
      hasVideo: num(r['hasVideo']) === 1,
      firstSeen: num(r['firstSeen']),
      removedAt: numOrNull(r['removedAt']),
      hiddenSince: numOrNull(r['hiddenSince']),
      filesComplete: num(r['filesComplete']) === 1,
    }));
  }

  counts(userId?: number): { photos: number; removed: number; hidden: number; pending: number } {
    const row = (userId === undefined ? this.#countsAll.get() : this.#countsOfUser.get(userId)) as { photos: number; removed: number; hidden: number; pending: number | null };
    return { ...row, pending: row.pending ?? 0 };
  }

  /** Deletes a user's photos (and, by cascade, their file rows). Returns how many. */
  purgeUser(userId: number): number {
    return this.#purgeUser.run(userId).changes;
  }
}
