/**
 * One target's share of a run, once the change detection has decided what it
 * needs: list its history (backfill by max_id with the cursor persisted after
 * every page, an incremental check down to the first known photo, or a deep
 * scan that reconciles removals), fetch users.getFullUser when needed, and
 * record the new state and identity. New photos go to the download engine as
 * soon as their page is committed.
 */
import type Database from 'better-sqlite3';
import { Api } from 'telegram';
import bigInt from 'big-integer';
import type { FilesRepo } from '../archive/files-repo.js';
import type { PendingPhoto, PhotoRecord, PhotosRepo } from '../archive/photos-repo.js';
import type { SnapshotsRepo } from '../archive/snapshots-repo.js';
import type { SyncStateRepo } from '../archive/sync-state-repo.js';
import type { TargetRow, TargetsRepo } from '../archive/targets-repo.js';
import type { TelegramCaller } from '../telegram/caller.js';
import type { DownloadEngine } from './download-engine.js';
import type { RunControl } from './run-control.js';
import { nextSnapshot, reconcileDeepScan, slotRemoval, type TargetSyncState, type TargetWork, type UserObservation } from './target-plan.js';
import { inputUser, observeUser, photoRecord, toBigint, userIdentity } from './telegram-objects.js';

export const PAGE_SIZE = 100;

export interface TargetSyncDeps {
  readonly db: Database.Database;
  readonly photos: PhotosRepo;
  readonly files: FilesRepo;
  readonly state: SyncStateRepo;
  readonly snapshots: SnapshotsRepo;
  readonly targets: TargetsRepo;
  readonly caller: TelegramCaller;
  readonly control: RunControl;
  readonly engine: DownloadEngine;
  readonly now: () => number;
  readonly requestTimeoutMs: number;
  readonly onPhotosFound: (count: number) => void;
  readonly onPhotosRemoved: (count: number) => void;
}

export interface TargetCheck {
  readonly target: TargetRow;
  readonly state: TargetSyncState;
  readonly seen: UserObservation;
  /** The User object from users.getUsers (absent when it was not returned). */
  readonly user: Api.User | null;
  readonly work: TargetWork;
}

const pending = (r: PhotoRecord): PendingPhoto => ({
  id: r.id,
  userId: r.userId,
  kind: r.kind,
  accessHash: r.accessHash,
  fileReference: Buffer.from(r.fileReference),
  dcId: r.dcId,
  wanted: r.wanted,
  done: [],
});

/** The target was removed while the run worked on them: what was fetched is dropped, and the run goes on. */
export class TargetRemovedError extends Error {
  readonly code = 'TARGET_REMOVED';
  constructor(readonly userId: number) {
    super(`${userId} was removed during the run.`);
  }
}

export class TargetSync {
  readonly #d: TargetSyncDeps;
  constructor(deps: TargetSyncDeps) {
    this.#d = deps;
  }

  async run(check: TargetCheck): Promise<void> {
    const { target, work, seen } = check;
    let bio: string | undefined;

    if (work.listing === 'backfill') await this.#backfill(check);
    else if (work.listing === 'incremental') await this.#incremental(check);
    else if (work.listing === 'deep') await this.#deepScan(check);

    const current = seen.kind === 'user' ? seen.photoId : null;
    const unseen = current !== null && !this.#d.photos.has(current);
    if (work.fullUser === 'yes' || (work.fullUser === 'if-unseen' && unseen)) bio = await this.#fullUser(target);

    this.#finishCheck(check, bio);
  }

  /** Records what the check saw without any listing (most targets of a no-change run). */
  finishUnchanged(check: TargetCheck): void {
    this.#finishCheck(check, undefined);
  }

  #finishCheck(check: TargetCheck, bio: string | undefined): void {
    const { target, seen, work, user } = check;
    const now = this.#d.now();
    this.#d.db.transaction(() => {
      // Removed during the run: nothing of what this check saw is kept (no state, no identity snapshot).
      if (!this.#d.targets.get(target.userId)) return;
      this.#d.state.patch(
        target.userId,
        {
          status: work.status,
          currentPhotoId: seen.kind === 'user' ? seen.photoId : check.state.currentPhotoId,
          lastCheckAt: now,
          ...(bio !== undefined ? { lastFullUserAt: now } : {}),
          lastError: null,
        },
        now,
      );
      if (user) {
        const identity = userIdentity(user);
        const next = nextSnapshot(this.#d.snapshots.latest(target.userId), {
          firstName: identity.firstName,
          lastName: identity.lastName,
          username: identity.username,
          deleted: identity.deleted,
          bio,
        });
        if (next) this.#d.snapshots.add(target.userId, next, now);
        // A deleted account loses its name; the target keeps the one we knew.
        if (!identity.deleted) this.#d.targets.updateIdentity(target.userId, identity);
      }
    })();
  }

  async #page(target: TargetRow, maxId: bigint, limit = PAGE_SIZE, offset = 0): Promise<PhotoRecord[]> {
    const answer = await this.#d.control.call(
      this.#d.caller,
      new Api.photos.GetUserPhotos({ userId: inputUser(target.userId, target.accessHash), offset, maxId: bigInt(maxId.toString()), limit }),
      { timeoutMs: this.#d.requestTimeoutMs },
    );
    return answer.photos.map((p) => photoRecord(p, target.userId, 'profile')).filter((r): r is PhotoRecord => r !== null);
  }

  /** Stores a page; the new photos go to the downloads once the page is committed. */
  #commit(userId: number, records: readonly PhotoRecord[], after: () => void): void {
    const added = this.#d.db.transaction(() => {
      // Checked in the page's own transaction: a removal (and purge) commits either before, then nothing
      // of this page is written, or after, then the purge deletes it with the rest.
      if (!this.#d.targets.get(userId)) throw new TargetRemovedError(userId);
      const ids = this.#d.photos.upsert(records, this.#d.now(), this.#d.caller.accountId);
      after();
      return ids;
    })();
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const id of added) this.#d.engine.enqueue(pending(byId.get(id)!));
    if (added.length) this.#d.onPhotosFound(added.length);
  }

  /**
   * From the top down to the first photo the archive knows. New photos are kept
   * in memory until that point and committed together: a crash in between costs
   * a relisting, never a gap below a committed newer page.
   */
  async #incremental(check: TargetCheck): Promise<void> {
    const { target } = check;
    const found: PhotoRecord[] = [];
    let maxId = 0n;
    for (;;) {
      const page = await this.#page(target, maxId);
      if (maxId === 0n && page.length === 0) {
        // Nothing listed at all: the history was hidden from us (or deleted). An empty complete listing is
        // what a deep scan would read too, so record it now (hidden, nothing removed) instead of waiting for one.
        this.#reconcile(check, new Set(), null);
        return;
      }
      if (maxId === 0n && check.state.hiddenSince !== null) {
        // Visible again: a full read tells what was removed meanwhile and clears the hidden marks.
        await this.#deepScan(check);
        return;
      }
      const known = this.#d.photos.knownAmong(page.map((p) => p.id));
      const firstKnown = page.findIndex((p) => known.has(p.id));
      found.push(...(firstKnown === -1 ? page : page.slice(0, firstKnown)));
      if (firstKnown !== -1 || page.length < PAGE_SIZE) break;
      maxId = page.at(-1)!.id;
    }
    const newest = found[0]?.id;
    this.#commit(target.userId, found, () => {
      if (newest !== undefined) {
        const previous = this.#d.state.get(target.userId)?.newestPhotoId ?? null;
        if (previous === null || newest > previous) this.#d.state.patch(target.userId, { newestPhotoId: newest }, this.#d.now());
      }
    });
  }

  /** The unfinished history, a page at a time from the persisted cursor. */
  async #backfill(check: TargetCheck): Promise<void> {
    const { target, seen } = check;
    let state = this.#d.state.get(target.userId) ?? check.state;
    const changed = seen.kind === 'user' && seen.photoId !== state.currentPhotoId;
    if (state.newestPhotoId !== null && changed) await this.#incremental(check);

    state = this.#d.state.get(target.userId) ?? check.state;
    let cursor = state.backfillCursor ?? 0n;
    const fromTop = state.backfillCursor === null;
    for (;;) {
      const page = await this.#page(target, cursor);
      const complete = page.length < PAGE_SIZE;
      const oldest = page.at(-1)?.id ?? null;
      const newest = page[0]?.id ?? null;
      this.#commit(target.userId, page, () => {
        const now = this.#d.now();
        const previousNewest = this.#d.state.get(target.userId)?.newestPhotoId ?? null;
        this.#d.state.patch(
          target.userId,
          {
            backfillCursor: complete ? null : oldest,
            historyComplete: complete,
            ...(newest !== null && (previousNewest === null || newest > previousNewest) ? { newestPhotoId: newest } : {}),
            // A history read from the top to the end in one go is as good as a deep scan.
            ...(complete && fromTop ? { lastDeepScanAt: now } : complete ? { lastDeepScanAt: state.lastDeepScanAt ?? now } : {}),
          },
          now,
        );
      });
      if (complete) return;
      cursor = oldest!;
    }
  }

  /** The whole history from the top; removals are decided only after a complete read. */
  async #deepScan(check: TargetCheck): Promise<void> {
    const { target } = check;
    const listed = new Set<bigint>();
    let maxId = 0n;
    let newest: bigint | null = null;
    for (;;) {
      const page = await this.#page(target, maxId);
      newest ??= page[0]?.id ?? null;
      for (const p of page) listed.add(p.id);
      this.#commit(target.userId, page, () => undefined);
      if (page.length < PAGE_SIZE) break;
      maxId = page.at(-1)!.id;
    }
    this.#reconcile(check, listed, newest);
  }

  /** What a complete listing (`listed`, possibly empty) means for the photos we hold: removals, restores, a hidden history. */
  #reconcile(check: TargetCheck, listed: ReadonlySet<bigint>, newest: bigint | null): void {
    const { target } = check;
    const now = this.#d.now();
    let removedCount = 0;
    this.#d.db.transaction(() => {
      if (!this.#d.targets.get(target.userId)) throw new TargetRemovedError(target.userId);
      const outcome = reconcileDeepScan(this.#d.photos.knownProfile(target.userId), listed, true);
      this.#d.photos.markRemoved(outcome.removed, now);
      this.#d.photos.restore(outcome.restored);
      this.#d.photos.clearHidden(outcome.unhidden);
      const hidden = outcome.hidden ? (this.#d.photos.markHidden(target.userId, now), check.state.hiddenSince ?? now) : null;
      removedCount = outcome.removed.length;
      this.#d.state.patch(
        target.userId,
        {
          historyComplete: true,
          backfillCursor: null,
          lastDeepScanAt: now,
          hiddenSince: hidden,
          ...(newest !== null ? { newestPhotoId: newest } : {}),
        },
        now,
      );
    })();
    if (removedCount) this.#d.onPhotosRemoved(removedCount);
  }

  /**
   * The personal photo this account set for someone archived through another account (only this
   * account sees it): `user` is them as users.getUsers showed them to this account. A new one is
   * fetched with users.getFullUser; one no longer shown is marked removed. Nothing else is read.
   */
  async observePersonal(target: TargetRow, user: Api.User | null): Promise<void> {
    const observer = this.#d.caller.accountId;
    const seen = observeUser(user ?? undefined);
    const shown = seen.kind === 'user' && seen.personal ? seen.photoId : null;
    const active = this.#d.photos.activeSlot(target.userId, 'personal', observer);
    if (shown !== null && (shown === active || this.#d.photos.has(shown))) return;
    let personal: PhotoRecord | null = null;
    if (shown !== null) {
      const answer = await this.#d.control.call(this.#d.caller, new Api.users.GetFullUser({ id: inputUser(target.userId, target.accessHash) }), {
        timeoutMs: this.#d.requestTimeoutMs,
      });
      const photo = answer.fullUser.personalPhoto;
      personal = photo ? photoRecord(photo, target.userId, 'personal') : null;
    } else if (active === null) {
      return;
    }
    this.#commit(target.userId, personal ? [personal] : [], () => {
      const gone = slotRemoval(active, personal?.id ?? null);
      if (gone !== null) this.#d.photos.markRemoved([gone], this.#d.now());
    });
  }

  /** Personal and fallback photos (never in getUserPhotos), the bio, and the shown photo if unknown. */
  async #fullUser(target: TargetRow): Promise<string> {
    const answer = await this.#d.control.call(this.#d.caller, new Api.users.GetFullUser({ id: inputUser(target.userId, target.accessHash) }), {
      timeoutMs: this.#d.requestTimeoutMs,
    });
    const full = answer.fullUser;
    const personal = full.personalPhoto ? photoRecord(full.personalPhoto, target.userId, 'personal') : null;
    const fallback = full.fallbackPhoto ? photoRecord(full.fallbackPhoto, target.userId, 'fallback') : null;
    const profile = full.profilePhoto ? photoRecord(full.profilePhoto, target.userId, 'profile') : null;
    const records = [personal, fallback].filter((r): r is PhotoRecord => r !== null);
    // The current profile photo is normally listed already; keep it if the listing could not show it.
    if (profile && !this.#d.photos.has(profile.id)) records.push(profile);
    let removed = 0;
    this.#commit(target.userId, records, () => {
      const now = this.#d.now();
      for (const [kind, current] of [
        ['personal', personal],
        ['fallback', fallback],
      ] as const) {
        const gone = slotRemoval(this.#d.photos.activeSlot(target.userId, kind, this.#d.caller.accountId), current?.id ?? null);
        if (gone !== null && gone !== current?.id) {
          this.#d.photos.markRemoved([gone], now);
          removed++;
        }
      }
    });
    if (removed) this.#d.onPhotosRemoved(removed);
    return full.about ?? '';
  }
}

/** Fetches a fresh file reference for a pending photo (see telegram-notes §5.3). */
export function photoRefresher(deps: { caller: TelegramCaller; control: RunControl; targets: TargetsRepo; timeoutMs: number }) {
  return async (photo: PendingPhoto): Promise<PendingPhoto | null> => {
    const target = deps.targets.get(photo.userId);
    if (!target) return null;
    const user = inputUser(target.userId, target.accessHash);
    let fresh: Api.TypePhoto | undefined;
    if (photo.kind === 'profile') {
      // offset -1, max_id = id, limit 1 returns exactly that photo.
      const answer = await deps.control.call(
        deps.caller,
        new Api.photos.GetUserPhotos({ userId: user, offset: -1, maxId: bigInt(photo.id.toString()), limit: 1 }),
        { timeoutMs: deps.timeoutMs },
      );
      fresh = answer.photos.find((p) => p instanceof Api.Photo && toBigint(p.id) === photo.id);
    } else {
      const answer = await deps.control.call(deps.caller, new Api.users.GetFullUser({ id: user }), { timeoutMs: deps.timeoutMs });
      const full = answer.fullUser;
      fresh = [full.personalPhoto, full.fallbackPhoto, full.profilePhoto].find((p) => p instanceof Api.Photo && toBigint(p.id) === photo.id);
    }
    if (!(fresh instanceof Api.Photo)) return null;
    return { ...photo, fileReference: Buffer.from(fresh.fileReference), accessHash: toBigint(fresh.accessHash), dcId: fresh.dcId };
  };
}
