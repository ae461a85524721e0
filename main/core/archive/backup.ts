/**
 * A consistent copy of archive.db taken while the app or a sync keeps writing:
 * SQLite's online backup API copies a snapshot (WAL included) page by page, and
 * the copy is opened and checked before it is reported. The media files need no
 * such care (they are never changed once written); copy media/ as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { integrityProblem } from './archive.js';

export interface BackupResult {
  readonly path: string;
  readonly bytes: number;
}

/** `<archive>/backups/archive-2026-12-03T07-05-00Z.db` for a time. */
export function defaultBackupPath(archiveDir: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
  return path.join(archiveDir, 'backups', `archive-${stamp}.db`);
}

export async function backupArchive(db: Database.Database, destination: string): Promise<BackupResult> {
  const target = path.resolve(destination);
  if (fs.existsSync(target)) throw new Error(`${target} exists already; the backup does not overwrite files.`);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  // Created private first: the backup holds who is archived, like the archive itself.
  fs.closeSync(fs.openSync(target, 'wx', 0o600));
  try {
    await db.backup(target);
    const copy = new Database(target, { readonly: true });
    try {
      const problem = integrityProblem(copy);
      if (problem !== null) throw new Error(`The backup at ${target} did not check out: ${problem}`);
    } finally {
      copy.close();
    }
  } catch (error) {
    fs.rmSync(target, { force: true });
    throw error;
  }
  return { path: target, bytes: fs.statSync(target).size };
}
