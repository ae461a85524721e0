import type Database from 'better-sqlite3';

export interface TargetRow {
  readonly userId: number;
  readonly accountId: number | null;
  readonly accessHash: string | null;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
  readonly addedAt: number;
  readonly paused: boolean;
  readonly scheduleMinutes: number | null;
}

export interface TargetPageCursor {
  readonly addedAt: number;
  readonly userId: number;
}

const COLUMNS = `user_id AS userId, account_id AS accountId, access_hash AS accessHash,
  first_name AS firstName, last_name AS lastName, username, added_at AS addedAt,
  paused, schedule_minutes AS scheduleMinutes`;

type RawTarget = Omit<TargetRow, 'paused'> & { paused: 0 | 1 };
const fromRaw = (raw: RawTarget): TargetRow => ({ ...raw, paused: raw.paused === 1 });

/** An account that can see a target, with its own access hash for them. */
export interface TargetAccess {
  readonly accountId: number;
  readonly accessHash: string | null;
}

export class TargetsRepo {
  readonly #db: Database.Database;
  readonly #grant: Database.Statement;
  readonly #access: Database.Statement;
  readonly #move: Database.Statement;
  constructor(db: Database.Database) {
    this.#db = db;
    this.#grant = db.prepare(
      `INSERT INTO target_access (user_id, account_id, access_hash, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (user_id, account_id) DO UPDATE SET access_hash = excluded.access_hash, seen_at = excluded.seen_at`,
    );
    this.#access = db.prepare('SELECT account_id AS accountId, access_hash AS accessHash FROM target_access WHERE user_id = ? ORDER BY seen_at, account_id');
    this.#move = db.prepare(
      'UPDATE targets SET account_id = ?, access_hash = (SELECT access_hash FROM target_access WHERE user_id = targets.user_id AND account_id = ?) WHERE user_id = ?',
    );
  }

  /** The accounts that can see a target (each resolved them once), oldest first. */
  access(userId: number): TargetAccess[] {
    return this.#access.all(userId) as TargetAccess[];
  }

  /**
   * Archives a target through the first other account that can see them and is `usable` (logged in);
   * returns the target as it is now, or null when no such account holds an access hash for them.
   */
  moveToUsable(userId: number, usable: (accountId: number) => boolean): TargetRow | null {
    const other = this.access(userId).find((a) => usable(a.accountId) && a.accessHash !== null);
    if (!other) return null;
    this.#move.run(other.accountId, other.accountId, userId);
    return this.get(userId) ?? null;
  }

  count(): number {
    return (this.#db.prepare('SELECT count(*) AS n FROM targets').get() as { n: number }).n;
  }

  /** Newest first, by keyset: stable under inserts, O(page) at any depth. */
  page(limit: number, after?: TargetPageCursor): TargetRow[] {
    const rows = after
      ? this.#db
          .prepare(
            `SELECT ${COLUMNS} FROM targets WHERE (added_at, user_id) < (?, ?)
             ORDER BY added_at DESC, user_id DESC LIMIT ?`,
          )
          .all(after.addedAt, after.userId, limit)
      : this.#db.prepare(`SELECT ${COLUMNS} FROM targets ORDER BY added_at DESC, user_id DESC LIMIT ?`).all(limit);
    return (rows as RawTarget[]).map(fromRaw);
  }

  get(userId: number): TargetRow | undefined {
    const raw = this.#db.prepare(`SELECT ${COLUMNS} FROM targets WHERE user_id = ?`).get(userId) as RawTarget | undefined;
    return raw && fromRaw(raw);
  }

  /** Adds a target, or refreshes the identity and access of an existing one; the account is recorded as one that sees them. */
  upsert(target: Omit<TargetRow, 'addedAt' | 'paused' | 'scheduleMinutes'>, now: number): TargetRow {
    this.#db
      .prepare(
        `INSERT INTO targets (user_id, account_id, access_hash, first_name, last_name, username, added_at)
         VALUES (@userId, @accountId, @accessHash, @firstName, @lastName, @username, @now)
         ON CONFLICT (user_id) DO UPDATE SET account_id = excluded.account_id, access_hash = excluded.access_hash,
           first_name = excluded.first_name, last_name = excluded.last_name, username = excluded.username`,
      )
      .run({ ...target, now });
    if (target.accountId !== null) this.#grant.run(target.userId, target.accountId, target.accessHash, now);
    return this.get(target.userId)!;
  }

  /** Every target, oldest first (the order a sync works through them). */
  all(): TargetRow[] {
    return (this.#db.prepare(`SELECT ${COLUMNS} FROM targets ORDER BY added_at, user_id`).all() as RawTarget[]).map(fromRaw);
  }

  /** Refreshes the name and username a sync saw, without touching access or pause. */
  updateIdentity(userId: number, identity: Pick<TargetRow, 'firstName' | 'lastName' | 'username'>): void {
    this.#db
      .prepare('UPDATE targets SET first_name = ?, last_name = ?, username = ? WHERE user_id = ?')
      .run(identity.firstName, identity.lastName, identity.username, userId);
  }

  setPaused(userId: number, paused: boolean): boolean {
    return this.#db.prepare('UPDATE targets SET paused = ? WHERE user_id = ?').run(paused ? 1 : 0, userId).changes > 0;
  }

  remove(userId: number): boolean {
    return this.#db.prepare('DELETE FROM targets WHERE user_id = ?').run(userId).changes > 0;
  }
}
