/**
 * The archiver as the app, the CLI and tests see it: start a run in the
 * background (one per archive, across processes), steer it (pause, resume,
 * cancel), and report its progress and the archive's totals.
 */
import { z } from 'zod';
import { SyncProgress as SyncProgressSchema, type RunSummary, type SyncProgress, type SyncStatus } from '../../../preload/contract/sync.js';
import type { Archive } from '../archive/archive.js';
import type { RunRow } from '../archive/runs-repo.js';
import type { SettingsRepo } from '../archive/settings-repo.js';
import type { Logger } from '../log.js';
import type { FileStore } from '../media/file-store.js';
import type { TelegramCaller } from '../telegram/caller.js';
import { ProgressTracker } from './progress.js';
import { RunControl } from './run-control.js';
import { isProcessAlive, RunLock, SyncBusyError } from './run-lock.js';
import { DEFAULT_SYNC_OPTIONS, SyncRun, type RunRequest, type SyncOptions, type SyncRepos } from './sync-run.js';

export interface SyncServiceDeps {
  readonly archive: Archive;
  readonly repos: SyncRepos & { readonly settings: SettingsRepo };
  readonly store: FileStore;
  readonly callerFor: (accountId: number) => TelegramCaller;
  readonly now: () => number;
  readonly log: Logger;
  /** sync.progress events (already throttled). */
  readonly publish: (progress: SyncProgress) => void;
  /** The archive changed (photos, targets): the UI refetches. */
  readonly changed: () => void;
  /** Overrides of the settings (tests, the benchmark). */
  readonly options?: Partial<SyncOptions>;
  /** Whether an account is logged in. */
  readonly accountActive: (accountId: number) => boolean;
  /** ms between progress events. Default 250. */
  readonly progressIntervalMs?: number;
}

export interface StartedRun {
  readonly runId: number;
  /** Resolves with the run's record when it ends (it never rejects). */
  readonly done: Promise<RunRow>;
}

const Concurrency = z.number().int().min(1).max(64);
const SHARE_INTERVAL_MS = 1000;
const Days = z.number().min(0.001).max(365);

export class SyncService {
  readonly #d: SyncServiceDeps;
  readonly #lock: RunLock;
  #current: { control: RunControl; progress: ProgressTracker; done: Promise<RunRow> } | null = null;
  #starting = false;

  constructor(deps: SyncServiceDeps) {
    this.#d = deps;
    this.#lock = new RunLock(deps.archive.db);
  }

  /** Effective options: settings, then explicit overrides. */
  options(): SyncOptions {
    const s = this.#d.repos.settings;
    return {
      ...DEFAULT_SYNC_OPTIONS,
      concurrencyPerDc: s.get('sync.concurrencyPerDc', Concurrency, DEFAULT_SYNC_OPTIONS.concurrencyPerDc),
      listingConcurrency: s.get('sync.listingConcurrency', Concurrency, DEFAULT_SYNC_OPTIONS.listingConcurrency),
      deepScanIntervalMs: s.get('sync.deepScanDays', Days, DEFAULT_SYNC_OPTIONS.deepScanIntervalMs / 86_400_000) * 86_400_000,
      ...this.#d.options,
    };
  }

  get running(): boolean {
    return this.#current !== null;
  }

  /**
   * Starts a run: takes the archive's sync lock (SyncBusyError if held), closes
   * the records of runs that died, removes what they left (.part files, files
   * without a row), then works in the background.
   */
  async start(request: RunRequest = {}): Promise<StartedRun> {
    if (this.#current || this.#starting) throw new SyncBusyError(process.pid);
    this.#starting = true;
    const { repos, archive, store } = this.#d;
    try {
      this.#lock.acquire(this.#d.now());
      try {
        const interrupted = repos.runs.closeStale(isProcessAlive, this.#d.now());
        const swept = await store.sweep(() => repos.files.referencedPaths());
        if (interrupted || swept.parts || swept.orphans) this.#d.log.info('recovered after an interrupted run', { interrupted, ...swept });
      } catch (error) {
        this.#lock.release();
        throw error;
      }
      const startedAt = this.#d.now();
      const runId = repos.runs.start(startedAt, process.pid);
      const control = new RunControl();
      let sharedAt = 0;
      const publish = (p: SyncProgress): void => {
        this.#d.publish(p);
        // Another process's `status` reads it from the lock row: about once a second is live enough.
        const now = this.#d.now();
        if (now - sharedAt >= SHARE_INTERVAL_MS && p.phase !== 'finished') {
          sharedAt = now;
          this.#lock.share(p);
        }
      };
      const progress = new ProgressTracker(runId, startedAt, control, this.#d.now, publish, this.#d.progressIntervalMs ?? 250);
      control.onChange = () => progress.changed();
      const run = new SyncRun(
        { archive, repos, store, callerFor: this.#d.callerFor, now: this.#d.now, log: this.#d.log, options: this.options(), accountActive: this.#d.accountActive },
        control,
        progress,
      );
      const done = run.execute(request).finally(() => {
        this.#lock.release();
        this.#current = null;
        this.#d.changed();
      });
      this.#current = { control, progress, done };
      progress.flush();
      return { runId, done };
    } finally {
      this.#starting = false;
    }
  }

  pause(): boolean {
    if (!this.#current || this.#current.control.paused) return false;
    this.#current.control.pause();
    return true;
  }

  resume(): boolean {
    if (!this.#current || !this.#current.control.paused) return false;
    this.#current.control.resume();
    return true;
  }

  cancel(): boolean {
    if (!this.#current || this.#current.control.cancelled) return false;
    this.#current.control.cancel();
    return true;
  }

  /** Waits for the current run to end, if any. */
  async settled(): Promise<void> {
    await this.#current?.done;
  }

  status(): SyncStatus {
    const { repos } = this.#d;
    const last = repos.runs.latest();
    const counts = repos.photos.counts();
    const files = repos.files.totals();
    return {
      current: this.#current ? this.#current.progress.snapshot() : this.#elsewhere()?.progress ?? null,
      lastRun: last ? summarize(last) : null,
      totals: {
        targets: repos.targets.count(),
        photos: counts.photos,
        removed: counts.removed,
        hidden: counts.hidden,
        pendingPhotos: counts.pending,
        files: files.files,
        bytes: files.bytes,
      },
    };
  }

  /** A run in another process (the CLI while the app is open, or the other way round), as it last shared its progress. */
  #elsewhere(): { pid: number; progress: SyncProgress | null } | null {
    const holder = this.#lock.holder();
    if (!holder || holder.pid === process.pid) return null;
    const parsed = SyncProgressSchema.safeParse(holder.progress);
    return { pid: holder.pid, progress: parsed.success ? parsed.data : null };
  }

  /** The process running a sync on this archive now (this one or another), if any. */
  runningPid(): number | null {
    return this.#current ? process.pid : (this.#lock.holder()?.pid ?? null);
  }

  async close(): Promise<void> {
    this.cancel();
    await this.settled();
  }
}

export function summarize(run: RunRow): RunSummary {
  return {
    id: run.id,
    status: run.status,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    targetsTotal: run.targetsTotal,
    targetsDone: run.targetsDone,
    photosFound: run.photosFound,
    photosRemoved: run.photosRemoved,
    filesDownloaded: run.filesDownloaded,
    bytesDownloaded: run.bytesDownloaded,
    floodWaits: run.floodWaits,
    errors: run.errors,
    requests: { ...run.requests },
    error: run.error,
  };
}
