/**
 * The composition root: builds the core services from injected ports. The
 * Electron entry, the headless CLI and the test harness all start the app
 * through createHost, so they run the very same handlers.
 */
import type { Handlers } from '../preload/contract.js';
import { createDispatcher, type Dispatch } from './core/api/dispatch.js';
import { EventBus } from './core/api/event-bus.js';
import { accountHandlers } from './core/api/handlers/accounts.js';
import { appHandlers } from './core/api/handlers/app.js';
import { targetHandlers } from './core/api/handlers/targets.js';
import { AccountsRepo } from './core/archive/accounts-repo.js';
import { openArchive, type Archive } from './core/archive/archive.js';
import { SettingsRepo } from './core/archive/settings-repo.js';
import { TargetsRepo } from './core/archive/targets-repo.js';
import { createLogger } from './core/log.js';
import type { SecretStore } from './core/secrets/secret-store.js';

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
}

export interface Host {
  readonly archive: Archive;
  readonly repos: { readonly accounts: AccountsRepo; readonly targets: TargetsRepo; readonly settings: SettingsRepo };
  readonly handlers: Handlers;
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  close(): Promise<void>;
}

export function createHost(ports: HostPorts): Host {
  const log = createLogger('host');
  const archive = openArchive(ports.archiveDir);
  if (archive.migration.applied.length) log.info('archive migrated', archive.migration);
  const repos = {
    accounts: new AccountsRepo(archive.db),
    targets: new TargetsRepo(archive.db),
    settings: new SettingsRepo(archive.db),
  };
  const events = new EventBus();
  const handlers: Handlers = {
    ...appHandlers({ version: ports.appVersion, platform: ports.platform, archiveDir: archive.dir }),
    ...accountHandlers(repos.accounts),
    ...targetHandlers(repos.targets),
  };
  return {
    archive,
    repos,
    handlers,
    dispatch: createDispatcher(handlers, createLogger('ipc')),
    events,
    async close() {
      archive.close();
    },
  };
}
