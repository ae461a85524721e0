/**
 * What a failed upload.getFile means for the download engine. Pure: it reads
 * the seam's errors (TelegramRpcError and friends) by their fields.
 */
import { SessionRevokedError, TelegramRpcError } from '../telegram/caller.js';
import { archiveWriteError } from '../media/archive-write-error.js';
import { RunCancelledError } from './run-control.js';

export type DownloadFailure =
  /** The file reference is stale: refresh the photo and try again. */
  | { readonly kind: 'refresh' }
  /** The file lives on another DC. */
  | { readonly kind: 'migrate'; readonly dcId: number }
  /** Worth another try after a pause (network, Telegram's internal errors). */
  | { readonly kind: 'transient'; readonly reason: string }
  /** This file cannot be fetched now; the photo stays pending for the next run. */
  | { readonly kind: 'permanent'; readonly reason: string }
  /** The run must stop: cancelled, the session is gone, or the archive folder takes no more writes. */
  | { readonly kind: 'fatal' };

const REFRESH = /FILE_REFERENCE_(EXPIRED|INVALID|EMPTY)|FILEREF_UPGRADE_NEEDED/;
// GramJS turns FILE_MIGRATE_X into FileMigrateError whose message reads "... stored in DC X".
const MIGRATE = /FILE_MIGRATE_(\d+)|stored in DC (\d+)/;

export function classifyDownloadError(error: unknown): DownloadFailure {
  if (error instanceof RunCancelledError || error instanceof SessionRevokedError) return { kind: 'fatal' };
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'fatal' };
  if (archiveWriteError(error)) return { kind: 'fatal' };
  const newDc = (error as { newDc?: unknown } | null)?.newDc;
  if (typeof newDc === 'number' && newDc > 0) return { kind: 'migrate', dcId: newDc };
  if (error instanceof TelegramRpcError) {
    const message = error.errorMessage;
    if (REFRESH.test(message)) return { kind: 'refresh' };
    const migrate = MIGRATE.exec(message);
    if (migrate) return { kind: 'migrate', dcId: Number(migrate[1] ?? migrate[2]) };
    // -1: the wrapper gave up on transient failures; 5xx and TIMEOUT are Telegram's side.
    if (error.errorCode === -1 || error.errorCode >= 500 || error.errorCode === -503 || /TIMEOUT/.test(message)) return { kind: 'transient', reason: message };
    return { kind: 'permanent', reason: `${error.errorCode} ${message}` };
  }
  const message = error instanceof Error ? error.message : String(error);
  const migrate = MIGRATE.exec(message);
  if (migrate) return { kind: 'migrate', dcId: Number(migrate[1] ?? migrate[2]) };
  if (REFRESH.test(message)) return { kind: 'refresh' };
  return { kind: 'transient', reason: message.slice(0, 200) };
}
