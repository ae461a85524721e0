/**
 * Per-target decisions of a sync run, kept free of I/O so they can be tested on
 * their own: after one users.getUsers sweep, which targets need a listing (and
 * which kind), which need users.getFullUser, and what a complete deep scan
 * means for the photos we already hold.
 */

export type TargetStatus = 'active' | 'deleted' | 'bot' | 'inaccessible';

/** What the archive remembers about a target between runs. */
export interface TargetSyncState {
  readonly status: TargetStatus;
  readonly currentPhotoId: bigint | null;
  readonly newestPhotoId: bigint | null;
  readonly backfillCursor: bigint | null;
  readonly historyComplete: boolean;
  readonly hiddenSince: number | null;
  readonly lastCheckAt: number | null;
  readonly lastDeepScanAt: number | null;
  readonly lastFullUserAt: number | null;
}

export const FRESH_STATE: TargetSyncState = {
  status: 'active',
  currentPhotoId: null,
  newestPhotoId: null,
  backfillCursor: null,
  historyComplete: false,
  hiddenSince: null,
  lastCheckAt: null,
  lastDeepScanAt: null,
  lastFullUserAt: null,
};

/** The target as users.getUsers just described it (or did not). */
export type UserObservation =
  | { readonly kind: 'missing' }
  | {
      readonly kind: 'user';
      readonly deleted: boolean;
      readonly bot: boolean;
      /** userProfilePhoto.photo_id; null for no photo (or one hidden from us). */
      readonly photoId: bigint | null;
      /** The shown photo is one this account set for the contact. */
      readonly personal: boolean;
    };

/**
 * - none: nothing to list.
 * - incremental: from the top, stop at the first known photo.
 * - backfill: continue the unfinished history from its cursor (after an incremental top check).
 * - deep: list everything, then reconcile removals.
 */
export type ListingMode = 'none' | 'incremental' | 'backfill' | 'deep';

export interface TargetWork {
  readonly status: TargetStatus;
  readonly listing: ListingMode;
  /** 'yes': call users.getFullUser; 'if-unseen': only if the current photo is not found by the listing. */
  readonly fullUser: 'no' | 'yes' | 'if-unseen';
  readonly reason: string;
}

export interface PlanOptions {
  readonly now: number;
  readonly deepScanIntervalMs: number;
  /** Force a deep scan of this target (the person asked for it). */
  readonly forceDeep?: boolean;
  /** Read users.getFullUser again once the last read is this old (absent: only when the listing needs it). */
  readonly fullUserIntervalMs?: number;
  /** Whether a profile photo id is already in the archive for this target. */
  readonly isKnown: (photoId: bigint) => boolean;
}

/**
 * What a target needs this run. Besides the listing: the profile details (bio, personal and
 * fallback photo) that only users.getFullUser shows are read again once they are
 * `fullUserIntervalMs` old, so a bio-only change does not wait for the weekly deep scan.
 */
export function planTargetWork(state: TargetSyncState, seen: UserObservation, options: PlanOptions): TargetWork {
  const work = planListing(state, seen, options);
  const interval = options.fullUserIntervalMs;
  const due = interval !== undefined && work.status === 'active' && state.lastFullUserAt !== null && options.now - state.lastFullUserAt >= interval;
  return due && work.fullUser !== 'yes' ? { ...work, fullUser: 'yes', reason: `${work.reason}; profile details due` } : work;
}

function planListing(state: TargetSyncState, seen: UserObservation, options: PlanOptions): TargetWork {
  if (seen.kind === 'missing') return { status: 'inaccessible', listing: 'none', fullUser: 'no', reason: 'not returned by users.getUsers' };
  // A deleted account lists nothing; what we hold stays, neither removed nor hidden.
  if (seen.deleted) return { status: 'deleted', listing: 'none', fullUser: 'no', reason: 'deleted account' };
  if (seen.bot) return { status: 'bot', listing: 'none', fullUser: 'no', reason: 'bot' };

  const firstSync = state.lastCheckAt === null;
  const deepDue = options.forceDeep === true || state.lastDeepScanAt === null || options.now - state.lastDeepScanAt >= options.deepScanIntervalMs;
  const changed = seen.photoId !== state.currentPhotoId;

  if (firstSync || !state.historyComplete) {
    // The history is still being backfilled; its cursor makes a resumed run list nothing twice.
    return { status: 'active', listing: 'backfill', fullUser: state.lastFullUserAt === null ? 'yes' : changed ? 'if-unseen' : 'no', reason: firstSync ? 'first sync' : 'backfill unfinished' };
  }
  if (deepDue) return { status: 'active', listing: 'deep', fullUser: 'yes', reason: 'deep scan due' };
  if (seen.personal) {
    // user.photo shows the photo this account set for the contact, so it says nothing about
    // their own profile: only a listing (one request, stopping at the first known photo) does.
    return { status: 'active', listing: 'incremental', fullUser: changed ? 'yes' : 'no', reason: 'personal photo hides profile changes' };
  }
  if (!changed) return { status: 'active', listing: 'none', fullUser: 'no', reason: 'unchanged' };

  if (seen.photoId === null) {
    // No photo shown now: every photo was deleted, or the history was hidden. Only a full read tells which.
    return { status: 'active', listing: 'deep', fullUser: 'yes', reason: 'photo disappeared' };
  }
  if (options.isKnown(seen.photoId) && seen.photoId !== state.newestPhotoId) {
    // An older photo is current again: newer ones were removed.
    return { status: 'active', listing: 'deep', fullUser: 'no', reason: 'an older photo became current' };
  }
  if (state.hiddenSince !== null) return { status: 'active', listing: 'deep', fullUser: 'yes', reason: 'hidden history may be visible again' };
  return { status: 'active', listing: 'incremental', fullUser: seen.personal ? 'yes' : 'if-unseen', reason: 'current photo changed' };
}

/** A profile photo the archive holds, as a deep scan needs it. */
export interface KnownPhoto {
  readonly id: bigint;
  readonly removedAt: number | null;
  readonly hiddenSince: number | null;
}

export interface DeepScanOutcome {
  /** Photos that are gone from a complete, non-empty listing. */
  readonly removed: readonly bigint[];
  /** Photos marked removed earlier that are listed again. */
  readonly restored: readonly bigint[];
  /** The listing was empty while we hold photos: record a hidden history, remove nothing. */
  readonly hidden: boolean;
  /** Photos whose hidden mark should be cleared (the history is visible again). */
  readonly unhidden: readonly bigint[];
}

/**
 * What a finished deep scan means. An incomplete read changes nothing; an empty
 * one can be a privacy change, a block or a deleted account, so it is recorded as
 * hidden and removes nothing. Removed photos stay in the archive either way.
 */
export function reconcileDeepScan(known: readonly KnownPhoto[], listed: ReadonlySet<bigint>, complete: boolean): DeepScanOutcome {
  const nothing: DeepScanOutcome = { removed: [], restored: [], hidden: false, unhidden: [] };
  if (!complete) return nothing;
  if (listed.size === 0) {
    const anyVisible = known.some((p) => p.removedAt === null);
    return { ...nothing, hidden: anyVisible };
  }
  return {
    removed: known.filter((p) => p.removedAt === null && !listed.has(p.id)).map((p) => p.id),
    restored: known.filter((p) => p.removedAt !== null && listed.has(p.id)).map((p) => p.id),
    hidden: false,
    unhidden: known.filter((p) => p.hiddenSince !== null).map((p) => p.id),
  };
}

/**
 * A personal or fallback photo is one slot in userFull: when the slot now holds
 * another photo (or none), the previous one was removed.
 */
export function slotRemoval(previous: bigint | null, current: bigint | null): bigint | null {
  return previous !== null && previous !== current ? previous : null;
}

/** Whether the identity changed enough to record a snapshot. `bio` undefined: not fetched this time. */
export interface Identity {
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
  readonly bio: string | null;
  readonly deleted: boolean;
}

export function nextSnapshot(last: Identity | undefined, seen: Omit<Identity, 'bio'> & { bio: string | undefined }): Identity | null {
  const candidate: Identity = { ...seen, bio: seen.bio === undefined ? (last?.bio ?? null) : seen.bio };
  if (
    last &&
    last.firstName === candidate.firstName &&
    last.lastName === candidate.lastName &&
    last.username === candidate.username &&
    last.bio === candidate.bio &&
    last.deleted === candidate.deleted
  )
    return null;
  return candidate;
}

/** Splits ids into users.getUsers batches (Telegram takes up to 200 per call). */
export function batches<T>(items: readonly T[], size = 200): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
