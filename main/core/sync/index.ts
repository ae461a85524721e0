/**
 * Assembles the archiver for the host: repositories over the archive, the file
 * store, the sync service and the target service, and their contract handlers.
 */
import type { Handlers } from '../../../preload/contract.js';
import type { EventBus } from '../api/event-bus.js';
import type { AccountsRepo } from '../archive/accounts-repo.js';
import type { Archive } from '../archive/archive.js';
import { FilesRepo } from '../archive/files-repo.js';
import { PhotosRepo } from '../archive/photos-repo.js';
import { RunsRepo } from '../archive/runs-repo.js';
import type { SettingsRepo } from '../archive/settings-repo.js';
import { SnapshotsRepo } from '../archive/snapshots-repo.js';
import { SyncStateRepo } from '../archive/sync-state-repo.js';
import type { TargetsRepo } from '../archive/targets-repo.js';
import { ThumbnailsRepo } from '../archive/thumbnails-repo.js';
import { createLogger } from '../log.js';
import { FileStore } from '../media/file-store.js';
import { removeUnreferencedThumbnails } from '../media/unreferenced-thumbnails.js';
import type { TelegramCaller } from '../telegram/caller.js';
import { syncHandlers } from './handlers.js';
import type { SyncOptions, SyncRepos } from './sync-run.js';
import { SyncService } from './sync-service.js';
import { TargetsService } from './targets-service.js';
import { verifyArchive, verifySlice, type VerifySliceResult } from './verify.js';
import type { VerifyReport } from '../../../preload/contract/verify.js';

export interface SyncServicesOptions {
  readonly archive: Archive;
  readonly accounts: AccountsRepo;
  readonly targets: TargetsRepo;
  readonly settings: SettingsRepo;
  readonly events: EventBus;
  readonly callerFor: (accountId: number) => TelegramCaller;
  readonly now: () => number;
  readonly options?: Partial<SyncOptions>;
}

export interface SyncServices {
  readonly service: SyncService;
  readonly targets: TargetsService;
  readonly repos: SyncRepos;
  readonly store: FileStore;
  readonly handlers: ReturnType<typeof syncHandlers>;
  /** Re-hashes the media against the archive and fetches damaged or missing files again (verify.ts). */
  readonly verify: (options: { heal: boolean }) => Promise<VerifyReport>;
  /** Verifies the next `files` files after a hash, slowly, in the background (verify.ts). */
  readonly verifySlice: (after: string, files: number) => Promise<VerifySliceResult>;
  close(): Promise<void>;
}

export function createSyncServices(o: SyncServicesOptions): SyncServices {
  const db = o.archive.db;
  const repos: SyncRepos = {
    photos: new PhotosRepo(db),
    files: new FilesRepo(db),
    state: new SyncStateRepo(db),
    snapshots: new SnapshotsRepo(db),
    targets: o.targets,
    runs: new RunsRepo(db),
  };
  const store = new FileStore(o.archive.dir);
  const thumbnails = new ThumbnailsRepo(db);
  const service = new SyncService({
    archive: o.archive,
    repos: { ...repos, settings: o.settings },
    store,
    callerFor: o.callerFor,
    now: o.now,
    log: createLogger('sync'),
    publish: (progress) => o.events.emit('sync.progress', progress),
    accountActive: (accountId) => o.accounts.get(accountId)?.status === 'active',
    changed: () => o.events.emit('archive.changed', { scope: 'photos' }),
    ...(o.options ? { options: o.options } : {}),
  });
  const targets = new TargetsService({
    db,
    accounts: o.accounts,
    targets: o.targets,
    photos: repos.photos,
    files: repos.files,
    snapshots: repos.snapshots,
    state: repos.state,
    store,
    purgeThumbnails: () => removeUnreferencedThumbnails(thumbnails, o.archive.dir),
    callerFor: o.callerFor,
    now: o.now,
    changed: () => o.events.emit('archive.changed', { scope: 'targets' }),
  });
  const verify = (options: { heal: boolean }) => verifyArchive({ db, files: repos.files, store, sync: service }, options);
  const handlers: Pick<Handlers, keyof ReturnType<typeof syncHandlers>> = syncHandlers(service, targets, verify);
  const slice = (after: string, files: number) => verifySlice({ db, files: repos.files, store }, after, files);
  return { service, targets, repos, store, handlers, verify, verifySlice: slice, close: () => service.close() };
}
