/**
 * The scheduler's runner on a real archive, a hand-moved clock and timers, and
 * a sync stand-in that records what it was asked to run (the real engine under
 * the scheduler is proven against the sandbox in test/integration/cli/watch).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../../main/core/archive/archive.js';
import { RunsRepo, type RunRow } from '../../../main/core/archive/runs-repo.js';
import { SettingsRepo } from '../../../main/core/archive/settings-repo.js';
import { SyncStateRepo } from '../../../main/core/archive/sync-state-repo.js';
import { TargetsRepo } from '../../../main/core/archive/targets-repo.js';
import { createLogger } from '../../../main/core/log.js';
import { ScheduleStore } from '../../../main/core/schedule/schedule-store.js';
import { BUSY_RETRY_MS, ScheduleBusyError, Scheduler, type SchedulableSync, type Timers } from '../../../main/core/schedule/scheduler.js';
import { SyncBusyError } from '../../../main/core/sync/run-lock.js';
import type { RunRequest } from '../../../main/core/sync/sync-run.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

class FakeClock implements Timers {
  now = T0;
  #timers: { at: number; fn: () => void; live: boolean }[] = [];
  set(fn: () => void, ms: number): () => void {
    const timer = { at: this.now + ms, fn, live: true };
    this.#timers.push(timer);
    return () => {
      timer.live = false;
    };
  }
  get pending(): number[] {
    return this.#timers.filter((t) => t.live).map((t) => t.at);
  }
  /** Moves the clock, firing each timer due on the way. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = this.#timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      next.live = false;
      this.now = Math.max(this.now, next.at);
      next.fn();
    }
    this.now = end;
  }
}

/** Records runs in the real runs table and marks the chosen targets checked, like the engine does. */
class RecordingSync implements SchedulableSync {
  readonly requests: RunRequest[] = [];
  paused = false;
  busy = false;
  requestsPerRun = 3;
  floodWaits = 0;
  #finish: (() => void) | null = null;
  constructor(
    private readonly archive: Archive,
    private readonly clock: FakeClock,
  ) {}
  get running(): boolean {
    return this.#finish !== null;
  }
  async start(request: RunRequest = {}) {
    if (this.busy || this.#finish) throw new SyncBusyError(process.pid);
    this.requests.push(request);
    const runs = new RunsRepo(this.archive.db);
    const state = new SyncStateRepo(this.archive.db);
    const targets = new TargetsRepo(this.archive.db);
    const runId = runs.start(this.clock.now, process.pid);
    let cancelled = false;
    const done = new Promise<RunRow>((resolve) => {
      this.#finish = () => {
        this.#finish = null;
        const ids = request.userIds ?? targets.all().map((t) => t.userId);
        for (const id of ids) state.patch(id, { lastCheckAt: this.clock.now, lastDeepScanAt: this.clock.now }, this.clock.now);
        runs.update(runId, { targetsTotal: ids.length, targetsDone: ids.length, photosFound: 0, photosRemoved: 0, filesDownloaded: 0, bytesDownloaded: 0, floodWaits: this.floodWaits, floodWaitSeconds: 0, errors: 0 }, { 'users.GetUsers': this.requestsPerRun, 'upload.GetFile': 50 });
        runs.finish(runId, cancelled ? 'cancelled' : 'done', this.clock.now, null);
        resolve(runs.get(runId)!);
      };
    });
    this.cancelHook = () => {
      cancelled = true;
      this.#finish?.();
    };
    return { runId, done };
  }
  cancelHook: () => void = () => undefined;
  /** Ends the current run (the engine finished). */
  async finish(): Promise<void> {
    this.#finish?.();
    await new Promise((r) => setImmediate(r));
  }
  pause(): boolean {
    this.paused = true;
    return true;
  }
  resume(): boolean {
    this.paused = false;
    return true;
  }
  cancel(): boolean {
    this.cancelHook();
    return true;
  }
}

describe('the scheduler runner', () => {
  let dir: string;
  let archive: Archive;
  let clock: FakeClock;
  let sync: RecordingSync;
  let store: ScheduleStore;
  let settings: SettingsRepo;
  const make = (s: RecordingSync = sync): Scheduler =>
    new Scheduler({
      db: archive.db,
      store,
      settings: () => ({ intervalMinutes: 60, deepScanDays: 7, dailyRequestBudget: 10 }),
      sync: s,
      now: () => clock.now,
      timers: clock,
      log: createLogger('test'),
      random: () => 0,
    });
  const flush = () => new Promise((r) => setImmediate(r));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scheduler-'));
    archive = openArchive(dir);
    clock = new FakeClock();
    sync = new RecordingSync(archive, clock);
    settings = new SettingsRepo(archive.db);
    store = new ScheduleStore(archive.db, settings);
    const targets = new TargetsRepo(archive.db);
    for (const id of [11, 12]) targets.upsert({ userId: id, accountId: null, accessHash: null, firstName: `P${id}`, lastName: '', username: null }, T0 - HOUR);
  });

  afterEach(() => {
    archive.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs what is due at start, persists the next run, and runs again when its timer fires', async () => {
    const scheduler = make();
    scheduler.start();
    await flush();
    expect(sync.requests).toEqual([{ userIds: [11, 12], deepUserIds: [] }]);
    expect(scheduler.status().state).toBe('running');
    await sync.finish();
    expect(store.state()).toMatchObject({ lastRunAt: T0, nextRunAt: T0 + HOUR });
    expect(scheduler.status()).toMatchObject({ state: 'waiting', nextRunAt: T0 + HOUR, budget: { limit: 10, used: 3, left: 7 } });
    clock.advance(HOUR);
    await flush();
    expect(sync.requests).toHaveLength(2);
    await sync.finish();
    await scheduler.stop();
  });

  it('lets one scheduler per archive run: a second one is refused until the first stops', async () => {
    const first = make();
    first.start();
    await flush();
    expect(() => make().start()).toThrow(ScheduleBusyError);
    const waiting = make();
    waiting.start({ waitIfBusy: true });
    expect(waiting.status().state).toBe('elsewhere');
    waiting.replan(); // a setting changed meanwhile: it keeps trying the lock
    waiting.setPaused(false);
    await sync.finish();
    await first.stop();
    clock.advance(15 * MIN); // the waiting one looks again and takes over
    await flush();
    expect(waiting.status().state).not.toBe('elsewhere');
    await waiting.stop();
  });

  it('pauses the run while the computer sleeps and catches up once on waking', async () => {
    const scheduler = make();
    scheduler.start();
    await flush();
    scheduler.suspend();
    expect(sync.paused).toBe(true);
    await sync.finish();
    expect(scheduler.status().state).toBe('suspended');
    clock.advance(10 * HOUR); // asleep: no timer runs anything
    expect(sync.requests).toHaveLength(1);
    scheduler.resume();
    await flush();
    expect(sync.paused).toBe(false);
    expect(sync.requests).toHaveLength(2);
    await sync.finish();
    expect(scheduler.status().state).toBe('waiting');
    await scheduler.stop();
  });

  it('tries again a minute later when another run holds the archive', async () => {
    sync.busy = true;
    const scheduler = make();
    scheduler.start();
    await flush();
    expect(clock.pending).toEqual([T0 + BUSY_RETRY_MS]);
    sync.busy = false;
    clock.advance(BUSY_RETRY_MS);
    await flush();
    expect(sync.requests).toHaveLength(1);
    await sync.finish();
    await scheduler.stop();
  });

  it('backs off after a run with flood waits and waits for midnight when the budget is spent', async () => {
    sync.floodWaits = 1;
    const scheduler = make();
    scheduler.start();
    await flush();
    await sync.finish();
    expect(scheduler.status()).toMatchObject({ state: 'backoff', nextRunAt: T0 + 15 * MIN });
    sync.floodWaits = 0;
    sync.requestsPerRun = 10;
    clock.advance(HOUR);
    await flush();
    await sync.finish();
    expect(scheduler.status()).toMatchObject({ state: 'budget', budget: { left: 0 } });
    await scheduler.stop();
  });

  it('pause all keeps scheduled runs from starting; "archive now" still runs everyone', async () => {
    const scheduler = make();
    scheduler.setPaused(true);
    scheduler.start();
    await flush();
    expect(sync.requests).toEqual([]);
    expect(scheduler.status().state).toBe('paused');
    scheduler.runNow();
    await flush();
    expect(sync.requests).toEqual([{}]);
    await sync.finish();
    scheduler.setPaused(false);
    expect(scheduler.status().state).toBe('waiting');
    await scheduler.stop();
  });

  it('stop cancels the run, waits for it, and frees the archive for another scheduler', async () => {
    const scheduler = make();
    scheduler.start();
    await flush();
    await scheduler.stop();
    expect(new RunsRepo(archive.db).latest()?.status).toBe('cancelled');
    const next = make();
    expect(() => next.start()).not.toThrow();
    await flush();
    await sync.finish();
    await next.stop();
  });
});
