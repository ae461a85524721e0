import type Database from 'better-sqlite3';

export type AccountStatus = 'active' | 'needs_login' | 'logged_out';

export interface AccountRow {
  readonly id: number;
  readonly phone: string | null;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
  readonly dcId: number;
  readonly status: AccountStatus;
  readonly addedAt: number;
  readonly updatedAt: number;
}

const COLUMNS = `id, phone, first_name AS firstName, last_name AS lastName, username,
  dc_id AS dcId, status, added_at AS addedAt, updated_at AS updatedAt`;

export class AccountsRepo {
  readonly #db: Database.Database;
  constructor(db: Database.Database) {
    this.#db = db;
  }

  list(): AccountRow[] {
    return this.#db.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY added_at, id`).all() as AccountRow[];
  }

  get(id: number): AccountRow | undefined {
    return this.#db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`).get(id) as AccountRow | undefined;
  }

  /** Inserts or refreshes an account after a login; keeps its original added_at. */
  upsert(account: Omit<AccountRow, 'addedAt' | 'updatedAt' | 'status'> & { status?: AccountStatus }, now: number): AccountRow {
    this.#db
      .prepare(
        `INSERT INTO accounts (id, phone, first_name, last_name, username, dc_id, status, added_at, updated_at)
         VALUES (@id, @phone, @firstName, @lastName, @username, @dcId, @status, @now, @now)
         ON CONFLICT (id) DO UPDATE SET phone = excluded.phone, first_name = excluded.first_name,
           last_name = excluded.last_name, username = excluded.username, dc_id = excluded.dc_id,
           status = excluded.status, updated_at = excluded.updated_at`,
      )
      .run({ ...account, status: account.status ?? 'active', now });
    return this.get(account.id)!;
  }

  setStatus(id: number, status: AccountStatus, now: number): boolean {
    return this.#db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?').run(status, now, id).changes > 0;
  }

  remove(id: number): boolean {
    return this.#db.prepare('DELETE FROM accounts WHERE id = ?').run(id).changes > 0;
  }
}
