import type Database from 'better-sqlite3';
import type { TargetStatus, TargetSyncState } from '../sync/target-plan.js';

export interface SyncStateRow extends TargetSyncState {
  readonly userId: number;
  readonly lastError: string | null;
}

export type SyncStatePatch = Partial<Omit<SyncStateRow, 'userId'>>;

const COLUMNS: Record<keyof Omit<SyncStateRow, 'userId'>, string> = {
  status: 'status',
  currentPhotoId: 'current_photo_id',
  newestPhotoId: 'newest_photo_id',
  backfillCursor: 'backfill_cursor',
  historyComplete: 'history_complete',
  hiddenSince: 'hidden_since',
  lastCheckAt: 'last_check_at',
  lastDeepScanAt: 'last_deep_scan_at',
  lastFullUserAt: 'last_full_user_at',
  lastError: 'last_error',
};

const idOrNull = (v: unknown): bigint | null => (v === null || v === undefined ? null : BigInt(v as bigint));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Per-target sync progress: the backfill cursor, the last checks, the status. */
export class SyncStateRepo {
  readonly #db: Database.Database;
  readonly #get: Database.Statement;
  readonly #all: Database.Statement;
  readonly #remove: Database.Statement;
  /** patch() statements by the set of columns they write (a handful of shapes in practice). */
  readonly #patches = new Map<string, Database.Statement>();

  /** Statements are prepared once: here, or on the first patch of each shape. */
  constructor(db: Database.Database) {
    this.#db = db;
    this.#get = db.prepare('SELECT * FROM sync_state WHERE user_id = ?').safeIntegers(true);
    this.#all = db.prepare('SELECT * FROM sync_state ORDER BY user_id').safeIntegers(true);
    this.#remove = db.prepare('DELETE FROM sync_state WHERE user_id = ?');
  }

  get(userId: number): SyncStateRow | undefined {
    const r = this.#get.get(userId) as Record<string, unknown> | undefined;
    return r && fromRaw(r);
  }

  all(): SyncStateRow[] {
    return (this.#all.all() as Record<string, unknown>[]).map(fromRaw);
  }

  /**
   * Creates or updates the row with the given fields; untouched fields keep their values. Only for a
   * target: a run still working on someone just removed (and purged) leaves no state behind.
   */
  patch(userId: number, patch: SyncStatePatch, now: number): void {
    const entries = Object.entries(patch).filter(([, v]) => v !== undefined) as [keyof typeof COLUMNS, unknown][];
    const values = entries.map(([, v]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v));
    const names = entries.map(([k]) => COLUMNS[k]);
    const shape = names.join(',');
    let stmt = this.#patches.get(shape);
    if (!stmt) {
      stmt = this.#db.prepare(
        `INSERT INTO sync_state (user_id, updated_at${names.map((n) => `, ${n}`).join('')})
         SELECT ?, ?${names.map(() => ', ?').join('')} WHERE EXISTS (SELECT 1 FROM targets WHERE user_id = ?)
         ON CONFLICT (user_id) DO UPDATE SET updated_at = excluded.updated_at${names.map((n) => `, ${n} = excluded.${n}`).join('')}`,
      );
      this.#patches.set(shape, stmt);
    }
    stmt.run(userId, now, ...values, userId);
  }

  remove(userId: number): void {
    this.#remove.run(userId);
  }
}

function fromRaw(r: Record<string, unknown>): SyncStateRow {
  return {
    userId: Number(r['user_id']),
    status: r['status'] as TargetStatus,
    currentPhotoId: idOrNull(r['current_photo_id']),
    newestPhotoId: idOrNull(r['newest_photo_id']),
    backfillCursor: idOrNull(r['backfill_cursor']),
    historyComplete: Number(r['history_complete']) === 1,
    hiddenSince: numOrNull(r['hidden_since']),
    lastCheckAt: numOrNull(r['last_check_at']),
    lastDeepScanAt: numOrNull(r['last_deep_scan_at']),
    lastFullUserAt: numOrNull(r['last_full_user_at']),
    lastError: (r['last_error'] as string | null) ?? null,
  };
}
