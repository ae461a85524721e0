import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, ArchiveOpenError } from '../../main/core/archive/archive.js';
import { DatabaseFromFutureError, migrate } from '../../main/core/archive/migrate.js';
import { MIGRATIONS } from '../../main/core/archive/migrations/index.js';
import type { Migration } from '../../main/core/archive/migrations/types.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const LATEST = MIGRATIONS.at(-1)!.version;

describe('archive migrations', () => {
  it('creates a fresh archive at the newest schema, in WAL mode, with its folders', () => {
    const dir = tempDir();
    const archive = openArchive(dir);
    expect(archive.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(archive.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(fs.existsSync(path.join(dir, 'media'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'thumbs'))).toBe(true);
    const tables = (archive.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'targets', 'settings']));
    archive.close();
  });

  it('reopening an up-to-date archive applies nothing', () => {
    const dir = tempDir();
    openArchive(dir).close();
    const again = openArchive(dir);
    expect(again.migration.applied).toEqual([]);
    again.close();
  });

  // Upgrades from every shipped version, with data: migrations/frozen-migrations.test.ts.

  it('refuses an archive from a newer version with a clear message and leaves it untouched', () => {
    const dir = tempDir();
    openArchive(dir).close();
    const raw = new Database(path.join(dir, 'archive.db'));
    raw.pragma(`user_version = ${LATEST + 10}`);
    raw.close();
    expect(() => openArchive(dir)).toThrow(DatabaseFromFutureError);
    expect(() => openArchive(dir)).toThrow(/newer version of Photo Archiver.*Update the app/);
    const after = new Database(path.join(dir, 'archive.db'));
    expect(after.pragma('user_version', { simple: true })).toBe(LATEST + 10);
    after.close();
  });

  it('rolls back every step when one migration fails', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      ...MIGRATIONS,
      { version: LATEST + 10, name: 'broken', up: (d) => d.exec('CREATE TABLE half (x); SELECT * FROM no_such_table') },
    ];
    expect(() => migrate(db, broken)).toThrow(/no_such_table/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()).toEqual({ n: 0 });
  });

  it('rejects migrations that are out of order', () => {
    const db = new Database(':memory:');
    const up = () => undefined;
    expect(() => migrate(db, [{ version: 20, name: 'b', up }, { version: 10, name: 'a', up }])).toThrow(/strictly increasing/);
  });

  it('reports a file that is not a database instead of crashing', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'archive.db'), Buffer.alloc(8192, 7));
    expect(() => openArchive(dir)).toThrow(ArchiveOpenError);
  });
});
