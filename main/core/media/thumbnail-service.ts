/**
 * Makes the thumbnails the database says are missing (ThumbnailsRepo.jobs), a
 * few at a time, as files land (poke) and in a repair pass over the whole archive
 * (repair). Each content hash is done once; a file sharp cannot read gets a
 * recorded error and the rest goes on. Output is written to a temporary name and
 * renamed, so a half-written thumbnail is never served.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ThumbnailJob, ThumbnailsRepo } from '../archive/thumbnails-repo.js';
import type { Logger } from '../log.js';
import { ImageError } from './image-error.js';

// sharp (native, large) loads with the first thumbnail, not with every process that opens an archive.
const imageRepository = () => import('./image-repository.js');

export interface ThumbnailServiceDeps {
  readonly repo: ThumbnailsRepo;
  readonly archiveDir: string;
  readonly now: () => number;
  readonly log: Logger;
  /**
   * Thumbnails made at the same time (default 2). Each holds one of libuv's four threads while sharp
   * works, so two leave the other two to the downloads' file writes.
   */
  readonly concurrency?: number;
  /** Hashes whose thumbnail was just made or failed, after their rows are written. */
  readonly onSettled?: (sha256s: readonly string[]) => void;
}

export interface ThumbnailPassResult {
  readonly made: number;
  readonly failed: number;
}

const BATCH = 64;

export const thumbnailPaths = (sha256: string): { grid: string; preview: string } => ({
  grid: `thumbs/${sha256.slice(0, 2)}/${sha256}-grid.webp`,
  preview: `thumbs/${sha256.slice(0, 2)}/${sha256}-preview.webp`,
});

export class ThumbnailService {
  readonly #d: ThumbnailServiceDeps;
  readonly #concurrency: number;
  /** Files rowid up to which new-file passes have looked. */
  #cursor = 0;
  #running: Promise<ThumbnailPassResult> | null = null;
  #again = false;
  #closed = false;

  constructor(deps: ThumbnailServiceDeps) {
    this.#d = deps;
    this.#concurrency = Math.max(1, deps.concurrency ?? 2);
  }

  /** New files may have landed: make their thumbnails soon. Cheap to call often. */
  poke(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#loop().catch((error: unknown) => this.#d.log.error('thumbnail pass failed', error));
  }

  /** A full pass: every still file of the archive without a thumbnail row. */
  async repair(): Promise<ThumbnailPassResult> {
    await this.idle();
    this.#cursor = 0;
    return this.#loop();
  }

  /** Resolves when no pass is running and none is due. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
  }

  #loop(): Promise<ThumbnailPassResult> {
    const run = (async () => {
      let made = 0;
      let failed = 0;
      do {
        this.#again = false;
        for (;;) {
          if (this.#closed) break;
          const jobs = this.#d.repo.jobs(this.#cursor, BATCH);
          if (jobs.length === 0) break;
          const result = await this.#batch(jobs);
          made += result.made;
          failed += result.failed;
          this.#cursor = jobs.at(-1)!.seq;
        }
      } while (this.#again && !this.#closed);
      return { made, failed };
    })();
    this.#running = run;
    void run.finally(() => {
      if (this.#running === run) this.#running = null;
    }).catch(() => undefined);
    return run;
  }

  async #batch(jobs: readonly ThumbnailJob[]): Promise<ThumbnailPassResult> {
    const unique = [...new Map(jobs.map((j) => [j.sha256, j])).values()];
    let next = 0;
    let made = 0;
    let failed = 0;
    const settled: string[] = [];
    const worker = async (): Promise<void> => {
      while (next < unique.length && !this.#closed) {
        const job = unique[next++]!;
        if (await this.#one(job)) made++;
        else failed++;
        settled.push(job.sha256);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.#concurrency, unique.length) }, worker));
    if (settled.length) this.#d.onSettled?.(settled);
    return { made, failed };
  }

  /** True when made; false when the failure is recorded. Never throws for a bad picture. */
  async #one(job: ThumbnailJob): Promise<boolean> {
    const source = path.join(this.#d.archiveDir, ...job.path.split('/'));
    try {
      const { makeThumbnails } = await imageRepository();
      const out = await makeThumbnails(await readSource(source));
      const paths = thumbnailPaths(job.sha256);
      await writeAtomically(path.join(this.#d.archiveDir, paths.grid), out.grid);
      await writeAtomically(path.join(this.#d.archiveDir, paths.preview), out.preview);
      this.#d.repo.recordDone(
        { sha256: job.sha256, gridPath: paths.grid, previewPath: paths.preview, width: out.width, height: out.height, thumbhash: out.thumbhash },
        this.#d.now(),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ImageError)) {
        // The disk, not the picture: leave no row, so a later pass tries again.
        this.#d.log.warn('thumbnail not written', { sha256: job.sha256, error: (error as Error).message });
        throw error;
      }
      this.#d.repo.recordFailed(job.sha256, error.message, this.#d.now());
      return false;
    }
  }
}

/** The source's bytes; a missing or unreadable source is the picture's problem, recorded like one. */
async function readSource(file: string): Promise<Buffer> {
  try {
    const bytes = await fs.readFile(file);
    if (bytes.length === 0) throw new ImageError('The file is empty.');
    return bytes;
  } catch (error) {
    if (error instanceof ImageError) throw error;
    throw new ImageError(`The archived file cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
}

async function writeAtomically(file: string, bytes: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.writeFile(temp, bytes);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
