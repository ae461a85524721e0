import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { openArchive } from '../../main/core/archive/archive.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('WAL checkpoints off the main thread', () => {
  it('the main connection never checkpoints; the worker copies the WAL into the database, and removes it on close', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-'));
    dirs.push(dir);
    const problems: string[] = [];
    const archive = openArchive(dir, { backgroundCheckpoints: true, onProblem: (m) => problems.push(m) });
    const dbFile = path.join(dir, 'archive.db');
    expect(archive.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

    archive.db.exec('CREATE TABLE probe (id INTEGER PRIMARY KEY, blob BLOB)');
    const insert = archive.db.prepare('INSERT INTO probe (blob) VALUES (?)');
    const sizeBefore = fs.statSync(dbFile).size;
    // ~6 MB in small commits: past SQLite's 1000-page automatic checkpoint, which must not run here.
    for (let i = 0; i < 1500; i++) insert.run(Buffer.alloc(4000, i % 251));
    // Only the worker can have moved these pages into archive.db.
    await vi.waitFor(() => expect(fs.statSync(dbFile).size).toBeGreaterThan(sizeBefore + 5_000_000), { timeout: 15_000, interval: 100 });

    archive.close();
    await archive.settled();
    expect(fs.existsSync(`${dbFile}-wal`)).toBe(false);
    const reopened = new Database(dbFile, { readonly: true });
    expect(reopened.prepare('SELECT count(*) AS n FROM probe').get()).toEqual({ n: 1500 });
    reopened.close();
    expect(problems).toEqual([]);
  });

  it('is off unless asked for: SQLite checkpoints by itself', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-'));
    dirs.push(dir);
    const archive = openArchive(dir);
    expect(archive.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    archive.close();
  });
});
