import type Database from 'better-sqlite3';
import type { Identity } from '../sync/target-plan.js';

export interface SnapshotRow extends Identity {
  readonly id: number;
  readonly userId: number;
  readonly seenAt: number;
}

/** The identity history of each target: a row whenever name, username, bio or deletion changed. */
export class SnapshotsRepo {
  readonly #db: Database.Database;
  constructor(db: Database.Database) {
    this.#db = db;
  }

  latest(userId: number): SnapshotRow | undefined {
    const raw = this.#db
      .prepare(
        `SELECT id, user_id AS userId, seen_at AS seenAt, first_name AS firstName, last_name AS lastName, username, bio, deleted
         FROM user_snapshots WHERE user_id = ? ORDER BY id DESC LIMIT 1`,
      )
      .get(userId) as (Omit<SnapshotRow, 'deleted'> & { deleted: number }) | undefined;
    return raw && { ...raw, deleted: raw.deleted === 1 };
  }

  history(userId: number): SnapshotRow[] {
    const rows = this.#db
      .prepare(
        `SELECT id, user_id AS userId, seen_at AS seenAt, first_name AS firstName, last_name AS lastName, username, bio, deleted
         FROM user_snapshots WHERE user_id = ? ORDER BY id`,
      )
      .all(userId) as (Omit<SnapshotRow, 'deleted'> & { deleted: number })[];
    return rows.map((r) => ({ ...r, deleted: r.deleted === 1 }));
  }

  add(userId: number, identity: Identity, now: number): void {
    this.#db
      .prepare('INSERT INTO user_snapshots (user_id, seen_at, first_name, last_name, username, bio, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(userId, now, identity.firstName, identity.lastName, identity.username, identity.bio, identity.deleted ? 1 : 0);
  }

  purgeUser(userId: number): void {
    this.#db.prepare('DELETE FROM user_snapshots WHERE user_id = ?').run(userId);
  }
}
