import { describe, expect, it } from 'vitest';
import {
  batches,
  FRESH_STATE,
  nextSnapshot,
  planTargetWork,
  reconcileDeepScan,
  slotRemoval,
  type TargetSyncState,
  type UserObservation,
} from '../../../main/core/sync/target-plan.js';

const DAY = 86_400_000;
const now = 100 * DAY;
const synced: TargetSyncState = {
  ...FRESH_STATE,
  currentPhotoId: 30n,
  newestPhotoId: 30n,
  historyComplete: true,
  lastCheckAt: now - DAY,
  lastDeepScanAt: now - DAY,
  lastFullUserAt: now - DAY,
};
const user = (photoId: bigint | null, extra: Partial<Extract<UserObservation, { kind: 'user' }>> = {}): UserObservation => ({
  kind: 'user',
  deleted: false,
  bot: false,
  photoId,
  personal: false,
  ...extra,
});
const known = new Set([10n, 20n, 30n]);
const options = { now, deepScanIntervalMs: 7 * DAY, isKnown: (id: bigint) => known.has(id) };

describe('which targets need a listing', () => {
  it('reads the profile details (bio) again once they are old, without a listing', () => {
    const every3Days = { ...options, fullUserIntervalMs: 3 * DAY };
    expect(planTargetWork(synced, user(30n), every3Days)).toMatchObject({ listing: 'none', fullUser: 'no' });
    expect(planTargetWork({ ...synced, lastFullUserAt: now - 3 * DAY }, user(30n), every3Days)).toMatchObject({ listing: 'none', fullUser: 'yes' });
    expect(planTargetWork({ ...synced, lastFullUserAt: now - 3 * DAY }, user(40n), every3Days)).toMatchObject({ listing: 'incremental', fullUser: 'yes' });
    expect(planTargetWork({ ...synced, lastFullUserAt: now - 3 * DAY }, user(null, { deleted: true }), every3Days)).toMatchObject({ fullUser: 'no' });
  });

  it('an unchanged, recently scanned target needs no request beyond the shared getUsers', () => {
    expect(planTargetWork(synced, user(30n), options)).toMatchObject({ listing: 'none', fullUser: 'no' });
  });

  it('a first sync backfills and fetches the full user for personal and fallback photos', () => {
    expect(planTargetWork(FRESH_STATE, user(5n), options)).toMatchObject({ listing: 'backfill', fullUser: 'yes' });
  });

  it('an unfinished backfill continues even if nothing changed', () => {
    expect(planTargetWork({ ...synced, historyComplete: false, backfillCursor: 20n }, user(30n), options)).toMatchObject({ listing: 'backfill', fullUser: 'no' });
  });

  it('a new current photo takes an incremental listing; getFullUser only if the listing does not explain it', () => {
    expect(planTargetWork(synced, user(40n), options)).toMatchObject({ listing: 'incremental', fullUser: 'if-unseen' });
    expect(planTargetWork(synced, user(40n, { personal: true }), options)).toMatchObject({ listing: 'incremental', fullUser: 'yes' });
  });

  it('a personal photo hides profile changes from getUsers: such targets always take the cheap incremental listing', () => {
    expect(planTargetWork({ ...synced, currentPhotoId: 99n }, user(99n, { personal: true }), options)).toMatchObject({ listing: 'incremental', fullUser: 'no' });
    expect(planTargetWork(synced, user(99n, { personal: true }), options)).toMatchObject({ listing: 'incremental', fullUser: 'yes' });
  });

  it('an older known photo becoming current means removals: deep scan now', () => {
    expect(planTargetWork(synced, user(20n), options)).toMatchObject({ listing: 'deep' });
  });

  it('a photo that disappeared takes a deep scan (removed or hidden is decided by the full read)', () => {
    expect(planTargetWork(synced, user(null), options)).toMatchObject({ listing: 'deep', fullUser: 'yes' });
  });

  it('a due deep scan lists everything even without a change', () => {
    expect(planTargetWork({ ...synced, lastDeepScanAt: now - 8 * DAY }, user(30n), options)).toMatchObject({ listing: 'deep', fullUser: 'yes' });
    expect(planTargetWork(synced, user(30n), { ...options, forceDeep: true })).toMatchObject({ listing: 'deep' });
  });

  it('deleted accounts, bots and users getUsers does not return list nothing', () => {
    expect(planTargetWork(synced, user(null, { deleted: true }), options)).toMatchObject({ status: 'deleted', listing: 'none', fullUser: 'no' });
    expect(planTargetWork(synced, user(1n, { bot: true }), options)).toMatchObject({ status: 'bot', listing: 'none' });
    expect(planTargetWork(synced, { kind: 'missing' }, options)).toMatchObject({ status: 'inaccessible', listing: 'none' });
  });

  it('batches getUsers by 200', () => {
    const ids = Array.from({ length: 401 }, (_, i) => i);
    expect(batches(ids).map((b) => b.length)).toEqual([200, 200, 1]);
    expect(batches([])).toEqual([]);
  });
});

describe('removed vs hidden', () => {
  const held = [
    { id: 10n, removedAt: null, hiddenSince: null },
    { id: 20n, removedAt: null, hiddenSince: null },
    { id: 30n, removedAt: 5, hiddenSince: null },
  ];

  it('marks removed only what a complete, non-empty listing lacks, and restores what came back', () => {
    expect(reconcileDeepScan(held, new Set([20n, 30n, 40n]), true)).toEqual({ removed: [10n], restored: [30n], hidden: false, unhidden: [] });
  });

  it('an empty complete listing is a hidden history, never a removal', () => {
    expect(reconcileDeepScan(held, new Set(), true)).toEqual({ removed: [], restored: [], hidden: true, unhidden: [] });
  });

  it('an empty listing of a target with nothing visible records nothing', () => {
    expect(reconcileDeepScan([{ id: 1n, removedAt: 3, hiddenSince: null }], new Set(), true).hidden).toBe(false);
    expect(reconcileDeepScan([], new Set(), true).hidden).toBe(false);
  });

  it('an interrupted listing changes nothing', () => {
    expect(reconcileDeepScan(held, new Set([20n]), false)).toEqual({ removed: [], restored: [], hidden: false, unhidden: [] });
  });

  it('a visible history again clears the hidden marks', () => {
    const hidden = held.map((p) => ({ ...p, hiddenSince: 7 }));
    expect(reconcileDeepScan(hidden, new Set([10n, 20n]), true).unhidden).toEqual([10n, 20n, 30n]);
  });

  it('a personal or fallback slot that now holds another photo removes the previous one', () => {
    expect(slotRemoval(5n, 6n)).toBe(5n);
    expect(slotRemoval(5n, null)).toBe(5n);
    expect(slotRemoval(5n, 5n)).toBeNull();
    expect(slotRemoval(null, 6n)).toBeNull();
  });
});

describe('identity snapshots', () => {
  const base = { firstName: 'Ann', lastName: 'B', username: 'ann', deleted: false };
  it('records the first sighting and then only changes, carrying the last known bio when it was not fetched', () => {
    const first = nextSnapshot(undefined, { ...base, bio: 'hi' });
    expect(first).toEqual({ ...base, bio: 'hi' });
    expect(nextSnapshot(first!, { ...base, bio: undefined })).toBeNull();
    expect(nextSnapshot(first!, { ...base, username: 'ann2', bio: undefined })).toEqual({ ...base, username: 'ann2', bio: 'hi' });
    expect(nextSnapshot(first!, { ...base, bio: 'new' })).toEqual({ ...base, bio: 'new' });
  });
});
