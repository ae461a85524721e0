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

export type ArchiveOpenErrorCode = 'ARCHIVE_UNREADABLE' | 'ARCHIVE_NOT_A_DATABASE' | 'ARCHIVE_CORRUPT' | 'ARCHIVE_READ_ONLY';

export class ArchiveOpenError extends Error {
  constructor(
    readonly code: ArchiveOpenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const ARCHIVE_DB = 'archive.db';

/** What to do about a damaged archive.db (README, "When the archive is damaged"). Nothing was written to it. */
export function recoveryAdvice(dbFile: string): string {
  return (
    `Nothing was written to it. To recover: close the app, then either put back a copy made with the backup command ` +
    `(copy it over ${dbFile}), or rebuild what SQLite can still read: sqlite3 "${dbFile}" ".recover" | sqlite3 recovered.db, ` +
    `then replace archive.db with recovered.db and run verify. The photos in media/ are not affected.`
  );
}

/** SQLite's own verdict on the whole file (PRAGMA quick_check): null when sound, else what is wrong. */
export function integrityProblem(db: Database.Database): string | null {
  try {
    const rows = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
    const problems = rows.map((r) => r.quick_check).filter((r) => r !== 'ok');
    return problems.length ? problems.join('; ') : null;
  } catch (error) {
    return (error as Error).message;
  }
}

const isReadOnlyError = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code === 'EROFS');
};

const isCorruptError = (error: unknown): boolean => {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB');
};

function readOnly(root: string, error: unknown): ArchiveOpenError {
  return new ArchiveOpenError(
    'ARCHIVE_READ_ONLY',
    `The archive at ${root} cannot be written (${(error as Error).message}). It may be on a read-only disk or belong to another user: ` +
      'give your user write access to the folder and its archive.db, or choose another archive folder.',
  );
}

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
    // SQLite opens an unwritable database read-only without a word and fails at the first write:
    // say so now. The folder must be writable too (SQLite keeps archive.db-wal and -shm beside it).
    for (const place of [dbFile, root]) fs.accessSync(place, fs.constants.W_OK);
  } catch (error) {
    if (isReadOnlyError(error)) throw readOnly(root, error);
    throw new ArchiveOpenError('ARCHIVE_UNREADABLE', `Cannot create the archive folder ${root}: ${(error as Error).message}`);
  }

  let db: Database.Database;
  try {
    db = new Database(dbFile);
  } catch (error) {
    throw new ArchiveOpenError('ARCHIVE_NOT_A_DATABASE', `${dbFile} is not a readable archive: ${(error as Error).message}`);
  }
  try {
    // Checked before anything is written: SQLite would otherwise write into a damaged file until it trips over the damage.
    const problem = integrityProblem(db);
    if (problem !== null) {
      throw new ArchiveOpenError(
        /not a database|file is encrypted/i.test(problem) ? 'ARCHIVE_NOT_A_DATABASE' : 'ARCHIVE_CORRUPT',
        `The archive database ${dbFile} is damaged (${problem.slice(0, 300)}). ${recoveryAdvice(dbFile)}`,
      );
    }
    db.pragma('journal_mode = WAL');
  } catch (error) {
    db.close();
    if (error instanceof ArchiveOpenError) throw error;
    if (isReadOnlyError(error)) throw readOnly(root, error);
    if (isCorruptError(error)) throw new ArchiveOpenError('ARCHIVE_CORRUPT', `The archive database ${dbFile} is damaged (${(error as Error).message}). ${recoveryAdvice(dbFile)}`);
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
      // The worker's connection closes last: it checkpoints what is left and removes the WAL. Told
      // only once this one is closed: two connections closing at once each see the other and both
      // leave the WAL behind.
      try {
        db.close();
      } finally {
        if (checkpointer) settled = checkpointer.close();
      }
    };
    return { dir: root, db, mediaDir, thumbsDir, migration, close, settled: () => settled };
  } catch (error) {
    db.close();
    if (isReadOnlyError(error)) throw readOnly(root, error);
    throw error;
  }
}
