/**
 * The download engine: every wanted file of every pending photo, several in
 * flight per data center (photos live on photo.dc_id, usually not the home DC),
 * each fetched with as few upload.getFile calls as Telegram's rules allow (one
 * for a file under 1 MiB). Bytes go through the file store (.part, fsync,
 * rename); the files row is committed only after the file is in place.
 *
 * A file holds its DC's slot only while it is being fetched: the disk work
 * (open, write, fsync, rename, the row) comes after the last answer and in the
 * meantime the next file already asks, so the download budget stays full while
 * files wait, however slow the disk is. Files written but not yet committed are
 * bounded (MAX_WRITING): a disk slower than the network holds the downloads back.
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import type { FilesRepo } from '../archive/files-repo.js';
import type { PendingPhoto, PhotosRepo, WantedFileRow } from '../archive/photos-repo.js';
import type { Logger } from '../log.js';
import { extensionFor, type FileStore, type PartWriter } from '../media/file-store.js';
import type { TelegramCaller } from '../telegram/caller.js';
import { releaseFileAnswer } from '../telegram/packet-buffers.js';
import { classifyDownloadError } from './download-errors.js';
import { nextPart, type PartAnswer } from './part-plan.js';
import type { RunControl } from './run-control.js';
import { photoLocation } from './telegram-objects.js';

/** Fetches a fresh copy of a photo (new file reference), or null when Telegram no longer has it for us. */
export type PhotoRefresher = (photo: PendingPhoto) => Promise<PendingPhoto | null>;

export interface DownloadEngineDeps {
  readonly caller: TelegramCaller;
  readonly control: RunControl;
  readonly photos: PhotosRepo;
  readonly files: FilesRepo;
  readonly store: FileStore;
  readonly refresh: PhotoRefresher;
  readonly now: () => number;
  readonly log: Logger;
  /** Files in flight per data center. */
  readonly concurrencyPerDc: number;
  /** How long to wait for a getFile answer of this many bytes before treating it as lost. */
  readonly timeoutFor: (bytes: number) => number;
  readonly onFileDone?: (bytes: number, photoComplete: boolean, userId: number) => void;
  readonly onFileFailed?: (photoId: bigint, reason: string) => void;
}

interface Job {
  readonly photoId: bigint;
  readonly file: WantedFileRow;
}

interface Lane {
  readonly queue: Job[];
  active: number;
}

/** Tries of one file: a DC move and file-reference refreshes; transient failures were retried in the pipeline already. */
const MAX_ATTEMPTS = 4;
const MAX_REFRESHES = 2;
/**
 * New files start only while fewer than this many fetched files wait for (or are in) their
 * disk write, all DCs together; each holds at most one part's bytes (those being fetched
 * when the bound is reached still join them).
 */
export const MAX_WRITING = 64;

export class DownloadEngine {
  readonly #d: DownloadEngineDeps;
  readonly #lanes = new Map<number, Lane>();
  /** The freshest copy of each photo with work left (references change on refresh). */
  readonly #photos = new Map<string, PendingPhoto>();
  readonly #refreshing = new Map<string, Promise<PendingPhoto | null>>();
  readonly #queuedKeys = new Set<string>();
  #inFlight = 0;
  /** Files whose fetch is over and whose write is not. */
  #writing = 0;
  #fatal: unknown = null;
  #idleWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  #drainWaiters: (() => void)[] = [];
  filesQueued = 0;

  constructor(deps: DownloadEngineDeps) {
    this.#d = deps;
  }

  /** Queues the files of a photo that are not downloaded yet. Idempotent. */
  enqueue(photo: PendingPhoto): void {
    if (this.#fatal) return;
    const key = photo.id.toString();
    const missing = photo.wanted.filter((w) => !photo.done.includes(w.type) && !this.#queuedKeys.has(`${key}:${w.type}`));
    if (missing.length === 0) return;
    this.#photos.set(key, photo);
    const lane = this.#lane(photo.dcId);
    for (const file of missing) {
      this.#queuedKeys.add(`${key}:${file.type}`);
      lane.queue.push({ photoId: photo.id, file });
      this.filesQueued++;
    }
    this.#pump();
  }

  get pendingFiles(): number {
    let n = this.#inFlight;
    for (const lane of this.#lanes.values()) n += lane.queue.length;
    return n;
  }

  /** Resolves when nothing is queued or in flight; rejects on a fatal error (cancel, revoked session). */
  idle(): Promise<void> {
    if (this.#fatal) return Promise.reject(this.#fatal);
    if (this.pendingFiles === 0) return Promise.resolve();
    return new Promise((resolve, reject) => this.#idleWaiters.push({ resolve, reject }));
  }

  /**
   * Resolves when no download is in flight, even after a fatal error: idle() rejects at
   * once, while the downloads under way may still be writing their file and row.
   */
  drained(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #lane(dcId: number): Lane {
    let lane = this.#lanes.get(dcId);
    if (!lane) {
      lane = { queue: [], active: 0 };
      this.#lanes.set(dcId, lane);
    }
    return lane;
  }

  #pump(): void {
    if (this.#fatal) return;
    for (const lane of this.#lanes.values()) {
      while (lane.active < this.#d.concurrencyPerDc && lane.queue.length > 0 && this.#writing < MAX_WRITING) {
        const job = lane.queue.shift()!;
        lane.active++;
        this.#inFlight++;
        // The DC's slot is given back when the fetch is over (or the job ends), the write goes on without it.
        let fetching = true;
        const fetched = (): void => {
          if (!fetching) return;
          fetching = false;
          lane.active--;
          this.#writing++;
          this.#pump();
        };
        void this.#run(job, fetched).finally(() => {
          if (fetching) {
            fetching = false;
            lane.active--;
          } else {
            this.#writing--;
          }
          this.#inFlight--;
          this.#pump();
          this.#settleIdle();
          if (this.#inFlight === 0) for (const resolve of this.#drainWaiters.splice(0)) resolve();
        });
      }
    }
  }

  #settleIdle(): void {
    if (this.#fatal) {
      for (const w of this.#idleWaiters.splice(0)) w.reject(this.#fatal);
    } else if (this.pendingFiles === 0) {
      for (const w of this.#idleWaiters.splice(0)) w.resolve();
    }
  }

  async #run(job: Job, fetched: () => void): Promise<void> {
    const key = job.photoId.toString();
    let dcOverride: number | null = null;
    let refreshes = 0;
    for (let attempt = 1; ; attempt++) {
      const photo = this.#photos.get(key);
      if (!photo) return;
      try {
        await this.#download(photo, job.file, dcOverride ?? photo.dcId, fetched);
        return;
      } catch (error) {
        const failure = classifyDownloadError(error);
        if (failure.kind === 'fatal') {
          this.#fatal ??= error;
          this.#settleIdle();
          return;
        }
        if (failure.kind === 'permanent' || failure.kind === 'transient') return this.#fail(job, failure.reason);
        if (attempt >= MAX_ATTEMPTS) return this.#fail(job, failure.kind);
        if (failure.kind === 'migrate') {
          dcOverride = failure.dcId;
        } else if (failure.kind === 'refresh') {
          if (refreshes++ >= MAX_REFRESHES) return this.#fail(job, 'file reference keeps expiring');
          const fresh = await this.#refresh(photo).catch((e: unknown) => {
            if (classifyDownloadError(e).kind === 'fatal') this.#fatal ??= e;
            return null;
          });
          if (this.#fatal) return this.#settleIdle();
          if (!fresh) return this.#fail(job, 'the photo is no longer available to refresh its file reference');
        }
      }
    }
  }

  #fail(job: Job, reason: string): void {
    // Per file at info: a run's failures are counted in its record; the next run retries them.
    this.#d.log.info('download failed', { photoId: job.photoId.toString(), size: job.file.type, reason });
    this.#d.onFileFailed?.(job.photoId, reason);
  }

  /** One refresh per photo at a time: both files of a photo usually expire together. */
  #refresh(photo: PendingPhoto): Promise<PendingPhoto | null> {
    const key = photo.id.toString();
    let pending = this.#refreshing.get(key);
    if (!pending) {
      pending = this.#d.refresh(photo).then((fresh) => {
        if (fresh) {
          this.#photos.set(key, fresh);
          this.#d.photos.updateReference(fresh.id, fresh.fileReference, fresh.accessHash, fresh.dcId);
        }
        return fresh;
      });
      const settled = pending.finally(() => this.#refreshing.delete(key));
      settled.catch(() => undefined);
      this.#refreshing.set(key, pending);
    }
    return pending;
  }

  /**
   * Fetches the file's parts, then writes it. A file of one part (most avatars) touches the
   * disk only after its answer; a longer one opens its .part file at its first answer and
   * writes each part as it comes. `fetched` is called once the last part is in.
   */
  async #download(photo: PendingPhoto, file: WantedFileRow, dcId: number, fetched: () => void): Promise<void> {
    let writer: PartWriter | null = null;
    try {
      const location = photoLocation(photo, file.type);
      let received = 0;
      let previous: PartAnswer | null = null;
      let held: Uint8Array | null = null; // the first part, until a second one shows the file needs a writer
      for (let part = nextPart(received, previous, file.size); part; part = nextPart(received, previous, file.size)) {
        // A purge may come while this waits for the download budget: ask Telegram for nothing of a photo gone.
        if (!this.#d.photos.has(photo.id)) return await writer?.abort();
        const answer = await this.#d.control.call(
          this.#d.caller,
          new Api.upload.GetFile({ location, offset: bigInt(part.offset), limit: part.limit }),
          { dcId, timeoutMs: this.#d.timeoutFor(file.size > 0 ? Math.min(part.limit, file.size - part.offset) : part.limit) },
        );
        if (!(answer instanceof Api.upload.File)) throw new Error('Telegram redirected the download to a CDN, which is not supported');
        previous = { limit: part.limit, bytes: answer.bytes.length };
        received += previous.bytes;
        if (held) {
          writer ??= await this.#d.store.begin(extensionFor(file.mime));
          await writeOnce(writer, held);
          held = null;
        }
        if (writer) await writeOnce(writer, answer.bytes);
        else held = answer.bytes;
      }
      if (received === 0) throw new Error('Telegram returned an empty file');
      fetched();
      writer ??= await this.#d.store.begin(extensionFor(file.mime));
      if (held) await writeOnce(writer, held);
      const stored = await writer.commit();
      const { photoComplete, photoGone } = this.#d.files.record({
        photoId: photo.id,
        sizeType: file.type,
        width: file.w,
        height: file.h,
        bytes: stored.bytes,
        sha256: stored.sha256,
        mime: file.mime,
        path: stored.path,
        downloadedAt: this.#d.now(),
      });
      if (photoComplete || photoGone) this.#photos.delete(photo.id.toString());
      // Purged while it downloaded: the file goes too, unless another photo shares its bytes.
      if (photoGone) return void (await this.#d.store.remove(this.#d.files.unreferenced([stored.path])));
      this.#d.onFileDone?.(stored.bytes, photoComplete, photo.userId);
    } catch (error) {
      await writer?.abort();
      throw error;
    }
  }
}

/** Writes a part, then frees its memory if it came in a packet of its own (../telegram/packet-buffers.ts): its bytes are not read again. */
async function writeOnce(writer: PartWriter, bytes: Uint8Array): Promise<void> {
  await writer.write(bytes);
  releaseFileAnswer(bytes);
}
