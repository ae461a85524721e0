/**
 * One sync run over the chosen targets, account by account:
 *  1. resume: queue the files of photos listed earlier but not yet downloaded;
 *  2. check: users.getUsers over all targets, 200 per call, and decide per
 *     target (target-plan.ts) what it needs;
 *  3. list: the targets that need it, a few at a time, feeding the downloads;
 *  4. download: wait for the engine to drain.
 * Per-target failures are recorded and the run goes on; a cancel or a dead
 * session stops it.
 */
import { Api } from 'telegram';
import type { Archive } from '../archive/archive.js';
import type { FilesRepo } from '../archive/files-repo.js';
import type { PhotosRepo } from '../archive/photos-repo.js';
import type { RunRow, RunsRepo } from '../archive/runs-repo.js';
import type { SnapshotsRepo } from '../archive/snapshots-repo.js';
import type { SyncStateRepo } from '../archive/sync-state-repo.js';
import type { TargetRow, TargetsRepo } from '../archive/targets-repo.js';
import type { Logger } from '../log.js';
import { archiveWriteError } from '../media/archive-write-error.js';
import type { FileStore } from '../media/file-store.js';
import { SessionRevokedError, type TelegramCaller } from '../telegram/caller.js';
import { mainThread } from '../time-slicer.js';
import { CountingCaller, mergeCounts } from './counting-caller.js';
import { DownloadEngine } from './download-engine.js';
import type { ProgressTracker } from './progress.js';
import { RunCancelledError, type RunControl } from './run-control.js';
import { batches, FRESH_STATE, planTargetWork } from './target-plan.js';
import { photoRefresher, TargetRemovedError, TargetSync, type TargetCheck } from './target-sync.js';
import { inputUser, observeUser, toBigint, userIdentity, type UserIdentity } from './telegram-objects.js';
import type { SnapshotRow } from '../archive/snapshots-repo.js';

export interface SyncOptions {
  /**
   * Files started per data center at most. The real limit is the pipeline's
   * download budget (bytes of limits in flight per DC, download-budget.ts); this
   * only needs to be large enough for small files to fill it.
   */
  readonly concurrencyPerDc: number;
  /** Targets listed at the same time. */
  readonly listingConcurrency: number;
  readonly deepScanIntervalMs: number;
  /** How old the profile details (bio, personal and fallback photo) may get before users.getFullUser reads them again. */
  readonly fullUserIntervalMs: number;
  /** No answer within this long (plus the transfer time below) counts as lost and is retried. */
  readonly requestTimeoutMs: number;
  /** The slowest link we plan for: a 1 MiB part gets 1 MiB / this many seconds more. */
  readonly minBytesPerSecond: number;
}

/** Targets checked (and unchanged ones recorded) per transaction in change detection. */
const CHECK_SLICE = 25;

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  concurrencyPerDc: 32,
  listingConcurrency: 4,
  deepScanIntervalMs: 7 * 24 * 3600 * 1000,
  fullUserIntervalMs: 3 * 24 * 3600 * 1000,
  requestTimeoutMs: 30_000,
  minBytesPerSecond: 32 * 1024,
};

export interface SyncRepos {
  readonly photos: PhotosRepo;
  readonly files: FilesRepo;
  readonly state: SyncStateRepo;
  readonly snapshots: SnapshotsRepo;
  readonly targets: TargetsRepo;
  readonly runs: RunsRepo;
}

export interface SyncRunDeps {
  readonly archive: Archive;
  readonly repos: SyncRepos;
  readonly store: FileStore;
  readonly callerFor: (accountId: number) => TelegramCaller;
  readonly now: () => number;
  readonly log: Logger;
  readonly options: SyncOptions;
  /** Whether an account is logged in (a target is archived through one that is). */
  readonly accountActive: (accountId: number) => boolean;
}

export interface RunRequest {
  /** Only these targets (paused ones included); default: every target that is not paused. */
  readonly userIds?: readonly number[];
  /** Deep-scan every chosen target now, whatever the schedule says. */
  readonly deep?: boolean;
  /**
   * The scheduler's choice of deep scans (spread over the week): when given,
   * only these are deep-scanned (besides a first full listing), not every
   * target whose interval has passed.
   */
  readonly deepUserIds?: readonly number[];
}

export class SyncRun {
  readonly #d: SyncRunDeps;
  readonly #control: RunControl;
  readonly #progress: ProgressTracker;
  readonly #requests: Record<string, number> = {};
  readonly #engines: DownloadEngine[] = [];
  #fatal: unknown = null;

  constructor(deps: SyncRunDeps, control: RunControl, progress: ProgressTracker) {
    this.#d = deps;
    this.#control = control;
    this.#progress = progress;
  }

  get runId(): number {
    return this.#progress.runId;
  }

  /** Runs to the end; never throws. The run row tells how it went. */
  async execute(request: RunRequest): Promise<RunRow> {
    const { repos } = this.#d;
    let status: 'done' | 'cancelled' | 'failed' = 'done';
    let error: { code: string; message: string } | null = null;
    try {
      const chosen = this.#chooseTargets(request);
      this.#progress.targetsTotal = chosen.length;
      this.#progress.changed();
      const ended = new Set<number>();
      const queue = this.#byAccount(chosen, ended);
      let revoked: SessionRevokedError | null = null;
      let anySynced = false;
      while (queue.size) {
        const [accountId, targets] = queue.entries().next().value!;
        queue.delete(accountId);
        const before = { done: this.#progress.targetsDone, errors: this.#progress.errors, filesFailed: this.#progress.filesFailed };
        let ending: SessionRevokedError | null = null;
        try {
          await this.#syncAccount(accountId, targets, request);
          // Logged out while it worked: what failed for that reason is retried through another account.
          if (!this.#d.accountActive(accountId)) ending = new SessionRevokedError(accountId);
          else anySynced = true;
        } catch (e) {
          if (!(e instanceof SessionRevokedError) || this.#control.cancelled) throw e;
          ending = e;
          this.#fatal = null;
        }
        if (ending) {
          // One account's ended session stops its targets, not the other accounts': they move
          // to another logged-in account that sees them, and this run goes on with them.
          revoked = ending;
          ended.add(accountId);
          const moved = targets.map((t) => repos.targets.get(t.userId)).filter((t): t is TargetRow => t !== undefined);
          // Counted again as their new account works on them.
          this.#progress.targetsDone = before.done;
          this.#progress.errors = before.errors;
          this.#progress.filesFailed = before.filesFailed;
          for (const [other, more] of this.#byAccount(moved, ended, ending.message)) queue.set(other, [...(queue.get(other) ?? []), ...more]);
        }
      }
      if (revoked && !anySynced) throw revoked;
      // What only another account sees of people archived through one: the personal photo it set for them.
      for (const [accountId, observed] of this.#observers(chosen, ended)) {
        try {
          await this.#syncAccount(accountId, [], request, observed);
        } catch (e) {
          if (!(e instanceof SessionRevokedError) || this.#control.cancelled) throw e;
          this.#fatal = null;
        }
      }
    } catch (e) {
      const fatal = this.#fatal ?? e;
      if (fatal instanceof RunCancelledError || this.#control.cancelled) {
        status = 'cancelled';
      } else {
        status = 'failed';
        error = describe(fatal);
        this.#d.log.error('sync run failed', fatal);
      }
      // Nothing of this run may go on in the background (downloads still in flight).
      this.#control.cancel();
    }
    // A download between its file and its row must land before the run ends: the next
    // run's sweep would take its file for an orphan.
    await Promise.all(this.#engines.map((engine) => engine.drained()));
    this.#progress.phase = 'finished';
    this.#progress.state = status;
    this.#progress.error = error;
    this.#saveCounts();
    repos.runs.finish(this.runId, status, this.#d.now(), error ? `${error.code}: ${error.message}` : null);
    this.#progress.flush();
    this.#progress.stop();
    return repos.runs.get(this.runId)!;
  }

  /**
   * Targets by the account to archive them through: their own if it is logged in, else another
   * logged-in account that can see them (the move is kept). Those no account can see now are
   * recorded with `why` and skipped.
   */
  #byAccount(
    targets: readonly TargetRow[],
    ended: ReadonlySet<number>,
    why = 'No logged-in Telegram account can see this person now. Add them again with: targets add --account <id>',
  ): Map<number, TargetRow[]> {
    const { repos } = this.#d;
    const usable = (accountId: number | null): accountId is number => accountId !== null && !ended.has(accountId) && this.#d.accountActive(accountId);
    const out = new Map<number, TargetRow[]>();
    for (const target of targets) {
      const chosen = usable(target.accountId) ? target : repos.targets.moveToUsable(target.userId, usable);
      if (chosen?.accountId == null) {
        repos.state.patch(target.userId, { lastError: why }, this.#d.now());
        this.#progress.errors++;
        this.#progress.targetsDone++;
        continue;
      }
      out.set(chosen.accountId, [...(out.get(chosen.accountId) ?? []), chosen]);
    }
    return out;
  }

  /** Per logged-in account, the targets archived through another account that it sees too (with its own access hash). */
  #observers(chosen: readonly TargetRow[], ended: ReadonlySet<number>): Map<number, TargetRow[]> {
    const { repos } = this.#d;
    const out = new Map<number, TargetRow[]>();
    for (const { userId } of chosen) {
      const target = repos.targets.get(userId);
      if (!target) continue;
      for (const access of repos.targets.access(userId)) {
        if (access.accountId === target.accountId || access.accessHash === null || ended.has(access.accountId) || !this.#d.accountActive(access.accountId)) continue;
        out.set(access.accountId, [...(out.get(access.accountId) ?? []), { ...target, accountId: access.accountId, accessHash: access.accessHash }]);
      }
    }
    return out;
  }

  #chooseTargets(request: RunRequest): TargetRow[] {
    const all = this.#d.repos.targets.all();
    if (!request.userIds) return all.filter((t) => !t.paused);
    const wanted = new Set(request.userIds);
    return all.filter((t) => wanted.has(t.userId));
  }

  #saveCounts(): void {
    const p = this.#progress;
    this.#d.repos.runs.update(
      this.runId,
      {
        targetsTotal: p.targetsTotal,
        targetsDone: p.targetsDone,
        photosFound: p.photosFound,
        photosRemoved: p.photosRemoved,
        filesDownloaded: p.filesDownloaded,
        bytesDownloaded: p.bytesDownloaded,
        floodWaits: this.#control.floodWaits,
        floodWaitSeconds: this.#control.floodWaitSeconds,
        errors: p.errors + p.filesFailed,
      },
      this.#requests,
    );
  }

  async #syncAccount(accountId: number, targets: TargetRow[], request: RunRequest, observed: readonly TargetRow[] = []): Promise<void> {
    const { repos, archive } = this.#d;
    const caller = new CountingCaller(this.#d.callerFor(accountId));
    const control = this.#control;
    const progress = this.#progress;
    const engine = new DownloadEngine({
      caller,
      control,
      photos: repos.photos,
      files: repos.files,
      store: this.#d.store,
      refresh: photoRefresher({ caller, control, targets: repos.targets, timeoutMs: this.#d.options.requestTimeoutMs }),
      now: this.#d.now,
      log: this.#d.log,
      concurrencyPerDc: this.#d.options.concurrencyPerDc,
      timeoutFor: (bytes) => this.#d.options.requestTimeoutMs + (bytes * 1000) / this.#d.options.minBytesPerSecond,
      onFileDone: (bytes, _complete, userId) => progress.fileDone(bytes, userId),
      onFileFailed: () => {
        progress.filesFailed++;
        progress.changed();
      },
    });
    this.#engines.push(engine);
    const syncQueued = (): void => {
      progress.filesQueued = engine.filesQueued;
    };
    const targetSync = new TargetSync({
      db: archive.db,
      photos: repos.photos,
      files: repos.files,
      state: repos.state,
      snapshots: repos.snapshots,
      targets: repos.targets,
      caller,
      control,
      engine,
      now: this.#d.now,
      requestTimeoutMs: this.#d.options.requestTimeoutMs,
      onPhotosFound: (n) => {
        progress.photosFound += n;
        syncQueued();
        progress.changed();
      },
      onPhotosRemoved: (n) => {
        progress.photosRemoved += n;
        progress.changed();
      },
    });

    try {
      // 1. What an interrupted run listed but did not download.
      for (const photo of repos.photos.pending(targets.map((t) => t.userId))) engine.enqueue(photo);
      syncQueued();

      // 2. Change detection: one users.getUsers per 200 targets.
      progress.phase = 'checking';
      progress.changed();
      const work: TargetCheck[] = [];
      const deepChosen = request.deepUserIds ? new Set(request.deepUserIds) : null;
      for (const [i, batch] of batches(targets, 200).entries()) {
        // The first batch also asks for ourselves when there is room: `premium` sets the download budget, for free.
        const askSelf = i === 0 && batch.length < 200;
        const ids = batch.map((t): Api.TypeInputUser => inputUser(t.userId, t.accessHash));
        const users = await control.call(caller, new Api.users.GetUsers({ id: askSelf ? [...ids, new Api.InputUserSelf()] : ids }), {
          timeoutMs: this.#d.options.requestTimeoutMs,
        });
        const byId = new Map<number, Api.User>();
        for (const u of users) if (u instanceof Api.User) byId.set(Number(toBigint(u.id)), u);
        if (askSelf) caller.setPremium?.(byId.get(accountId)?.premium === true);
        // In slices, each with its own short transaction, the thread shared between them (200 targets at once held it ~100 ms).
        for (const slice of batches(batch, CHECK_SLICE)) {
          await mainThread.pause();
          const checks = slice.map((target): TargetCheck => {
            const user = byId.get(target.userId) ?? null;
            const seen = observeUser(user ?? undefined);
            const state = repos.state.get(target.userId) ?? FRESH_STATE;
            const planned = planTargetWork(state, seen, {
              now: this.#d.now(),
              deepScanIntervalMs: deepChosen ? Number.POSITIVE_INFINITY : this.#d.options.deepScanIntervalMs,
              fullUserIntervalMs: this.#d.options.fullUserIntervalMs,
              forceDeep: request.deep === true || deepChosen?.has(target.userId) === true,
              isKnown: (id) => repos.photos.has(id),
            });
            // A new name or username often comes with a new bio, which only getFullUser shows.
            const renamed = planned.status === 'active' && user !== null && identityChanged(repos.snapshots.latest(target.userId), userIdentity(user));
            return { target, state, seen, user, work: renamed && planned.fullUser !== 'yes' ? { ...planned, fullUser: 'yes', reason: `${planned.reason}; renamed` } : planned };
          });
          archive.db.transaction(() => {
            for (const check of checks) {
              if (check.work.listing === 'none' && check.work.fullUser === 'no') {
                targetSync.finishUnchanged(check);
                progress.targetsDone++;
              } else {
                work.push(check);
              }
            }
          })();
        }
        progress.changed();
      }

      // 3. Listings, a few targets at a time.
      progress.phase = 'listing';
      progress.changed();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < work.length && !this.#fatal) {
          const check = work[next++]!;
          try {
            await targetSync.run(check);
          } catch (error) {
            if (error instanceof TargetRemovedError) continue; // removed meanwhile: not a failure, nothing to record
            if (isFatal(error) || control.cancelled) {
              this.#fatal ??= error;
              throw error;
            }
            this.#d.log.warn('target sync failed', { userId: check.target.userId, error: describe(error).message });
            repos.state.patch(check.target.userId, { lastError: describe(error).message.slice(0, 500) }, this.#d.now());
            progress.errors++;
          } finally {
            progress.targetsDone++;
            progress.changed();
          }
        }
      };
      const workers = Array.from({ length: Math.max(1, Math.min(this.#d.options.listingConcurrency, work.length)) }, worker);
      const results = await Promise.allSettled(workers);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;

      // 3b. People archived through another account: only the personal photo this one set for them.
      for (const batch of batches(observed, 200)) {
        const users = await control.call(caller, new Api.users.GetUsers({ id: batch.map((t) => inputUser(t.userId, t.accessHash)) }), {
          timeoutMs: this.#d.options.requestTimeoutMs,
        });
        const byId = new Map<number, Api.User>();
        for (const u of users) if (u instanceof Api.User) byId.set(Number(toBigint(u.id)), u);
        for (const target of batch) {
          try {
            await targetSync.observePersonal(target, byId.get(target.userId) ?? null);
          } catch (error) {
            if (error instanceof TargetRemovedError) continue;
            if (isFatal(error) || control.cancelled) throw error;
            this.#d.log.warn('personal photo check failed', { userId: target.userId, accountId, error: describe(error).message });
            progress.errors++;
          }
        }
      }

      // 4. The rest of the downloads.
      progress.phase = 'downloading';
      syncQueued();
      progress.changed();
      await engine.idle();
    } finally {
      mergeCounts(this.#requests, caller.requestCounts());
      this.#saveCounts();
    }
  }
}

function identityChanged(last: SnapshotRow | undefined, seen: UserIdentity): boolean {
  return last !== undefined && (last.firstName !== seen.firstName || last.lastName !== seen.lastName || last.username !== seen.username);
}

function isFatal(error: unknown): boolean {
  return error instanceof RunCancelledError || error instanceof SessionRevokedError;
}

function describe(error: unknown): { code: string; message: string } {
  const write = archiveWriteError(error);
  if (write) return { code: write.code, message: write.message };
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code.slice(0, 64) : 'INTERNAL', message: error.message.slice(0, 2000) };
  }
  return { code: 'INTERNAL', message: String(error).slice(0, 2000) };
}
