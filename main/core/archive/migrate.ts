import type Database from 'better-sqlite3';
import type { Migration } from './migrations/types.js';

export class DatabaseFromFutureError extends Error {
  readonly code = 'ARCHIVE_TOO_NEW';
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This archive was written by a newer version of Photo Archiver (schema ${found}; this version reads up to ${supported}). ` +
        'Update the app to open it. The archive was not changed.',
    );
  }
}

export interface MigrationReport {
  readonly from: number;
  readonly to: number;
  readonly applied: readonly string[];
}

/**
 * Brings the schema up to the newest migration. All pending steps run in one
 * transaction, so a failure leaves the database exactly as it was.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): MigrationReport {
  assertOrdered(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > latest) throw new DatabaseFromFutureError(from, latest);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };

  db.transaction(() => {
    for (const migration of pending) migration.up(db);
    // PRAGMA cannot take a bound parameter; the value is a checked integer.
    db.pragma(`user_version = ${latest}`);
  })();
  db.pragma('optimize');
  return { from, to: latest, applied: pending.map((m) => `${m.version}-${m.name}`) };
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version <= 0 || (previous && m.version <= previous.version)) {
      throw new Error(`migration versions must be positive and strictly increasing (at ${m.version}-${m.name})`);
    }
  });
}
