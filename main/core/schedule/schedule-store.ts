/**
 * What the scheduler reads and remembers in the archive: the targets with
 * their last checks, its own state (next run, backoff) and the requests spent
 * since a time. Statements are prepared once.
 */
import type Database from 'better-sqlite3';
import { z } from 'zod';
import type { SettingsRepo } from '../archive/settings-repo.js';
import { FRESH_SCHEDULE_STATE, type PlanTarget, type ScheduleState } from './planner.js';

const STATE_KEY = 'schedule.state';
const PAUSED_KEY = 'schedule.paused';

const Stamp = z.number().int().nullable();
const StoredState = z.strictObject({ nextRunAt: Stamp, lastRunAt: Stamp, backoffLevel: z.number().int().min(0).max(64), backoffUntil: Stamp });

export interface PersonSchedule {
  readonly userId: number;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
  readonly minutes: number;
}

type RawTarget = { userId: number; paused: 0 | 1; scheduleMinutes: number | null; lastCheckAt: number | null; lastDeepScanAt: number | null };

export class ScheduleStore {
  readonly #settings: SettingsRepo;
  readonly #targets: Database.Statement<[], RawTarget>;
  readonly #requestsSince: Database.Statement<[number], { n: number }>;
  readonly #setSchedule: Database.Statement<[number | null, number]>;
  readonly #overrides: Database.Statement<[], PersonSchedule>;

  constructor(db: Database.Database, settings: SettingsRepo) {
    this.#settings = settings;
    this.#targets = db.prepare(
      `SELECT t.user_id AS userId, t.paused, t.schedule_minutes AS scheduleMinutes,
              s.last_check_at AS lastCheckAt, s.last_deep_scan_at AS lastDeepScanAt
       FROM targets t LEFT JOIN sync_state s ON s.user_id = t.user_id ORDER BY t.added_at, t.user_id`,
    );
    this.#requestsSince = db.prepare(
      // File parts (upload.*) are paced by bytes in flight, not by a count: the budget is for lookups and listings.
      `SELECT coalesce(sum(CAST(j.value AS INTEGER)), 0) AS n FROM runs r, json_each(r.requests) j
       WHERE r.started_at >= ? AND j.key NOT LIKE 'upload.%'`,
    );
    this.#setSchedule = db.prepare('UPDATE targets SET schedule_minutes = ? WHERE user_id = ?');
    this.#overrides = db.prepare(
      `SELECT user_id AS userId, first_name AS firstName, last_name AS lastName, username, schedule_minutes AS minutes
       FROM targets WHERE schedule_minutes IS NOT NULL ORDER BY first_name, last_name, user_id`,
    );
  }

  targets(): PlanTarget[] {
    return this.#targets.all().map((r) => ({ ...r, paused: r.paused === 1 }));
  }

  /** Telegram requests (file downloads aside) made by runs that started at or after `since` (any process). */
  requestsSince(since: number): number {
    return this.#requestsSince.get(since)?.n ?? 0;
  }

  state(): ScheduleState {
    return this.#settings.get(STATE_KEY, StoredState, FRESH_SCHEDULE_STATE);
  }

  saveState(state: ScheduleState): void {
    this.#settings.set(STATE_KEY, state);
  }

  paused(): boolean {
    return this.#settings.get(PAUSED_KEY, z.boolean(), false);
  }

  setPaused(paused: boolean): void {
    this.#settings.set(PAUSED_KEY, paused);
  }

  /** The people with an interval of their own. */
  overrides(): PersonSchedule[] {
    return this.#overrides.all();
  }

  /** A person's own interval in minutes, or null for the archive's. False: no such person. */
  setTargetSchedule(userId: number, minutes: number | null): boolean {
    return this.#setSchedule.run(minutes, userId).changes > 0;
  }
}
