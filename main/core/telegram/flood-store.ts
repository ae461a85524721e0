import type Database from 'better-sqlite3';

export interface FloodDeadline {
  readonly method: string;
  /** Unix ms when the method may be called again. */
  readonly until: number;
  readonly seconds: number;
}

/** Where FLOOD_WAIT deadlines live between calls and across restarts. */
export interface FloodStore {
  /** The deadline for `method`, if it is still in the future. */
  get(accountId: number, method: string, now: number): FloodDeadline | undefined;
  /** Records a wait; an earlier deadline never shortens a later one already known. */
  set(accountId: number, deadline: FloodDeadline): void;
  clear(accountId: number, method: string): void;
  /** Every deadline still in the future, soonest first. */
  active(accountId: number, now: number): FloodDeadline[];
}

/** The archive's flood_waits table (migration 0015). */
export class SqliteFloodStore implements FloodStore {
  readonly #get: Database.Statement<[number, string, number]>;
  readonly #set: Database.Statement<[number, string, number, number]>;
  readonly #clear: Database.Statement<[number, string]>;
  readonly #active: Database.Statement<[number, number]>;

  constructor(db: Database.Database) {
    this.#get = db.prepare('SELECT method, until, seconds FROM flood_waits WHERE account_id = ? AND method = ? AND until > ?');
    this.#set = db.prepare(
      `INSERT INTO flood_waits (account_id, method, until, seconds) VALUES (?, ?, ?, ?)
       ON CONFLICT (account_id, method) DO UPDATE SET until = MAX(until, excluded.until), seconds = excluded.seconds`,
    );
    this.#clear = db.prepare('DELETE FROM flood_waits WHERE account_id = ? AND method = ?');
    this.#active = db.prepare('SELECT method, until, seconds FROM flood_waits WHERE account_id = ? AND until > ? ORDER BY until');
  }

  get(accountId: number, method: string, now: number): FloodDeadline | undefined {
    return this.#get.get(accountId, method, now) as FloodDeadline | undefined;
  }
  set(accountId: number, deadline: FloodDeadline): void {
    this.#set.run(accountId, deadline.method, Math.round(deadline.until), Math.round(deadline.seconds));
  }
  clear(accountId: number, method: string): void {
    this.#clear.run(accountId, method);
  }
  active(accountId: number, now: number): FloodDeadline[] {
    return this.#active.all(accountId, now) as FloodDeadline[];
  }
}

/** Same behaviour in memory (unit tests, throwaway callers). */
export class MemoryFloodStore implements FloodStore {
  readonly #deadlines = new Map<string, FloodDeadline>();
  get(accountId: number, method: string, now: number): FloodDeadline | undefined {
    const d = this.#deadlines.get(`${accountId}:${method}`);
    return d && d.until > now ? d : undefined;
  }
  set(accountId: number, deadline: FloodDeadline): void {
    const key = `${accountId}:${deadline.method}`;
    const known = this.#deadlines.get(key);
    this.#deadlines.set(key, known && known.until > deadline.until ? { ...deadline, until: known.until } : deadline);
  }
  clear(accountId: number, method: string): void {
    this.#deadlines.delete(`${accountId}:${method}`);
  }
  active(accountId: number, now: number): FloodDeadline[] {
    return [...this.#deadlines.entries()]
      .filter(([key, d]) => key.startsWith(`${accountId}:`) && d.until > now)
      .map(([, d]) => d)
      .sort((a, b) => a.until - b.until);
  }
}
