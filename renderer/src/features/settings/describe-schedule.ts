import type { ScheduleStatus } from '../../../../preload/contract/settings';

const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
const count = new Intl.NumberFormat();

/** The schedule's state and budget in words (pure, for the Settings screen). */
export function describeSchedule(status: ScheduleStatus, now: Date): { state: string; budget: string } {
  const at = (t: number | null) => (t === null ? '' : new Date(t).toDateString() === now.toDateString() ? ` at ${time.format(t)}` : ` on ${new Date(t).toLocaleString()}`);
  const state: Record<ScheduleStatus['state'], string> = {
    idle: 'Nothing is scheduled: no one to archive, or the app is not scheduling.',
    waiting: `Next run${at(status.nextRunAt)}.`,
    running: 'Archiving now.',
    paused: 'Scheduled runs are paused.',
    suspended: 'Paused while the computer sleeps.',
    backoff: `Telegram asked to slow down: next run${at(status.nextRunAt)}.`,
    budget: `Today's request budget is spent: runs resume${at(status.budget.resetsAt)}.`,
    elsewhere: 'Another program (sync --watch or another copy of the app) schedules this archive.',
  };
  const { limit, used, left } = status.budget;
  return {
    state: state[status.state],
    budget: limit === null ? `${count.format(used)} requests today (no daily limit).` : `${count.format(used)} of ${count.format(limit)} requests used today, ${count.format(left ?? 0)} left.`,
  };
}
