/**
 * Verify, slowly, in the background: after each scheduled run that ends done, the
 * next slice of the archive's files is read and hashed (verifySlice), so a large
 * archive is checked over days without a long read at once. What is damaged and
 * still on Telegram is forgotten for the next run to fetch again; what is lost is
 * logged and kept in the last report. The cursor lives in the archive's settings,
 * so the app and `sync --watch` share it and a restart goes on where it stopped.
 */
import { z } from 'zod';
import { VerifyProblem } from '../../../preload/contract/verify.js';
import type { SettingsRepo } from '../archive/settings-repo.js';
import type { RunRow } from '../archive/runs-repo.js';
import type { Logger } from '../log.js';
import type { VerifySliceResult } from '../sync/verify.js';

export const BACKGROUND_VERIFY_KEY = 'verify.background';
/** Files per scheduled run: a few seconds of reading; an hourly schedule goes through 12,000 files a day. */
export const FILES_PER_SLICE = 500;

const State = z.object({
  next: z.string(),
  checkedAt: z.number().nullable(),
  /** Lost files found so far in this pass through the archive (the first 100). */
  lost: z.array(VerifyProblem).max(100),
});
export type BackgroundVerifyState = z.output<typeof State>;
const START: BackgroundVerifyState = { next: '', checkedAt: null, lost: [] };

export interface BackgroundVerifyDeps {
  readonly settings: SettingsRepo;
  readonly slice: (after: string, files: number) => Promise<VerifySliceResult>;
  readonly now: () => number;
  readonly log: Logger;
  readonly filesPerSlice?: number;
}

export class BackgroundVerify {
  readonly #d: BackgroundVerifyDeps;
  #work: Promise<void> = Promise.resolve();

  constructor(deps: BackgroundVerifyDeps) {
    this.#d = deps;
  }

  /** A scheduled run ended: verify the next slice once it is done (one slice at a time). */
  afterRun(run: Pick<RunRow, 'status'>): void {
    if (run.status !== 'done') return;
    this.#work = this.#work.then(() => this.#slice()).catch((error: unknown) => this.#d.log.warn('background verify failed', { error: String(error) }));
  }

  state(): BackgroundVerifyState {
    return this.#d.settings.get(BACKGROUND_VERIFY_KEY, State, START);
  }

  /** Resolves when the slice under way (if any) has ended. */
  settled(): Promise<void> {
    return this.#work;
  }

  async #slice(): Promise<void> {
    const before = this.state();
    const result = await this.#d.slice(before.next, this.#d.filesPerSlice ?? FILES_PER_SLICE);
    const lost = (before.next === '' ? [] : before.lost).concat(result.lost).slice(0, 100);
    this.#d.settings.set(BACKGROUND_VERIFY_KEY, { next: result.next, checkedAt: this.#d.now(), lost } satisfies BackgroundVerifyState);
    if (result.refetch.length) this.#d.log.warn('background verify: damaged or missing files will be fetched again by the next run', { files: result.refetch.map((p) => p.path) });
    if (result.lost.length) this.#d.log.warn('background verify: files lost (Telegram no longer has them for us)', { files: result.lost.map((p) => p.path) });
  }
}
