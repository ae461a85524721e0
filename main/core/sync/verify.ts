/**
 * Verify and heal: every media file is read and hashed against what the archive
 * recorded when it was downloaded (files are content-addressed, so a file's name
 * is its sha256 too), and the database gets SQLite's full integrity check. A
 * missing or damaged file of a photo Telegram should still serve is forgotten
 * (its bad bytes deleted, its photo pending again) and fetched again by a sync
 * run of its people; one Telegram no longer has for us (a removed photo, someone
 * no longer archived) is reported as lost and kept exactly as it is.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type Database from 'better-sqlite3';
import type { VerifyProblem, VerifyReport } from '../../../preload/contract/verify.js';
import type { FilesRepo, FileToVerify } from '../archive/files-repo.js';
import type { FileStore } from '../media/file-store.js';
import { SyncBusyError } from './run-lock.js';
import type { SyncService } from './sync-service.js';

export interface VerifyDeps {
  readonly db: Database.Database;
  readonly files: FilesRepo;
  readonly store: FileStore;
  readonly sync: Pick<SyncService, 'start'>;
}

/** sha256 and length of a file, or null when it cannot be read. */
async function hashFile(file: string): Promise<{ sha256: string; bytes: number } | null> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file)) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch {
    return null;
  }
  return { sha256: hash.digest('hex'), bytes };
}

function integrityProblem(db: Database.Database): string | null {
  const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
  return problems.length ? problems.join('; ').slice(0, 2000) : null;
}

type Found = VerifyProblem & { row: FileToVerify };
type FileDeps = Omit<VerifyDeps, 'sync'>;
const plain = ({ row: _row, ...problem }: Found): VerifyProblem => problem;

/** Reads and hashes the files of these rows (ordered so that rows of one file are together). */
async function checkFiles(deps: FileDeps, rows: readonly FileToVerify[]): Promise<{ problems: Found[]; filesChecked: number; bytesChecked: number }> {
  const problems: Found[] = [];
  let filesChecked = 0;
  let bytesChecked = 0;
  // Rows come ordered by path: identical bytes shared by several photos are read once.
  let lastPath = '';
  let verdict: 'ok' | 'missing' | 'damaged' = 'ok';
  for (const row of rows) {
    if (lastPath !== row.path) {
      const found = await hashFile(deps.store.absolute(row.path));
      filesChecked++;
      bytesChecked += found?.bytes ?? 0;
      lastPath = row.path;
      verdict = found === null ? 'missing' : found.sha256 === row.sha256 && found.bytes === row.bytes ? 'ok' : 'damaged';
    }
    if (verdict !== 'ok') problems.push({ photoId: row.photoId.toString(), userId: row.userId, sizeType: row.sizeType, path: row.path, problem: verdict, row });
  }
  return { problems, filesChecked, bytesChecked };
}

/** Forgets damaged or missing files Telegram should still serve, so that a sync fetches them again. */
async function forgetForRefetch(deps: FileDeps, refetch: readonly Found[]): Promise<void> {
  // The store keeps a file already in place (same name, same hash), so bad bytes must go.
  deps.db.transaction(() => {
    for (const p of refetch) deps.files.forget(p.row.photoId, p.row.sizeType);
  })();
  await deps.store.remove([...new Set(refetch.filter((p) => p.problem === 'damaged').map((p) => p.path))]);
}

export async function verifyArchive(deps: VerifyDeps, options: { heal: boolean }): Promise<VerifyReport> {
  const { problems, filesChecked, bytesChecked } = await checkFiles(deps, deps.files.toVerify());
  const lost = problems.filter((p) => !p.row.refetchable);
  const refetch = problems.filter((p) => p.row.refetchable);
  const report = {
    databaseProblem: integrityProblem(deps.db),
    filesChecked,
    bytesChecked,
    problems: problems.map(plain),
    lost: lost.map(plain),
  };
  if (!options.heal || refetch.length === 0) return { ...report, healed: [], pending: [], healRunId: null };

  await forgetForRefetch(deps, refetch);

  let healRunId: number | null = null;
  try {
    const started = await deps.sync.start({ userIds: [...new Set(refetch.map((p) => p.userId))] });
    healRunId = started.runId;
    await started.done;
  } catch (error) {
    // Another sync runs now: the photos are pending, and the next run fetches them.
    if (!(error instanceof SyncBusyError)) throw error;
  }
  const back = new Set(deps.files.toVerify().map((r) => `${r.photoId}:${r.sizeType}`));
  const healed = refetch.filter((p) => back.has(`${p.row.photoId}:${p.row.sizeType}`));
  const pending = refetch.filter((p) => !back.has(`${p.row.photoId}:${p.row.sizeType}`));
  return { ...report, healed: healed.map(plain), pending: pending.map(plain), healRunId };
}

export interface VerifySliceResult {
  /** Where the next slice starts ('' once the whole archive was read: the next one starts over). */
  readonly next: string;
  readonly filesChecked: number;
  /** Damaged or missing files Telegram should still serve: forgotten, so the next run fetches them again. */
  readonly refetch: readonly VerifyProblem[];
  /** Damaged or missing files Telegram no longer has for us: kept as they are, reported. */
  readonly lost: readonly VerifyProblem[];
}

/**
 * Verify, slowly, in the background: the next `files` files after the cursor are read
 * and hashed; what is damaged and still on Telegram is forgotten for the next
 * scheduled run to fetch again (no run is started here), what is lost is reported.
 */
export async function verifySlice(deps: FileDeps, after: string, files: number): Promise<VerifySliceResult> {
  const rows = deps.files.toVerifyAfter(after, files);
  const { problems, filesChecked } = await checkFiles(deps, rows);
  const refetch = problems.filter((p) => p.row.refetchable);
  if (refetch.length) await forgetForRefetch(deps, refetch);
  return { next: rows.at(-1)?.sha256 ?? '', filesChecked, refetch: refetch.map(plain), lost: problems.filter((p) => !p.row.refetchable).map(plain) };
}
