/**
 * `sync --watch`: the app's background schedule as a long-lived process (for a
 * systemd service, launchd, a terminal). One scheduler per archive: a second
 * daemon, or the app scheduling the same folder, makes this one exit 5. A run
 * ends as a line (JSON with --json); SIGTERM or Ctrl-C cancels the run on,
 * keeps everything it downloaded, and exits 0.
 */
import type { RunRow } from '../../core/archive/runs-repo.js';
import { ScheduleBusyError } from '../../core/schedule/scheduler.js';
import { summarize } from '../../core/sync/sync-service.js';
import type { CliContext } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { Output } from '../output.js';
import type { Interrupt } from './sync.js';
import { describeRun } from './sync.js';

export async function watchCommand(ctx: CliContext, out: Output, interrupt: Interrupt, cmd: { intervalMinutes?: number }): Promise<number> {
  const { host } = ctx;
  const { scheduler } = host.schedule;
  if (host.repos.targets.count() && !host.repos.accounts.list().some((a) => a.status === 'active')) {
    throw new CliError(EXIT.NEEDS_LOGIN, 'No Telegram account is logged in here. Run: login', 'NOT_LOGGED_IN');
  }
  if (cmd.intervalMinutes !== undefined) scheduler.override({ intervalMinutes: cmd.intervalMinutes });

  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));
  const stopRuns = scheduler.onRunFinished((run: RunRow) => {
    const status = scheduler.status();
    out.result({ run: summarize(run), schedule: status }, [
      ...describeRun(run),
      status.nextRunAt ? `next run ${new Date(status.nextRunAt).toISOString()}` : `schedule: ${status.state}`,
    ]);
    // A login that ended makes every later run fail the same way: stop, so a service manager shows it.
    if (run.error?.startsWith('SESSION_REVOKED')) finish(EXIT.NEEDS_LOGIN);
  });
  const stopProgress = host.events.subscribe((name, payload) => {
    if (name === 'sync.progress' && !out.json) out.progress(payload as Parameters<Output['progress']>[0]);
  });
  const stopInterrupt = interrupt.onInterrupt(() => {
    out.endProgress();
    out.info('Stopping; everything downloaded so far is kept.');
    finish(EXIT.OK);
  });
  try {
    scheduler.start();
  } catch (error) {
    stopRuns();
    stopProgress();
    stopInterrupt();
    if (error instanceof ScheduleBusyError) throw new CliError(EXIT.BUSY, error.message, error.code);
    throw error;
  }
  out.info(`Watching ${ctx.archiveDir} (${cmd.intervalMinutes ?? 'the archive’s'} ${cmd.intervalMinutes === undefined ? 'interval' : 'min'}); Ctrl-C or SIGTERM stops.`);
  try {
    return await finished;
  } finally {
    stopInterrupt();
    await scheduler.stop();
    stopRuns();
    stopProgress();
    out.endProgress();
  }
}
