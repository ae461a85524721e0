import { afterEach, describe, expect, it } from 'vitest';
import {
  afterRun,
  BACKOFF_BASE_MS,
  DEFAULT_SCHEDULE_SETTINGS,
  FRESH_SCHEDULE_STATE,
  localCalendar,
  MAX_JITTER_MS,
  planSchedule,
  type Plan,
  type PlanInput,
  type PlanTarget,
  type ScheduleSettings,
  type ScheduleState,
} from '../../../main/core/schedule/planner.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

/** A small world the planner runs in: targets, the state, a clock that we move by hand. */
class World {
  now = T0;
  state: ScheduleState = FRESH_SCHEDULE_STATE;
  requestsToday = 0;
  draws = [0.5];
  readonly runs: { at: number; userIds: readonly number[]; deep: readonly number[] }[] = [];
  targets: PlanTarget[];
  settings: ScheduleSettings;

  constructor(n: number, settings: Partial<ScheduleSettings> = {}) {
    this.targets = Array.from({ length: n }, (_, i) => ({ userId: i + 1, paused: false, scheduleMinutes: null, lastCheckAt: null, lastDeepScanAt: null }));
    this.settings = { ...DEFAULT_SCHEDULE_SETTINGS, dailyRequestBudget: 0, ...settings };
  }

  input(): PlanInput {
    let i = 0;
    return {
      now: this.now,
      targets: this.targets,
      settings: this.settings,
      state: this.state,
      requestsToday: this.requestsToday,
      calendar: localCalendar,
      random: () => this.draws[i++ % this.draws.length]!,
    };
  }

  /** One look, as the runner makes it: a run happens at once (and takes no time), a wait is remembered. */
  step(outcome: { floodWaits?: number; floodWaitSeconds?: number; status?: 'done' | 'failed' } = {}): Plan {
    const plan = planSchedule(this.input());
    if (plan.kind === 'run') {
      this.runs.push({ at: this.now, userIds: plan.userIds, deep: plan.deepUserIds });
      const chosen = new Set(plan.userIds);
      const deep = new Set(plan.deepUserIds);
      this.targets = this.targets.map((t) =>
        chosen.has(t.userId) ? { ...t, lastCheckAt: this.now, lastDeepScanAt: deep.has(t.userId) || t.lastDeepScanAt === null ? this.now : t.lastDeepScanAt } : t,
      );
      this.state = afterRun(this.state, { finishedAt: this.now, status: outcome.status ?? 'done', floodWaits: outcome.floodWaits ?? 0, floodWaitSeconds: outcome.floodWaitSeconds ?? 0 });
    } else if (plan.kind === 'wait' && plan.reason === 'scheduled') {
      this.state = { ...this.state, nextRunAt: plan.until };
    }
    return plan;
  }

  /** Lets the clock run to `until`, following every timer the plan sets, as the runner does. */
  runUntil(until: number): void {
    for (let guard = 0; guard < 100_000; guard++) {
      const plan = this.step();
      if (plan.kind === 'run') continue;
      const next = plan.kind === 'wait' ? plan.until : this.now + 15 * MIN;
      if (next > until) break;
      this.now = Math.max(this.now, next);
    }
    this.now = until;
  }
}

describe('the schedule planner', () => {
  it('archives everyone at the first start, then waits one interval plus a little jitter', () => {
    const w = new World(3);
    expect(w.step()).toEqual({ kind: 'run', userIds: [1, 2, 3], deepUserIds: [] });
    const wait = w.step();
    expect(wait).toMatchObject({ kind: 'wait', reason: 'scheduled' });
    const until = (wait as { until: number }).until;
    expect(until).toBeGreaterThanOrEqual(T0 + HOUR);
    expect(until).toBeLessThanOrEqual(T0 + HOUR + MAX_JITTER_MS);
    expect(until).not.toBe(T0 + HOUR); // the draw (0.5) moved it
  });

  it('keeps the persisted next run across restarts instead of drawing again', () => {
    const w = new World(2);
    w.step();
    const first = w.step() as { until: number };
    w.draws = [0.99];
    expect(w.step()).toEqual({ kind: 'wait', until: first.until, reason: 'scheduled' });
    // The slot has come but the jittered time not yet: still waiting for it.
    w.now = T0 + HOUR + 1;
    expect(w.step()).toEqual({ kind: 'wait', until: first.until, reason: 'scheduled' });
    w.now = first.until;
    expect(w.step()).toMatchObject({ kind: 'run', userIds: [1, 2] });
  });

  it('catches up once after the computer slept through many slots', () => {
    const w = new World(2);
    w.step();
    w.now = T0 + 10 * HOUR + 7 * MIN; // asleep for ten slots
    expect(w.step()).toMatchObject({ kind: 'run', userIds: [1, 2] });
    const next = w.step();
    expect(next).toMatchObject({ kind: 'wait', reason: 'scheduled' });
    expect((next as { until: number }).until).toBeGreaterThanOrEqual(w.now + HOUR);
    expect(w.runs).toHaveLength(2);
  });

  it('runs once when a run was missed (the app was closed) and the clock jumps forward', () => {
    const w = new World(1);
    w.runUntil(T0 + 3 * HOUR);
    const before = w.runs.length;
    w.now += 30 * DAY; // clock set forward a month
    w.runUntil(w.now + 1);
    expect(w.runs.length - before).toBe(1);
  });

  it('does not wait for days when the clock jumps backwards', () => {
    const w = new World(2);
    w.step();
    w.step();
    w.now = T0 - 3 * DAY; // clock set back three days: every stamp lies in the future
    const plan = w.step();
    expect(plan).toMatchObject({ kind: 'wait', reason: 'scheduled' });
    const until = (plan as { until: number }).until;
    expect(until).toBeGreaterThanOrEqual(w.now + HOUR);
    expect(until).toBeLessThanOrEqual(w.now + HOUR + MAX_JITTER_MS);
  });

  it('backs off after flood waits, doubling, and resets after a clean run', () => {
    const w = new World(1);
    w.step({ floodWaits: 2, floodWaitSeconds: 30 });
    expect(w.step()).toEqual({ kind: 'wait', until: T0 + BACKOFF_BASE_MS + 30_000, reason: 'backoff' });
    expect(w.state.backoffLevel).toBe(1);
    // Past the backoff, the run waits for its interval as usual; the next one floods again.
    w.now = T0 + HOUR + MAX_JITTER_MS;
    w.step({ floodWaits: 1 });
    expect(w.step()).toEqual({ kind: 'wait', until: w.now + 2 * BACKOFF_BASE_MS, reason: 'backoff' });
    w.now += 2 * HOUR;
    w.step();
    expect(w.state).toMatchObject({ backoffLevel: 0, backoffUntil: null });
  });

  it('a failed run backs off too; a cancelled one leaves the schedule as it was', () => {
    const w = new World(1);
    w.step({ status: 'failed' });
    expect(w.step()).toMatchObject({ kind: 'wait', reason: 'backoff' });
    const state = { ...FRESH_SCHEDULE_STATE, lastRunAt: T0 - HOUR };
    expect(afterRun(state, { finishedAt: T0, status: 'cancelled', floodWaits: 0, floodWaitSeconds: 0 })).toMatchObject({ lastRunAt: T0 - HOUR, backoffLevel: 0 });
  });

  it('a person with their own interval is checked more often without delaying the others', () => {
    const w = new World(3);
    w.targets[0] = { ...w.targets[0]!, scheduleMinutes: 10 };
    w.draws = [0];
    w.runUntil(T0 + 3 * HOUR - 1);
    const checks = (id: number) => w.runs.filter((r) => r.userIds.includes(id)).length;
    expect(checks(1)).toBe(18); // every 10 minutes
    expect(checks(2)).toBe(3); // every hour, not pushed back by the frequent runs
    expect(checks(3)).toBe(3);
  });

  it('stops when the daily budget runs out and starts again after local midnight', () => {
    process.env['TZ'] = 'America/New_York';
    const w = new World(2, { dailyRequestBudget: 100 });
    w.now = new Date(2026, 2, 7, 20, 0, 0).getTime(); // 8 pm the day before the DST change
    w.requestsToday = 100;
    const plan = w.step();
    const midnight = new Date(2026, 2, 8, 0, 0, 0).getTime();
    expect(plan).toEqual({ kind: 'wait', until: midnight, reason: 'budget' });
    expect(new Date(midnight).getHours()).toBe(0);
    w.now = midnight;
    w.requestsToday = 0; // a new local day counts from zero
    expect(w.step()).toMatchObject({ kind: 'run' });
    // The DST day is 23 hours long: the next refill is the next local midnight, not +24 h.
    expect(localCalendar.nextDayStart(midnight + HOUR)).toBe(midnight + 23 * HOUR);
  });

  it('runs when the budget has just enough left for the checks', () => {
    const w = new World(450, { dailyRequestBudget: 100 });
    w.requestsToday = 97; // 450 people: 3 users.getUsers calls
    expect(w.step()).toMatchObject({ kind: 'run' });
    const v = new World(450, { dailyRequestBudget: 100 });
    v.requestsToday = 98;
    expect(v.step()).toMatchObject({ kind: 'wait', reason: 'budget' });
  });

  it('spreads deep scans over the week instead of doing them all on one day', () => {
    const w = new World(168);
    w.draws = [0];
    w.runUntil(T0 + 21 * DAY);
    const perRun = w.runs.map((r) => r.deep.length);
    expect(Math.max(...perRun)).toBeLessThanOrEqual(2);
    // Everyone was deep-scanned again in the second and third weeks, and never twice in a week.
    for (const t of w.targets) {
      const scans = w.runs.filter((r) => r.deep.includes(t.userId)).map((r) => r.at);
      expect(scans.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < scans.length; i++) expect(scans[i]! - scans[i - 1]!).toBeGreaterThanOrEqual(7 * DAY);
    }
    // In the third week the scans are spread: at most two in any run, about one an hour.
    const thirdWeek = w.runs.filter((r) => r.at >= T0 + 14 * DAY);
    expect(thirdWeek.filter((r) => r.deep.length > 0).length).toBeGreaterThan(100);
  });

  it('waits for nothing while paused or without anyone to archive', () => {
    expect(new World(2, { paused: true }).step()).toEqual({ kind: 'idle', reason: 'paused' });
    expect(new World(0).step()).toEqual({ kind: 'idle', reason: 'no-targets' });
    const w = new World(2);
    w.targets = w.targets.map((t) => ({ ...t, paused: true }));
    expect(w.step()).toEqual({ kind: 'idle', reason: 'no-targets' });
  });
});

afterEach(() => {
  delete process.env['TZ'];
});
