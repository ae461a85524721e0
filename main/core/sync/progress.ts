/**
 * Counts of a run and their throttled publication as sync.progress. The
 * estimate of time left is the download rate so far applied to the files
 * still queued; it is null until a few files have come in.
 */
import type { SyncProgress } from '../../../preload/contract/sync.js';
import type { RunControl } from './run-control.js';

export type Phase = SyncProgress['phase'];

export class ProgressTracker {
  phase: Phase = 'starting';
  targetsTotal = 0;
  targetsDone = 0;
  photosFound = 0;
  photosRemoved = 0;
  filesDownloaded = 0;
  filesFailed = 0;
  filesQueued = 0;
  bytesDownloaded = 0;
  lastPerson: number | null = null;
  errors = 0;
  state: SyncProgress['state'] = 'running';
  error: SyncProgress['error'] = null;
  #firstFileAt: number | null = null;
  #lastEmit = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly runId: number,
    readonly startedAt: number,
    private readonly control: RunControl,
    private readonly now: () => number,
    private readonly publish: (progress: SyncProgress) => void,
    private readonly intervalMs = 250,
  ) {}

  fileDone(bytes: number, userId: number): void {
    this.#firstFileAt ??= this.now();
    this.filesDownloaded++;
    this.bytesDownloaded += bytes;
    this.lastPerson = userId;
    this.changed();
  }

  snapshot(): SyncProgress {
    const now = this.now();
    const flood = this.control.currentFlood(now);
    return {
      runId: this.runId,
      state: this.state === 'running' && this.control.paused ? 'paused' : this.state,
      phase: this.phase,
      targetsDone: this.targetsDone,
      targetsTotal: this.targetsTotal,
      photosFound: this.photosFound,
      photosRemoved: this.photosRemoved,
      filesDownloaded: this.filesDownloaded,
      filesTotal: Math.max(this.filesQueued, this.filesDownloaded),
      bytesDownloaded: this.bytesDownloaded,
      lastPerson: this.lastPerson,
      errors: this.errors,
      floodWait: flood ? { method: flood.method, until: Math.round(flood.until) } : null,
      etaSeconds: this.#eta(now, flood?.until ?? null),
      startedAt: this.startedAt,
      error: this.error,
    };
  }

  #eta(now: number, floodUntil: number | null): number | null {
    if (this.#firstFileAt === null || this.filesDownloaded < 3 || this.state !== 'running') return null;
    const elapsed = Math.max(1, now - this.#firstFileAt);
    const left = Math.max(0, this.filesQueued - this.filesDownloaded - this.filesFailed);
    const wait = floodUntil !== null ? Math.max(0, floodUntil - now) : 0;
    return Math.round((left * elapsed) / this.filesDownloaded / 1000 + wait / 1000);
  }

  /** Publishes now if the last event is old enough, else once the interval has passed. */
  changed(): void {
    const now = this.now();
    if (now - this.#lastEmit >= this.intervalMs) {
      this.flush();
    } else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), this.intervalMs - (now - this.#lastEmit));
      this.#timer.unref?.();
    }
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#lastEmit = this.now();
    this.publish(this.snapshot());
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
