/**
 * One sync at a time per archive, across processes (the app and the CLI may
 * open the same folder). The lock is a settings row naming the holder's pid; a
 * holder that died (kill -9, power cut) no longer counts, so a crash never
 * leaves the archive locked. Dead means gone, a zombie (kill -9'd, not reaped
 * yet), or another process under a reused pid (the holder's start time differs).
 */
import type Database from 'better-sqlite3';
import { isHolderAlive, isProcessAlive, processStartTime } from '../process-alive.js';

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
  readonly #share: Database.Statement;
  /** `key`: another lock of the same kind (the scheduler's: one scheduler per archive). */
  constructor(db: Database.Database, key: string = KEY) {
    this.#db = db;
    this.#key = key;
    this.#share = db.prepare("UPDATE settings SET value = json_set(value, '$.progress', json(?)) WHERE key = ? AND json_extract(value, '$.pid') = ?");
  }

  /** Takes the lock or throws SyncBusyError. */
  acquire(now: number, isAlive: (holder: { pid: number; started?: string | null }) => boolean = isHolderAlive): void {
    this.#db
      .transaction(() => {
        const row = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(this.#key) as { value: string } | undefined;
        if (row) {
          const holder = JSON.parse(row.value) as { pid?: number; started?: string | null };
          if (typeof holder.pid === 'number' && isAlive({ pid: holder.pid, started: holder.started ?? null })) throw new SyncBusyError(holder.pid);
        }
        this.#db
          .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
          .run(this.#key, JSON.stringify({ pid: process.pid, started: processStartTime(process.pid), since: now }));
      })
      .immediate();
  }

  /** Shares the holder's progress in the lock row, for a status asked from another process. */
  share(progress: unknown): void {
    this.#share.run(JSON.stringify(progress), this.#key, process.pid);
  }

  /** The live process holding the lock and the progress it last shared, or null when nobody (alive) holds it. */
  holder(isAlive: (holder: { pid: number; started?: string | null }) => boolean = isHolderAlive): { pid: number; progress: unknown } | null {
    const row = this.#db.prepare('SELECT value FROM settings WHERE key = ?').get(this.#key) as { value: string } | undefined;
    if (!row) return null;
    const holder = JSON.parse(row.value) as { pid?: number; started?: string | null; progress?: unknown };
    if (typeof holder.pid !== 'number' || !isAlive({ pid: holder.pid, started: holder.started ?? null })) return null;
    return { pid: holder.pid, progress: holder.progress ?? null };
  }

  release(): void {
    this.#db.prepare("DELETE FROM settings WHERE key = ? AND json_extract(value, '$.pid') = ?").run(this.#key, process.pid);
  }
}
