import type Database from 'better-sqlite3';
import type { PhotoKind } from './photos-repo.js';

export interface ExportProfileRow {
  readonly id: number;
  readonly name: string;
  /** JSON, checked by the export service against the contract's ExportSettings. */
  readonly settings: string;
  readonly lastRun: string | null;
}

/** What an export recorded of one file it wrote. */
export interface ExportRecord {
  readonly photoId: bigint;
  readonly sizeType: string;
  readonly path: string;
  readonly pathKey: string;
  readonly wantedPath: string;
  readonly recipe: string;
  readonly method: 'copy' | 'hardlink' | 'reflink';
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly sha256: string;
  readonly sidecarSha256: string | null;
  readonly exportedAt: number;
}

/** One archived file with what an export names and describes it by. */
export interface ExportSourceRow {
  readonly photoId: bigint;
  readonly userId: number;
  readonly kind: PhotoKind;
  readonly date: number;
  readonly firstSeen: number;
  readonly removedAt: number | null;
  readonly sizeType: string;
  readonly mime: string;
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly width: number;
  readonly height: number;
  /** The grid thumbnail of this file, when one was made (archive-relative). */
  readonly gridPath: string | null;
}

export interface IdentityRow {
  readonly userId: number;
  readonly seenAt: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
}

/** Export profiles and their records, and the read side an export needs. Statements are prepared once. */
export class ExportRepo {
  readonly #profiles: Database.Statement;
  readonly #profile: Database.Statement;
  readonly #insertProfile: Database.Statement;
  readonly #updateProfile: Database.Statement;
  readonly #deleteProfile: Database.Statement;
  readonly #setLastRun: Database.Statement;
  readonly #records: Database.Statement;
  readonly #upsertRecord: Database.Statement;
  readonly #sources: Database.Statement;
  readonly #snapshots: Database.Statement;
  readonly #targetNames: Database.Statement;
  readonly #recordMany: (profileId: number, records: readonly ExportRecord[]) => void;

  constructor(db: Database.Database) {
    const profileColumns = 'SELECT id, name, settings, last_run AS lastRun FROM export_profiles';
    this.#profiles = db.prepare(`${profileColumns} ORDER BY name COLLATE NOCASE, id`);
    this.#profile = db.prepare(`${profileColumns} WHERE id = ?`);
    this.#insertProfile = db.prepare('INSERT INTO export_profiles (name, settings, created_at, updated_at) VALUES (?, ?, ?, ?)');
    this.#updateProfile = db.prepare('UPDATE export_profiles SET name = ?, settings = ?, updated_at = ? WHERE id = ?');
    this.#deleteProfile = db.prepare('DELETE FROM export_profiles WHERE id = ?');
    this.#setLastRun = db.prepare('UPDATE export_profiles SET last_run = ? WHERE id = ?');
    this.#records = db
      .prepare(
        `SELECT photo_id AS photoId, size_type AS sizeType, path, path_key AS pathKey, wanted_path AS wantedPath, recipe, method, bytes,
           mtime_ms AS mtimeMs, sha256, sidecar_sha256 AS sidecarSha256, exported_at AS exportedAt
         FROM export_files WHERE profile_id = ?`,
      )
      .safeIntegers(true);
    this.#upsertRecord = db.prepare(
      `INSERT INTO export_files (profile_id, photo_id, size_type, path, path_key, wanted_path, recipe, method, bytes, mtime_ms, sha256, sidecar_sha256, exported_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (profile_id, photo_id, size_type) DO UPDATE SET path = excluded.path, path_key = excluded.path_key,
         wanted_path = excluded.wanted_path, recipe = excluded.recipe, method = excluded.method, bytes = excluded.bytes,
         mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256, sidecar_sha256 = excluded.sidecar_sha256, exported_at = excluded.exported_at`,
    );
    this.#sources = db
      .prepare(
        // The id as text (exact past 2^53) and every other integer as a plain number: no BigInt per column per row.
        `SELECT CAST(p.id AS TEXT) AS photoId, p.user_id AS userId, p.kind, p.date, p.first_seen AS firstSeen, p.removed_at AS removedAt,
           f.size_type AS sizeType, f.mime, f.path, f.sha256, f.bytes, f.width, f.height, t.grid_path AS gridPath
         FROM photos p JOIN files f ON f.photo_id = p.id LEFT JOIN thumbnails t ON t.sha256 = f.sha256 AND t.status = 'done'
         ORDER BY p.date, p.id, f.size_type`,
      );
    this.#snapshots = db.prepare(
      `SELECT user_id AS userId, seen_at AS seenAt, first_name AS firstName, last_name AS lastName, username
       FROM user_snapshots ORDER BY user_id, id`,
    );
    this.#recordMany = db.transaction((profileId: number, records: readonly ExportRecord[]) => {
      // Positional values: binding by name costs more than the insert itself at thousands of rows.
      for (const r of records) {
        this.#upsertRecord.run(profileId, r.photoId, r.sizeType, r.path, r.pathKey, r.wantedPath, r.recipe, r.method, r.bytes, r.mtimeMs, r.sha256, r.sidecarSha256, r.exportedAt);
      }
    });
    this.#targetNames = db.prepare('SELECT user_id AS userId, first_name AS firstName, last_name AS lastName, username FROM targets');
  }

  profiles(): ExportProfileRow[] {
    return this.#profiles.all() as ExportProfileRow[];
  }

  profile(id: number): ExportProfileRow | undefined {
    return this.#profile.get(id) as ExportProfileRow | undefined;
  }

  insertProfile(name: string, settings: string, now: number): number {
    return Number(this.#insertProfile.run(name, settings, now, now).lastInsertRowid);
  }

  updateProfile(id: number, name: string, settings: string, now: number): boolean {
    return this.#updateProfile.run(name, settings, now, id).changes > 0;
  }

  deleteProfile(id: number): boolean {
    return this.#deleteProfile.run(id).changes > 0;
  }

  setLastRun(id: number, summary: string): void {
    this.#setLastRun.run(summary, id);
  }

  records(profileId: number): ExportRecord[] {
    return (this.#records.all(profileId) as Record<string, unknown>[]).map((r) => ({
      photoId: r['photoId'] as bigint,
      sizeType: r['sizeType'] as string,
      path: r['path'] as string,
      pathKey: r['pathKey'] as string,
      wantedPath: r['wantedPath'] as string,
      recipe: r['recipe'] as string,
      method: r['method'] as ExportRecord['method'],
      bytes: Number(r['bytes']),
      mtimeMs: Number(r['mtimeMs']),
      sha256: r['sha256'] as string,
      sidecarSha256: (r['sidecarSha256'] as string | null) ?? null,
      exportedAt: Number(r['exportedAt']),
    }));
  }

  /** Saves records in one transaction. */
  recordMany(profileId: number, records: readonly ExportRecord[]): void {
    this.#recordMany(profileId, records);
  }

  /** Every archived file, oldest photo first (the order collisions are resolved in). */
  sources(): ExportSourceRow[] {
    return (this.#sources.all() as (Omit<ExportSourceRow, 'photoId'> & { photoId: string })[]).map((r) => ({ ...r, photoId: BigInt(r.photoId) }));
  }

  /** Every identity snapshot, per user in the order seen. */
  snapshots(): IdentityRow[] {
    return this.#snapshots.all() as IdentityRow[];
  }

  /** The names the targets table holds (for people with no snapshot yet). */
  targetNames(): Omit<IdentityRow, 'seenAt'>[] {
    return this.#targetNames.all() as Omit<IdentityRow, 'seenAt'>[];
  }
}
