/**
 * Assembles the background schedule for the host: its store over the archive,
 * the scheduler (started by whoever runs it: the app, or `sync --watch`), and
 * the contract's settings and schedule requests.
 */
import type { Handlers } from '../../../preload/contract.js';
import type { EventBus } from '../api/event-bus.js';
import type { Archive } from '../archive/archive.js';
import type { SettingsRepo } from '../archive/settings-repo.js';
import { createLogger } from '../log.js';
import type { SyncService } from '../sync/sync-service.js';
import type { VerifySliceResult } from '../sync/verify.js';
import { BackgroundVerify } from './background-verify.js';
import { readSettings, updateSettings } from './app-settings.js';
import { ScheduleStore } from './schedule-store.js';
import { realTimers, Scheduler, type Timers } from './scheduler.js';

export interface ScheduleServicesOptions {
  readonly archive: Archive;
  readonly settings: SettingsRepo;
  readonly sync: SyncService;
  readonly events: EventBus;
  readonly now: () => number;
  readonly timers?: Timers;
  /** Verifies the next files after a hash (sync's verifySlice): a slice after each scheduled run. */
  readonly verifySlice: (after: string, files: number) => Promise<VerifySliceResult>;
}

type ScheduleHandlerNames = 'settings.get' | 'settings.update' | 'targets.setSchedule' | 'schedule.overrides' | 'schedule.status' | 'schedule.setPaused';

export interface ScheduleServices {
  readonly store: ScheduleStore;
  readonly scheduler: Scheduler;
  readonly backgroundVerify: BackgroundVerify;
  readonly handlers: Pick<Handlers, ScheduleHandlerNames>;
}

export function createScheduleServices(o: ScheduleServicesOptions): ScheduleServices {
  const store = new ScheduleStore(o.archive.db, o.settings);
  const scheduler = new Scheduler({
    db: o.archive.db,
    store,
    settings: () => readSettings(o.settings).schedule,
    sync: o.sync,
    now: o.now,
    timers: o.timers ?? realTimers,
    log: createLogger('schedule'),
    onStatus: (status) => o.events.emit('schedule.status', status),
  });
  const backgroundVerify = new BackgroundVerify({ settings: o.settings, slice: o.verifySlice, now: o.now, log: createLogger('verify') });
  scheduler.onRunFinished((run) => backgroundVerify.afterRun(run));
  const handlers: Pick<Handlers, ScheduleHandlerNames> = {
    'settings.get': async () => readSettings(o.settings),
    'settings.update': async (update) => {
      const settings = updateSettings(o.settings, update, (work) => o.archive.db.transaction(work)());
      o.events.emit('archive.changed', { scope: 'settings' });
      scheduler.replan();
      return settings;
    },
    'targets.setSchedule': async ({ userId, minutes }) => {
      const changed = store.setTargetSchedule(userId, minutes);
      if (changed) {
        o.events.emit('archive.changed', { scope: 'targets' });
        scheduler.replan();
      }
      return { changed };
    },
    'schedule.overrides': async () => ({ items: store.overrides() }),
    'schedule.status': async () => scheduler.status(),
    'schedule.setPaused': async ({ paused }) => {
      scheduler.setPaused(paused);
      return scheduler.status();
    },
  };
  return { store, scheduler, backgroundVerify, handlers };
}
