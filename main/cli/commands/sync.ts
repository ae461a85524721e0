/** `sync --once` (one run) and `sync` (a run every --interval minutes), and `status`. */
import type { SyncProgress } from '../../../preload/contract/sync.js';
import type { RunRow } from '../../core/archive/runs-repo.js';
import { SyncBusyError } from '../../core/sync/run-lock.js';
import { summarize } from '../../core/sync/sync-service.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { formatBytes, progressLine, type Output } from '../output.js';
import { awaitAutoExport } from './export.js';
import { describePerson, personRows, resolveTargets } from './targets.js';

/** Ctrl-C as the commands see it: the first one asks the work to stop cleanly. */
export interface Interrupt {
  readonly interrupted: boolean;
  onInterrupt(listener: () => void): () => void;
}

function exitFor(run: RunRow): number {
  if (run.status === 'cancelled') return EXIT.INTERRUPTED;
  if (run.status === 'failed') return run.error?.startsWith('SESSION_REVOKED') ? EXIT.NEEDS_LOGIN : EXIT.FAILURE;
  return run.errors > 0 ? EXIT.PARTIAL : EXIT.OK;
}

async function runOnce(ctx: CliContext, out: Output, interrupt: Interrupt, request: { userIds?: number[]; deep: boolean }): Promise<RunRow> {
  const { host } = ctx;
  const unsubscribe = host.events.subscribe((name, payload) => {
    if (name === 'sync.progress') out.progress(payload as SyncProgress);
  });
  let started;
  try {
    started = await host.sync.service.start({ ...(request.userIds ? { userIds: request.userIds } : {}), deep: request.deep });
  } catch (error) {
    unsubscribe();
    if (error instanceof SyncBusyError) throw new CliError(EXIT.BUSY, error.message, error.code);
    throw error;
  }
  const stop = interrupt.onInterrupt(() => {
    out.endProgress();
    out.info('Stopping; everything downloaded so far is kept. (Ctrl-C again to quit at once.)');
    host.sync.service.cancel();
  });
  try {
    return await started.done;
  } finally {
    stop();
    unsubscribe();
    out.endProgress();
  }
}

export function describeRun(run: RunRow): string[] {
  const seconds = run.finishedAt ? ((run.finishedAt - run.startedAt) / 1000).toFixed(1) : '?';
  return [
    `sync ${run.status} in ${seconds}s: ${run.targetsDone}/${run.targetsTotal} targets, ${run.photosFound} new photos, ${run.photosRemoved} removed, ` +
      `${run.filesDownloaded} files (${formatBytes(run.bytesDownloaded)})${run.errors ? `, ${run.errors} errors (retried next run)` : ''}` +
      `${run.floodWaits ? `, ${run.floodWaits} flood waits` : ''}.`,
    ...(run.error ? [`error: ${run.error}`] : []),
  ];
}

export async function syncCommand(
  ctx: CliContext,
  out: Output,
  interrupt: Interrupt,
  cmd: { once: boolean; users: readonly string[]; deep: boolean; intervalMinutes: number },
): Promise<number> {
  const { host } = ctx;
  if (!host.repos.accounts.list().some((a) => a.status === 'active')) {
    throw new CliError(EXIT.NEEDS_LOGIN, 'No Telegram account is logged in here. Run: login', 'NOT_LOGGED_IN');
  }
  if (host.repos.targets.count() === 0) {
    throw new CliError(EXIT.NOTHING_TO_DO, 'Nothing to archive yet: add people first, e.g. targets add @username', 'NO_TARGETS');
  }
  const userIds = cmd.users.length ? resolveTargets(ctx, cmd.users).map((t) => t.userId) : undefined;
  const request = { ...(userIds ? { userIds } : {}), deep: cmd.deep };

  for (;;) {
    const run = await runOnce(ctx, out, interrupt, request);
    const exit = exitFor(run);
    out.result({ run: summarize(run) }, describeRun(run), exit === EXIT.OK);
    await awaitAutoExport(ctx, out, interrupt);
    if (cmd.once || interrupt.interrupted || run.status === 'cancelled' || run.status === 'failed') return exit;
    out.info(`Next run in ${cmd.intervalMinutes} min (Ctrl-C to stop).`);
    const woke = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(true), cmd.intervalMinutes * 60_000);
      const stop = interrupt.onInterrupt(() => {
        clearTimeout(timer);
        stop();
        resolve(false);
      });
    });
    if (!woke) return EXIT.OK;
  }
}

export async function statusCommand(ctx: CliContext, out: Output): Promise<number> {
  const { host } = ctx;
  const status = host.sync.service.status();
  const accounts = host.repos.accounts.list().map(({ updatedAt: _u, ...a }) => a);
  const people = personRows(ctx);
  const { current, lastRun } = status;
  const runningPid = host.sync.service.runningPid();
  const t = status.totals;
  out.result({ archive: ctx.archiveDir, accounts, ...status, runningPid, people }, [
    `archive: ${ctx.archiveDir}`,
    `accounts: ${accounts.length ? accounts.map((a) => `${a.firstName}${a.username ? ` @${a.username}` : ''} [${a.id}] ${a.status}`).join(', ') : 'none (run login)'}`,
    `targets: ${t.targets}; photos: ${t.photos} (${t.removed} removed, ${t.hidden} hidden, ${t.pendingPhotos} waiting for files); files: ${t.files} (${formatBytes(t.bytes)})`,
    runningPid !== null ? `running now (process ${runningPid}): ${current ? progressLine(current, Date.now()) : 'starting'}` : 'running now: no',
    lastRun
      ? `last run #${lastRun.id}: ${lastRun.status}, ${new Date(lastRun.startedAt).toISOString()}, ${lastRun.filesDownloaded} files, ${lastRun.errors} errors`
      : 'last run: never',
    ...people.map((p) => `  ${describePerson(p)}`),
  ]);
  return EXIT.OK;
}
