import type Database from 'better-sqlite3';
import type { Identity } from '../sync/target-plan.js';

export interface SnapshotRow extends Identity {
  readonly id: number;
  readonly userId: number;
  readonly seenAt: number;
}

/** The identity history of each target: a row whenever name, username, bio or deletion changed. */
export class SnapshotsRepo {
  readonly #latest: Database.Statement<[number]>;
  readonly #history: Database.Statement<[number]>;
  readonly #add: Database.Statement;
  readonly #purgeUser: Database.Statement<[number]>;

  /** Statements are prepared once, here (latest() runs for every target a sync checks). */
  constructor(db: Database.Database) {
    const select = `SELECT id, user_id AS userId, seen_at AS seenAt, first_name AS firstName, last_name AS lastName, username, bio, deleted
      FROM user_snapshots WHERE user_id = ?`;
    this.#latest = db.prepare(`${select} ORDER BY id DESC LIMIT 1`);
    this.#history = db.prepare(`${select} ORDER BY id`);
    this.#add = db.prepare('INSERT INTO user_snapshots (user_id, seen_at, first_name, last_name, username, bio, deleted) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.#purgeUser = db.prepare('DELETE FROM user_snapshots WHERE user_id = ?');
  }

  latest(userId: number): SnapshotRow | undefined {
    const raw = this.#latest.get(userId) as RawSnapshot | undefined;
    return raw && fromRaw(raw);
  }

  history(userId: number): SnapshotRow[] {
    return (this.#history.all(userId) as RawSnapshot[]).map(fromRaw);
  }

  add(userId: number, identity: Identity, now: number): void {
    this.#add.run(userId, now, identity.firstName, identity.lastName, identity.username, identity.bio, identity.deleted ? 1 : 0);
  }

  purgeUser(userId: number): void {
    this.#purgeUser.run(userId);
  }
}

type RawSnapshot = Omit<SnapshotRow, 'deleted'> & { deleted: number };
const fromRaw = (r: RawSnapshot): SnapshotRow => ({ ...r, deleted: r.deleted === 1 });
