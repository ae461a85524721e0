/**
 * When to archive next and what, as a pure function of the clock, the targets,
 * the settings and what the scheduler remembers. No timers and no I/O here: the
 * runner (scheduler.ts) asks again whenever something changes (a timer fires,
 * the machine wakes, a run ends, a setting changes), so a missed slot, a sleep
 * or a clock jump simply shows up as "what is due now", once.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A target as the planner needs it. */
export interface PlanTarget {
  readonly userId: number;
  readonly paused: boolean;
  /** Per-person override of the interval, in minutes. */
  readonly scheduleMinutes: number | null;
  readonly lastCheckAt: number | null;
  readonly lastDeepScanAt: number | null;
}

export interface ScheduleSettings {
  /** Minutes between checks of a person (unless overridden per person). */
  readonly intervalMinutes: number;
  /** Days between deep scans (full listings that find removed photos). */
  readonly deepScanDays: number;
  /** Telegram requests per local day for scheduled runs; 0: no limit. */
  readonly dailyRequestBudget: number;
  /** Every scheduled run paused (the tray's "Pause all"). */
  readonly paused: boolean;
}

export const DEFAULT_SCHEDULE_SETTINGS: ScheduleSettings = {
  intervalMinutes: 60,
  deepScanDays: 7,
  dailyRequestBudget: 5000,
  paused: false,
};

/** What the scheduler remembers between runs (persisted in the archive). */
export interface ScheduleState {
  /** The planned run, jitter included: a restart keeps it instead of drawing a new one. */
  readonly nextRunAt: number | null;
  readonly lastRunAt: number | null;
  /** Consecutive runs that met flood waits or failed. */
  readonly backoffLevel: number;
  readonly backoffUntil: number | null;
}

export const FRESH_SCHEDULE_STATE: ScheduleState = { nextRunAt: null, lastRunAt: null, backoffLevel: 0, backoffUntil: null };

/** The local day the budget counts in. */
export interface Calendar {
  /** Start of the local day containing t. */
  dayStart(t: number): number;
  /** The next local midnight after t. */
  nextDayStart(t: number): number;
}

export const localCalendar: Calendar = {
  dayStart(t) {
    const d = new Date(t);
    d.setHours(0, 0, 0, 0);
    return d.getTime();
  },
  nextDayStart(t) {
    const d = new Date(t);
    // setHours(24) lands on the next midnight across DST changes too.
    d.setHours(24, 0, 0, 0);
    return d.getTime();
  },
};

export interface PlanInput {
  readonly now: number;
  readonly targets: readonly PlanTarget[];
  readonly settings: ScheduleSettings;
  readonly state: ScheduleState;
  /** Requests spent today (local day) by runs on this archive. */
  readonly requestsToday: number;
  readonly calendar: Calendar;
  /** [0, 1): the jitter draw. */
  readonly random: () => number;
}

export type WaitReason = 'scheduled' | 'backoff' | 'budget';

export type Plan =
  | { readonly kind: 'idle'; readonly reason: 'paused' | 'no-targets' }
  | { readonly kind: 'wait'; readonly until: number; readonly reason: WaitReason }
  | { readonly kind: 'run'; readonly userIds: readonly number[]; readonly deepUserIds: readonly number[] };

/** Jitter: up to this share of the interval, at most MAX_JITTER_MS, so many installs do not ask at the same minute. */
export const JITTER_FRACTION = 0.1;
export const MAX_JITTER_MS = 5 * MINUTE;
/** Backoff after a run that met flood waits: 15 min, doubling, at most a day. */
export const BACKOFF_BASE_MS = 15 * MINUTE;
export const BACKOFF_MAX_MS = DAY;
/** users.getUsers takes 200 per call: the least a check of n people costs. */
const USERS_PER_CHECK = 200;

export function intervalOf(target: PlanTarget, settings: ScheduleSettings): number {
  return (target.scheduleMinutes ?? settings.intervalMinutes) * MINUTE;
}

export function budgetLeft(settings: ScheduleSettings, requestsToday: number): number | null {
  return settings.dailyRequestBudget > 0 ? Math.max(0, settings.dailyRequestBudget - requestsToday) : null;
}

export function planSchedule(input: PlanInput): Plan {
  const { now, settings, state } = input;
  if (settings.paused) return { kind: 'idle', reason: 'paused' };
  const active = input.targets.filter((t) => !t.paused);
  if (active.length === 0) return { kind: 'idle', reason: 'no-targets' };

  // A time in the future is a clock that went back: count it as now, not as a long wait.
  const past = (t: number | null): number | null => (t === null ? null : Math.min(t, now));

  if (state.backoffUntil !== null && state.backoffUntil > now) {
    return { kind: 'wait', until: Math.min(state.backoffUntil, now + BACKOFF_MAX_MS), reason: 'backoff' };
  }

  const left = budgetLeft(settings, input.requestsToday);
  const budgetWait: Plan = { kind: 'wait', until: input.calendar.nextDayStart(now), reason: 'budget' };
  if (left === 0) return budgetWait;

  // A person is due one interval after their last check; runs come no closer
  // together than the shortest interval (a person the last run could not check
  // is tried again next run, not in a loop).
  const dueAt = (t: PlanTarget): number => (past(t.lastCheckAt) ?? Number.NEGATIVE_INFINITY) + intervalOf(t, settings);
  const lastRun = past(state.lastRunAt);
  const shortest = Math.min(...active.map((t) => intervalOf(t, settings)));
  const slot = Math.max(Math.min(...active.map(dueAt)), lastRun === null ? Number.NEGATIVE_INFINITY : lastRun + shortest);

  if (slot > now) {
    const planned = state.nextRunAt;
    // Keep the persisted draw while it still fits this slot; a new slot (or a clock jump) draws again.
    const keep = planned !== null && planned >= slot && planned <= slot + MAX_JITTER_MS;
    const until = keep ? planned : slot + Math.floor(input.random() * Math.min(MAX_JITTER_MS, shortest * JITTER_FRACTION));
    return { kind: 'wait', until, reason: 'scheduled' };
  }
  // The slot has come, but not the jittered time persisted for it.
  if (state.nextRunAt !== null && state.nextRunAt > now && state.nextRunAt - now <= MAX_JITTER_MS && state.nextRunAt >= slot) {
    return { kind: 'wait', until: state.nextRunAt, reason: 'scheduled' };
  }
  const due = active.filter((t) => dueAt(t) <= now);

  const deepUserIds = chooseDeepScans(active, due, input);
  const userIds = [...new Set([...due.map((t) => t.userId), ...deepUserIds])];
  if (left !== null && left < estimateCost(userIds.length, deepUserIds.length)) return budgetWait;
  return { kind: 'run', userIds, deepUserIds };
}

/** The fewest requests a run can cost: the checks, and a listing per deep scan. */
export function estimateCost(targets: number, deepScans: number): number {
  return Math.ceil(targets / USERS_PER_CHECK) + deepScans;
}

/**
 * Deep scans spread over the deep-scan interval instead of all falling on the
 * same day (people added together were scanned together): each run takes its
 * share, N × run interval / deep interval, most overdue first; one overdue by a
 * whole extra interval always goes.
 */
export function chooseDeepScans(active: readonly PlanTarget[], due: readonly PlanTarget[], input: Pick<PlanInput, 'now' | 'settings'>): number[] {
  const deepMs = input.settings.deepScanDays * DAY;
  const overdue = active
    .filter((t) => t.lastDeepScanAt !== null && input.now - Math.min(t.lastDeepScanAt, input.now) >= deepMs)
    .sort((a, b) => a.lastDeepScanAt! - b.lastDeepScanAt! || a.userId - b.userId);
  if (overdue.length === 0 || due.length === 0) return [];
  const share = Math.max(1, Math.ceil((active.length * input.settings.intervalMinutes * MINUTE) / deepMs));
  return overdue.filter((t, i) => i < share || input.now - t.lastDeepScanAt! >= 2 * deepMs).map((t) => t.userId);
}

/** How a run ended, as the schedule needs to know it. */
export interface RunOutcome {
  readonly finishedAt: number;
  readonly status: 'done' | 'cancelled' | 'failed' | 'interrupted' | 'running';
  readonly floodWaits: number;
  readonly floodWaitSeconds: number;
}

/**
 * The state after a run: a run that met flood waits (or failed) backs the next
 * one off, doubling each time; a clean run resets it. A cancelled run (pause,
 * quit, sleep) is not a reason to wait.
 */
export function afterRun(state: ScheduleState, outcome: RunOutcome): ScheduleState {
  const base: ScheduleState = { ...state, lastRunAt: outcome.finishedAt, nextRunAt: null };
  if (outcome.status === 'cancelled') return { ...base, lastRunAt: state.lastRunAt };
  if (outcome.floodWaits > 0 || outcome.status === 'failed') {
    const level = state.backoffLevel + 1;
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (level - 1) + outcome.floodWaitSeconds * 1000);
    return { ...base, backoffLevel: level, backoffUntil: outcome.finishedAt + delay };
  }
  return { ...base, backoffLevel: 0, backoffUntil: null };
}
