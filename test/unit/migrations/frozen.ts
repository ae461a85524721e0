/**
 * Frozen migrations: every shipped migration has a fixture under ./fixtures,
 * `NNNN-name.sql`, the schema and data of an archive at that version as SQL
 * (made by freeze.ts, never by hand), headed by a hash of the SQL the
 * migration ran. Each fixture is the previous one (or an empty database)
 * with the migration applied and then its seed, `NNNN-name.seed.sql`:
 * hand-written representative rows for the tables it adds (optional when it
 * adds none). frozen-migrations.test.ts re-derives every fixture from its
 * predecessor, so an edit to a shipped migration fails, and upgrades every
 * fixture to the newest schema.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { Migration } from '../../../main/core/archive/migrations/types.js';

export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const FREEZE_COMMAND = 'npm run migrations:freeze';

const id = (m: Migration): string => `${String(m.version).padStart(4, '0')}-${m.name}`;
export const fixtureName = (m: Migration): string => `${id(m)}.sql`;
export const seedName = (m: Migration): string => `${id(m)}.seed.sql`;
export const migrationId = id;

const HASH_LINE = /^-- sql-sha256: ([0-9a-f]{64})$/m;

/** A database opened the way the app opens its archive (foreign keys on), in memory. */
export function memoryDb(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  return db;
}

/** A database holding a fixture's schema and rows, at its user_version. */
export function loadFixture(text: string): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = OFF'); // rows are inserted table by table
  db.exec(text);
  db.pragma('foreign_keys = ON');
  return db;
}

/** The quoted identifier (SQLite's rules). */
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface TableRows {
  readonly columns: readonly string[];
  /** Each row as SQL literals (SQLite's quote()), sorted. */
  readonly rows: readonly string[][];
}

/** The rows of every table (internal sqlite_ tables excluded), as exact SQL literals. */
export function tablesOf(db: Database.Database): Map<string, TableRows> {
  const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").pluck().all() as string[];
  const tables = new Map<string, TableRows>();
  for (const name of names) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(name) as string[]);
    const order = columns.map((_c, i) => i + 1).join(', ');
    const rows = db
      .prepare(`SELECT ${columns.map((c) => `quote(${ident(c)})`).join(', ')} FROM ${ident(name)} ORDER BY ${order}`)
      .raw()
      .all() as string[][];
    tables.set(name, { columns, rows });
  }
  return tables;
}

/** The schema objects in creation order, as stored (internal sqlite_ objects excluded). */
export function schemaOf(db: Database.Database): string[] {
  return db.prepare("SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").pluck().all() as string[];
}

/** Runs a migration's up() inside a transaction, recording the SQL text it hands to SQLite. */
function runRecording(db: Database.Database, migration: Migration): string[] {
  const statements: string[] = [];
  const recording = new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (prop === 'exec' || prop === 'prepare' || prop === 'pragma') {
        return (text: string, ...rest: unknown[]) => {
          statements.push(`${prop}: ${text}`);
          return method.call(target, text, ...rest);
        };
      }
      return method.bind(target);
    },
  });
  db.transaction(() => migration.up(recording))();
  return statements;
}

/**
 * A fixture's text: `base` (the previous fixture's database, or an empty one)
 * with `migration` applied and then `seed`. Changes `base`.
 */
export function freezeStep(base: Database.Database, migration: Migration, seed: string | null): string {
  const hash = createHash('sha256').update(runRecording(base, migration).join('\n\0')).digest('hex');
  base.pragma(`user_version = ${migration.version}`);
  if (seed) base.exec(seed);
  const lines = [
    `-- Migration ${id(migration)}, frozen: the schema and data of an archive at schema ${migration.version}.`,
    `-- Made by \`${FREEZE_COMMAND}\` from the previous fixture, the migration and ${seedName(migration)}; do not edit.`,
    `-- sql-sha256: ${hash}`,
    `PRAGMA user_version = ${migration.version};`,
    ...schemaOf(base).map((sql) => `${sql};`),
  ];
  for (const [name, { columns, rows }] of tablesOf(base)) {
    for (const row of rows) lines.push(`INSERT INTO ${ident(name)} (${columns.map(ident).join(', ')}) VALUES (${row.join(', ')});`);
  }
  return `${lines.join('\n')}\n`;
}

/** The SQL hash a fixture was frozen with. */
export function frozenHash(fixture: string): string | null {
  return HASH_LINE.exec(fixture)?.[1] ?? null;
}

export function readFixtureFile(name: string): string | null {
  const file = path.join(FIXTURE_DIR, name);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

/** Tables a fixture leaves without rows: it would not show whether an upgrade keeps their data. */
export function emptyTables(db: Database.Database): string[] {
  return [...tablesOf(db)].filter(([, t]) => t.rows.length === 0).map(([name]) => name);
}
