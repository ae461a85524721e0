/**
 * The scheduler: runs the planner (planner.ts) on the injected clock and
 * timers, starts the runs it asks for through the sync engine, and remembers
 * the outcome. One scheduler per archive across processes (the app and the
 * CLI daemon share a lock row, as they share the sync lock), so a scheduled
 * run in one never collides with the other.
 */
import type Database from 'better-sqlite3';
import type { ScheduleStatus } from '../../../preload/contract/settings.js';
import type { RunRow } from '../archive/runs-repo.js';
import type { Logger } from '../log.js';
import { RunLock, SyncBusyError } from '../sync/run-lock.js';
import type { RunRequest } from '../sync/sync-run.js';
import type { StartedRun } from '../sync/sync-service.js';
import { afterRun, budgetLeft, localCalendar, planSchedule, type Calendar, type Plan, type ScheduleSettings } from './planner.js';
import type { ScheduleStore } from './schedule-store.js';

const MINUTE = 60_000;
/** The scheduler looks again at least this often: targets added by another process, a clock that jumped. */
export const RECHECK_MS = 15 * MINUTE;
/** Another run holds the archive (a manual one, the CLI): try again after this long. */
export const BUSY_RETRY_MS = MINUTE;

export interface Timers {
  /** Calls fn once after ms; returns a cancel function. */
  set(fn: () => void, ms: number): () => void;
}

export const realTimers: Timers = {
  set(fn, ms) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** The part of the sync service the scheduler drives. */
export interface SchedulableSync {
  start(request?: RunRequest): Promise<StartedRun>;
  pause(): boolean;
  resume(): boolean;
  cancel(): boolean;
  readonly running: boolean;
}

export interface SchedulerDeps {
  readonly db: Database.Database;
  readonly store: ScheduleStore;
  /** The schedule's settings as they are now (read on every plan). */
  readonly settings: () => Omit<ScheduleSettings, 'paused'>;
  readonly sync: SchedulableSync;
  readonly now: () => number;
  readonly timers: Timers;
  readonly log: Logger;
  readonly random?: () => number;
  readonly calendar?: Calendar;
  readonly onStatus?: (status: ScheduleStatus) => void;
}

export class ScheduleBusyError extends Error {
  readonly code = 'SCHEDULE_BUSY';
  constructor(readonly pid: number) {
    super(`Another program (process ${pid}) already archives this folder on a schedule.`);
  }
}

export class Scheduler {
  readonly #d: SchedulerDeps;
  readonly #lock: RunLock;
  readonly #calendar: Calendar;
  #owner = false;
  #started = false;
  #suspended = false;
  #current: Promise<RunRow> | null = null;
  #cancelTimer: (() => void) | null = null;
  #lastPlan: Plan | null = null;
  #overrides: Partial<Omit<ScheduleSettings, 'paused'>> = {};
  readonly #runListeners = new Set<(run: RunRow) => void>();

  constructor(deps: SchedulerDeps) {
    this.#d = deps;
    this.#lock = new RunLock(deps.db, 'schedule.lock');
    this.#calendar = deps.calendar ?? localCalendar;
  }

  /**
   * Starts scheduling. Throws ScheduleBusyError when another process schedules
   * this archive, unless `waitIfBusy`: then it says so in its status and tries
   * again every few minutes (the app, beside a CLI daemon).
   */
  start(options: { waitIfBusy?: boolean } = {}): void {
    if (this.#started) return;
    this.#started = true;
    if (!this.#takeLock(options.waitIfBusy === true)) return;
    this.replan();
  }

  /** Stops: no new runs; a run on is cancelled (what it downloaded is kept) and waited for. */
  async stop(): Promise<void> {
    this.#started = false;
    this.#clearTimer();
    if (this.#current) {
      this.#d.sync.cancel();
      await this.#current;
    }
    if (this.#owner) this.#lock.release();
    this.#owner = false;
  }

  /** Settings of this process that win over the archive's (the CLI's --interval). */
  override(settings: Partial<Omit<ScheduleSettings, 'paused'>>): void {
    this.#overrides = { ...settings };
    this.replan();
  }

  #settings(): Omit<ScheduleSettings, 'paused'> {
    return { ...this.#d.settings(), ...this.#overrides };
  }

  /** Looks again now: a setting or a target changed, a timer fired, the machine woke. */
  replan(): void {
    // Not the archive's scheduler (yet): its timer is the one that tries the lock again.
    if (!this.#started || !this.#owner) {
      this.#publish();
      return;
    }
    this.#clearTimer();
    if (this.#suspended || this.#current) {
      this.#publish();
      return;
    }
    const now = this.#d.now();
    const state = this.#d.store.state();
    const plan = planSchedule({
      now,
      targets: this.#d.store.targets(),
      settings: { ...this.#settings(), paused: this.#d.store.paused() },
      state,
      requestsToday: this.#d.store.requestsSince(this.#calendar.dayStart(now)),
      calendar: this.#calendar,
      random: this.#d.random ?? Math.random,
    });
    this.#lastPlan = plan;
    if (plan.kind === 'run') {
      void this.#run({ userIds: plan.userIds, deepUserIds: plan.deepUserIds });
      return;
    }
    if (plan.kind === 'wait') {
      if (plan.reason === 'scheduled' && state.nextRunAt !== plan.until) this.#d.store.saveState({ ...state, nextRunAt: plan.until });
      this.#setTimer(Math.max(0, plan.until - now));
    } else {
      this.#setTimer(RECHECK_MS);
    }
    this.#publish();
  }

  /** "Archive now": every target, whatever the schedule says (the tray, a second launch); also while another process schedules. */
  runNow(): void {
    if (this.#current) return;
    if (this.#owner) this.#clearTimer();
    void this.#run({});
  }

  /** The computer goes to sleep: no new runs, the current one pauses. */
  suspend(): void {
    this.#suspended = true;
    this.#clearTimer();
    this.#d.sync.pause();
    this.#publish();
  }

  /** It woke: the paused run goes on, and what became due while asleep runs once. */
  resume(): void {
    if (!this.#suspended) return;
    this.#suspended = false;
    if (!this.#d.store.paused()) this.#d.sync.resume();
    this.replan();
  }

  /** Pause all (the tray): no scheduled runs, the current run paused; and back. */
  setPaused(paused: boolean): void {
    this.#d.store.setPaused(paused);
    if (paused) this.#d.sync.pause();
    else if (!this.#suspended) this.#d.sync.resume();
    this.replan();
  }

  /** Every run the scheduler started (scheduled or "archive now"), as it ends. */
  onRunFinished(listener: (run: RunRow) => void): () => void {
    this.#runListeners.add(listener);
    return () => this.#runListeners.delete(listener);
  }

  /** Resolves when the run the scheduler started (if any) has ended. */
  async settled(): Promise<void> {
    await this.#current;
  }

  status(): ScheduleStatus {
    const now = this.#d.now();
    const state = this.#d.store.state();
    const settings = this.#settings();
    const used = this.#d.store.requestsSince(this.#calendar.dayStart(now));
    const plan = this.#lastPlan;
    const base = {
      nextRunAt: plan?.kind === 'wait' ? Math.round(plan.until) : null,
      lastRunAt: state.lastRunAt,
      budget: {
        limit: settings.dailyRequestBudget > 0 ? settings.dailyRequestBudget : null,
        used,
        left: budgetLeft({ ...settings, paused: false }, used),
        resetsAt: this.#calendar.nextDayStart(now),
      },
    };
    const idle = { ...base, nextRunAt: null };
    if (this.#started && !this.#owner) return { ...idle, state: 'elsewhere' };
    if (this.#d.sync.running || this.#current) return { ...idle, state: 'running' };
    if (this.#suspended) return { ...idle, state: 'suspended' };
    if (this.#d.store.paused()) return { ...idle, state: 'paused' };
    if (plan?.kind === 'wait') return { ...base, state: plan.reason === 'scheduled' ? 'waiting' : plan.reason };
    return { ...idle, state: 'idle' };
  }

  #takeLock(waitIfBusy: boolean): boolean {
    try {
      this.#lock.acquire(this.#d.now());
      this.#owner = true;
      return true;
    } catch (error) {
      if (!(error instanceof SyncBusyError)) throw error;
      if (!waitIfBusy) {
        this.#started = false;
        throw new ScheduleBusyError(error.pid);
      }
      this.#setTimer(RECHECK_MS, () => {
        if (this.#started && this.#takeLock(true)) this.replan();
      });
      this.#publish();
      return false;
    }
  }

  async #run(request: RunRequest): Promise<void> {
    let started: StartedRun;
    try {
      started = await this.#d.sync.start(request);
    } catch (error) {
      // A manual run here or a run of another process holds the archive: look again shortly.
      if (!(error instanceof SyncBusyError)) this.#d.log.error('a scheduled run did not start', error);
      if (this.#owner) this.#setTimer(BUSY_RETRY_MS);
      this.#publish();
      return;
    }
    this.#current = started.done;
    this.#publish();
    const run = await started.done;
    this.#current = null;
    // Only the archive's scheduler keeps its state (a run asked for elsewhere still counts in the budget).
    if (this.#owner) this.#d.store.saveState(afterRun(this.#d.store.state(), { ...run, finishedAt: run.finishedAt ?? this.#d.now() }));
    this.replan();
    for (const listener of [...this.#runListeners]) listener(run);
  }

  #setTimer(ms: number, fn: () => void = () => this.replan()): void {
    this.#clearTimer();
    this.#cancelTimer = this.#d.timers.set(fn, Math.min(ms, RECHECK_MS));
  }

  #clearTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
  }

  #publish(): void {
    this.#d.onStatus?.(this.status());
  }
}
