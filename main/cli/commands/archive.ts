/** `verify` (re-hash and heal) and `backup` (a consistent copy of archive.db, also during a sync). */
import type { VerifyProblem } from '../../../preload/contract/verify.js';
import { backupArchive, defaultBackupPath } from '../../core/archive/backup.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { formatBytes, type Output } from '../output.js';
import { request } from '../requests.js';

const describeProblem = (p: VerifyProblem): string => `  ${p.problem} ${p.path} (photo ${p.photoId}/${p.sizeType} of ${p.userId})`;

export async function verifyCommand(ctx: CliContext, out: Output, heal: boolean): Promise<number> {
  if (heal) out.info('Checking every file; damaged or missing ones are fetched again from Telegram…');
  const report = await request(ctx.host, 'archive.verify', { heal });
  // 0 only when everything is sound now: nothing was wrong, or all of it was fetched again.
  const exit = report.databaseProblem !== null ? EXIT.ARCHIVE_UNUSABLE : report.problems.length > report.healed.length ? EXIT.PARTIAL : EXIT.OK;
  out.result({ verify: report }, [
    `database: ${report.databaseProblem === null ? 'sound' : `DAMAGED: ${report.databaseProblem} (see README, "When the archive is damaged")`}`,
    `files: ${report.filesChecked} checked (${formatBytes(report.bytesChecked)}), ${report.problems.length} missing or damaged`,
    ...(report.healed.length ? [`fetched again from Telegram: ${report.healed.length}`, ...report.healed.map(describeProblem)] : []),
    ...(report.lost.length ? [`lost (Telegram no longer has them for us; kept as they are): ${report.lost.length}`, ...report.lost.map(describeProblem)] : []),
    ...(report.pending.length ? [`still to fetch (the next sync retries): ${report.pending.length}`, ...report.pending.map(describeProblem)] : []),
    ...(!heal && report.problems.length ? ['Run verify without --check-only to fetch them again.', ...report.problems.map(describeProblem)] : []),
  ], exit === EXIT.OK);
  return exit;
}

export async function backupCommand(ctx: CliContext, out: Output, to: string | undefined): Promise<number> {
  const result = await backupArchive(ctx.host.archive.db, to ?? defaultBackupPath(ctx.archiveDir, Date.now()));
  out.result({ backup: result }, `archive.db backed up to ${result.path} (${formatBytes(result.bytes)}); media/ needs no special care: copy it as it is.`);
  return EXIT.OK;
}
