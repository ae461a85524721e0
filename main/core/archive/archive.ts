import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tightenMode } from '../file-modes.js';
import { migrate, type MigrationReport } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/**
 * An archive is a folder that can be moved as a whole: archive.db plus the
 * content-addressed media/ and the generated thumbs/. Secrets never live here.
 */
export interface Archive {
  readonly dir: string;
  readonly db: Database.Database;
  readonly mediaDir: string;
  readonly thumbsDir: string;
  readonly migration: MigrationReport;
  close(): void;
  /** Resolves once background work on the archive (WAL checkpoints) has stopped after close(). */
  settled(): Promise<void>;
}

export interface OpenArchiveOptions {
  /** Checkpoint the WAL from a worker thread (wal-checkpointer.ts), for a process whose thread must stay responsive. */
  readonly backgroundCheckpoints?: boolean;
  /** Told when background checkpoints cannot run (they then fall back to SQLite's own). */
  readonly onProblem?: (message: string) => void;
}

export class ArchiveOpenError extends Error {
  constructor(readonly code: 'ARCHIVE_UNREADABLE' | 'ARCHIVE_NOT_A_DATABASE', message: string) {
    super(message);
  }
}

export const ARCHIVE_DB = 'archive.db';

export function openArchive(dir: string, options: OpenArchiveOptions = {}): Archive {
  const root = path.resolve(dir);
  const mediaDir = path.join(root, 'media');
  const thumbsDir = path.join(root, 'thumbs');
  const dbFile = path.join(root, ARCHIVE_DB);
  try {
    // Who someone follows and their photos are private: folders 0700 and the database 0600 where this app creates
    // them (SQLite gives -wal and -shm the database's mode). A folder the person chose keeps its own mode.
    for (const folder of [root, mediaDir, thumbsDir]) fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    for (const folder of [mediaDir, thumbsDir]) tightenMode(folder, 0o700);
    if (fs.existsSync(dbFile)) tightenMode(dbFile, 0o600);
    else fs.closeSync(fs.openSync(dbFile, 'wx', 0o600));
  } catch (error) {
    throw new ArchiveOpenError('ARCHIVE_UNREADABLE', `Cannot create the archive folder ${root}: ${(error as Error).message}`);
  }

  let db: Database.Database;
  try {
    db = new Database(dbFile);
    db.pragma('journal_mode = WAL');
  } catch (error) {
    throw new ArchiveOpenError('ARCHIVE_NOT_A_DATABASE', `${dbFile} is not a readable archive: ${(error as Error).message}`);
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000'); // the CLI and the app may share an archive
    db.pragma('synchronous = NORMAL'); // safe with WAL; files are fsynced separately
    const migration = migrate(db, MIGRATIONS);
    const checkpointer = options.backgroundCheckpoints ? new WalCheckpointer(db, options.onProblem ?? (() => undefined)) : null;
    let settled: Promise<void> = Promise.resolve();
    const close = (): void => {
      // The worker's connection closes last: it checkpoints what is left and removes the WAL.
      if (checkpointer) settled = checkpointer.close();
      db.close();
    };
    return { dir: root, db, mediaDir, thumbsDir, migration, close, settled: () => settled };
  } catch (error) {
    db.close();
    throw error;
  }
}
