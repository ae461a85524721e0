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

/** The accounts table. Statements are prepared once (get() runs on every request: the call wrapper asks for the home DC and status). */
export class AccountsRepo {
  readonly #list: Database.Statement;
  readonly #get: Database.Statement<[number]>;
  readonly #upsert: Database.Statement;
  readonly #setStatus: Database.Statement<[AccountStatus, number, number]>;
  readonly #remove: Database.Statement<[number]>;

  constructor(db: Database.Database) {
    this.#list = db.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY added_at, id`);
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`);
    this.#upsert = db.prepare(
      `INSERT INTO accounts (id, phone, first_name, last_name, username, dc_id, status, added_at, updated_at)
       VALUES (@id, @phone, @firstName, @lastName, @username, @dcId, @status, @now, @now)
       ON CONFLICT (id) DO UPDATE SET phone = excluded.phone, first_name = excluded.first_name,
         last_name = excluded.last_name, username = excluded.username, dc_id = excluded.dc_id,
         status = excluded.status, updated_at = excluded.updated_at`,
    );
    this.#setStatus = db.prepare('UPDATE accounts SET status = ?, updated_at = ? WHERE id = ?');
    this.#remove = db.prepare('DELETE FROM accounts WHERE id = ?');
  }

  list(): AccountRow[] {
    return this.#list.all() as AccountRow[];
  }

  get(id: number): AccountRow | undefined {
    return this.#get.get(id) as AccountRow | undefined;
  }

  /** Inserts or refreshes an account after a login; keeps its original added_at. */
  upsert(account: Omit<AccountRow, 'addedAt' | 'updatedAt' | 'status'> & { status?: AccountStatus }, now: number): AccountRow {
    this.#upsert.run({ ...account, status: account.status ?? 'active', now });
    return this.get(account.id)!;
  }

  setStatus(id: number, status: AccountStatus, now: number): boolean {
    return this.#setStatus.run(status, now, id).changes > 0;
  }

  remove(id: number): boolean {
    return this.#remove.run(id).changes > 0;
  }
}
