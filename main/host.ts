/**
 * The composition root: builds the core services from injected ports. The
 * Electron entry, the headless CLI and the test harness all start the app
 * through createHost, so they run the very same handlers.
 */
import type { Handlers } from '../preload/contract.js';
import { createDispatcher, type Dispatch } from './core/api/dispatch.js';
import { EventBus } from './core/api/event-bus.js';
import { accountHandlers } from './core/api/handlers/accounts.js';
import { telegramAccountHandlers } from './core/api/handlers/accounts-telegram.js';
import { credentialsHandlers } from './core/api/handlers/credentials.js';
import { loginHandlers } from './core/api/handlers/login.js';
import { appHandlers } from './core/api/handlers/app.js';
import { createGalleryServices } from './core/api/gallery-services.js';
import type { DesktopActions } from './core/media/desktop-actions.js';
import type { ThumbnailService } from './core/media/thumbnail-service.js';
import { targetHandlers } from './core/api/handlers/targets.js';
import { AccountsRepo } from './core/archive/accounts-repo.js';
import { openArchive, type Archive } from './core/archive/archive.js';
import { SettingsRepo } from './core/archive/settings-repo.js';
import { TargetsRepo } from './core/archive/targets-repo.js';
import { createLogger } from './core/log.js';
import type { SecretStore } from './core/secrets/secret-store.js';
import type { CallTiming } from './core/telegram/call-wrapper.js';
import type { TelegramClientOptions } from './core/telegram/client-factory.js';
import type { ServerProfile } from './core/telegram/server-profile.js';
import { createTelegramServices, type TelegramServices } from './core/telegram/services.js';
import { createScheduleServices, type ScheduleServices } from './core/schedule/index.js';
import type { Timers } from './core/schedule/scheduler.js';
import { createSyncServices, type SyncServices } from './core/sync/index.js';
import { createExportServices, defaultExportFolder } from './core/export/index.js';
import type { ExportService } from './core/export/export-service.js';
import type { SyncOptions } from './core/sync/sync-run.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface HostPorts {
  readonly archiveDir: string;
  readonly secrets: SecretStore;
  readonly appVersion: string;
  readonly platform: string;
  readonly clock?: Clock;
  /** Where Telegram is: default its own data centers; the sandbox's profile in tests and the demo. */
  readonly serverProfile?: ServerProfile;
  /** GramJS tuning (tests: silence its log, fail fast on connect). */
  readonly telegramClientOptions?: TelegramClientOptions;
  /** Request wrapper timing (tests: no jitter, short backoff). */
  readonly telegramCallTiming?: Partial<CallTiming>;
  /** Sync engine overrides of the archive's settings (tests, the benchmark). */
  readonly syncOptions?: Partial<SyncOptions>;
  /** Show in folder, copy image, save as: the Electron shell's; absent elsewhere. */
  readonly desktop?: DesktopActions;
  /** Make thumbnails as files land and in a repair pass at start (default true; the CLI says false). */
  readonly makeThumbnails?: boolean;
  /** The scheduler's timers (tests: a hand-moved clock). */
  readonly timers?: Timers;
  /** The system's folder picker, for export profiles: the Electron shell's; absent elsewhere. */
  readonly chooseFolder?: () => Promise<string | null>;
}

export interface Host {
  readonly archive: Archive;
  readonly repos: { readonly accounts: AccountsRepo; readonly targets: TargetsRepo; readonly settings: SettingsRepo };
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  /** The Telegram side: `telegram.caller(accountId)` is how the engine talks to Telegram; login, credentials, logout. */
  readonly telegram: TelegramServices;
  /** The archiver: `sync.service` runs syncs, `sync.targets` adds and removes targets. */
  readonly sync: SyncServices;
  /** Makes the thumbnails the archive lacks; a repair pass starts with the host. */
  readonly thumbnails: ThumbnailService;
  /** Background runs: `schedule.scheduler` is started by the app or `sync --watch`, not by the host. */
  readonly schedule: ScheduleServices;
  /** Export profiles and runs; auto-export follows each finished archive run. */
  readonly exports: ExportService;
  close(): Promise<void>;
}

export function createHost(ports: HostPorts): Host {
  const log = createLogger('host');
  const archive = openArchive(ports.archiveDir, { backgroundCheckpoints: true, onProblem: (message) => log.warn(message) });
  if (archive.migration.applied.length) log.info('archive migrated', archive.migration);
  const repos = {
    accounts: new AccountsRepo(archive.db),
    targets: new TargetsRepo(archive.db),
    settings: new SettingsRepo(archive.db),
  };
  const events = new EventBus();
  const clock = ports.clock ?? systemClock;
  const telegram = createTelegramServices({
    db: archive.db,
    accounts: repos.accounts,
    settings: repos.settings,
    secrets: ports.secrets,
    events,
    now: () => clock.now(),
    serverProfile: ports.serverProfile,
    clientOptions: ports.telegramClientOptions,
    callTiming: ports.telegramCallTiming,
  });
  const sync = createSyncServices({
    archive,
    accounts: repos.accounts,
    targets: repos.targets,
    settings: repos.settings,
    events,
    callerFor: (accountId) => telegram.caller(accountId),
    now: () => clock.now(),
    ...(ports.syncOptions ? { options: ports.syncOptions } : {}),
  });
  const schedule = createScheduleServices({
    archive,
    settings: repos.settings,
    sync: sync.service,
    events,
    now: () => clock.now(),
    ...(ports.timers ? { timers: ports.timers } : {}),
    verifySlice: sync.verifySlice,
  });
  const gallery = createGalleryServices({ archive, events, now: () => clock.now(), desktop: ports.desktop, makeThumbnails: ports.makeThumbnails ?? true });
  const exports = createExportServices({
    archive,
    events,
    now: () => clock.now(),
    defaultDestination: defaultExportFolder(archive.dir),
    ...(ports.chooseFolder ? { chooseFolder: ports.chooseFolder } : {}),
  });
  const handlers: Handlers = {
    ...appHandlers({ version: ports.appVersion, platform: ports.platform, archiveDir: archive.dir }),
    ...accountHandlers(repos.accounts),
    ...targetHandlers(repos.targets),
    ...credentialsHandlers(telegram.credentials),
    ...loginHandlers(telegram.login),
    ...telegramAccountHandlers(telegram.gateway),
    ...sync.handlers,
    ...gallery.handlers,
    ...schedule.handlers,
    ...exports.handlers,
  };
  return {
    archive,
    repos,
    handlers,
    dispatch: createDispatcher(handlers, createLogger('ipc')),
    events,
    telegram,
    sync,
    thumbnails: gallery.thumbnails,
    schedule,
    exports: exports.service,
    async close() {
      await schedule.scheduler.stop();
      await schedule.backgroundVerify.settled();
      await sync.close();
      await exports.close();
      await gallery.close();
      await telegram.close();
      archive.close();
      await archive.settled();
    },
  };
}
