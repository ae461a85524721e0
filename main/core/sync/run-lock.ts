/**
 * One sync at a time per archive, across processes (the app and the CLI may
 * open the same folder). The lock is a settings row naming the holder's pid; a
 * holder that died (kill -9, power cut) no longer counts, so a crash never
 * leaves the archive locked.
 */
import type Database from 'better-sqlite3';
import { isProcessAlive } from '../process-alive.js';

export { isProcessAlive };

const KEY = 'sync.lock';

export class SyncBusyError extends Error {
  readonly code = 'SYNC_BUSY';
  constructor(readonly pid: number) {
    super(pid === process.pid ? 'A sync is already running.' : `Another program (process ${pid}) is syncing this archive right now.`);
  }
}

export class RunLock {
  readonly #db: Database.Database;
  readonly #key: string;
  /** `key`: another lock of the same kind (the scheduler's: one scheduler per archive). */
  constructor(db: Database.Database, key: string = KEY) {
    this.#db = db;
    this.#key = key;
  }

  /** Takes the lock or throws SyncBusyError. */
  acquire(now: number, isAlive: (pid: number) => boolean = isProcessAlive): void {
    this.#db
      .transaction(() => {
        const row = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(this.#key) as { value: string } | undefined;
        if (row) {
          const holder = JSON.parse(row.value) as { pid?: number };
          if (typeof holder.pid === 'number' && isAlive(holder.pid)) throw new SyncBusyError(holder.pid);
        }
        this.#db
          .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
          .run(this.#key, JSON.stringify({ pid: process.pid, since: now }));
      })
      .immediate();
  }

  release(): void {
    this.#db.prepare("DELETE FROM settings WHERE key = ? AND json_extract(value, '$.pid') = ?").run(this.#key, process.pid);
  }
}
