/**
 * Contract section: choosing targets and running the archiver. Spread into
 * `requests` / `events` in preload/contract.ts. No Electron, Node or DOM here.
 *
 *   targets.add({query})            @username, t.me link, tg://resolve link or phone number
 *   targets.add({userId})           a person from targets.candidates
 *   targets.candidates({source})    the account's contacts or private dialogs, to pick from
 *   targets.remove({userId, purge}) stop archiving; the archive keeps the photos unless purge
 *   targets.setPaused({userId, paused})
 *   sync.start({userIds?, deep?})   starts a run in the background (SYNC_BUSY if one runs)
 *   sync.pause / sync.resume / sync.cancel / sync.status
 *   event sync.progress             throttled (a few per second) while a run lasts, and at its end
 */
import { z } from 'zod';
import { Placeholder } from './gallery.js';

const UserId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Empty = z.strictObject({});

/** A person as a lookup or a candidate list shows them (same fields as contract.ts's Target, plus flags). */
export const TargetCandidate = z.strictObject({
  userId: UserId,
  firstName: z.string().max(256),
  lastName: z.string().max(256),
  username: z.string().max(64).nullable(),
  /** Already archived. */
  isTarget: z.boolean(),
  /** Their current photo as the tiny JPEG Telegram sends with the user (its stripped thumbnail), when they have one. */
  avatar: Placeholder.nullable().default(null),
});
export type TargetCandidate = z.output<typeof TargetCandidate>;

const AddedTarget = z.strictObject({
  userId: UserId,
  accountId: UserId.nullable(),
  firstName: z.string().max(256),
  lastName: z.string().max(256),
  username: z.string().max(64).nullable(),
  addedAt: z.number().int(),
  paused: z.boolean(),
  /** contacts.resolveUsername calls the account has left today (Telegram allows about 200 a day; people already known cost none). */
  usernameLookupsLeft: z.number().int().nonnegative(),
});

export const SyncRunState = z.enum(['running', 'paused', 'done', 'cancelled', 'failed']);

export const SyncProgress = z.strictObject({
  runId: z.number().int().positive(),
  state: SyncRunState,
  /** checking: users.getUsers over all targets; listing: photo histories; downloading: the rest of the files. */
  phase: z.enum(['starting', 'checking', 'listing', 'downloading', 'finished']),
  targetsDone: z.number().int().nonnegative(),
  targetsTotal: z.number().int().nonnegative(),
  photosFound: z.number().int().nonnegative(),
  photosRemoved: z.number().int().nonnegative(),
  filesDownloaded: z.number().int().nonnegative(),
  /** Files queued in this run so far (grows while histories are listed). */
  filesTotal: z.number().int().nonnegative(),
  bytesDownloaded: z.number().int().nonnegative(),
  /** Whose file landed last in this run (the sidebar shows their avatar while a run archives). */
  lastPerson: UserId.nullable(),
  errors: z.number().int().nonnegative(),
  /** Telegram asked us to wait: which method, until when (unix ms). Not an error. */
  floodWait: z.strictObject({ method: z.string().max(64), until: z.number().int() }).nullable(),
  /** Seconds left by the current download rate, when it can be estimated. */
  etaSeconds: z.number().int().nonnegative().nullable(),
  startedAt: z.number().int(),
  error: z.strictObject({ code: z.string().max(64), message: z.string().max(2000) }).nullable(),
});
export type SyncProgress = z.output<typeof SyncProgress>;

export const RunSummary = z.strictObject({
  id: z.number().int().positive(),
  status: z.enum(['running', 'done', 'cancelled', 'failed', 'interrupted']),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  targetsTotal: z.number().int().nonnegative(),
  targetsDone: z.number().int().nonnegative(),
  photosFound: z.number().int().nonnegative(),
  photosRemoved: z.number().int().nonnegative(),
  filesDownloaded: z.number().int().nonnegative(),
  bytesDownloaded: z.number().int().nonnegative(),
  floodWaits: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  requests: z.record(z.string().max(64), z.number().int().nonnegative()),
  error: z.string().max(2000).nullable(),
});
export type RunSummary = z.output<typeof RunSummary>;

export const SyncStatus = z.strictObject({
  /** The run in progress in this app, if any. */
  current: SyncProgress.nullable(),
  lastRun: RunSummary.nullable(),
  totals: z.strictObject({
    targets: z.number().int().nonnegative(),
    photos: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
    hidden: z.number().int().nonnegative(),
    pendingPhotos: z.number().int().nonnegative(),
    files: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
  }),
});
export type SyncStatus = z.output<typeof SyncStatus>;

export const syncRequests = {
  'targets.add': {
    input: z.union([
      // Empty or overlong text gets the lookup's own plain answer (target-query.ts), not a schema error.
      z.strictObject({ query: z.string().max(100_000), accountId: UserId.optional() }),
      z.strictObject({ userId: UserId, accountId: UserId.optional() }),
    ]),
    output: AddedTarget,
  },
  'targets.remove': {
    input: z.strictObject({ userId: UserId, purge: z.boolean().default(false) }),
    output: z.strictObject({ removed: z.boolean(), photosPurged: z.number().int().nonnegative(), filesDeleted: z.number().int().nonnegative() }),
  },
  'targets.setPaused': { input: z.strictObject({ userId: UserId, paused: z.boolean() }), output: z.strictObject({ changed: z.boolean() }) },
  'targets.candidates': {
    input: z.strictObject({ source: z.enum(['contacts', 'dialogs']), accountId: UserId.optional() }),
    output: z.strictObject({ items: z.array(TargetCandidate).max(5000) }),
  },
  'sync.start': {
    input: z.strictObject({ userIds: z.array(UserId).max(10_000).optional(), deep: z.boolean().optional() }),
    output: z.strictObject({ runId: z.number().int().positive() }),
  },
  'sync.pause': { input: Empty, output: z.strictObject({ paused: z.boolean() }) },
  'sync.resume': { input: Empty, output: z.strictObject({ resumed: z.boolean() }) },
  'sync.cancel': { input: Empty, output: z.strictObject({ cancelled: z.boolean() }) },
  'sync.status': { input: Empty, output: SyncStatus },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const syncEvents = {
  'sync.progress': SyncProgress,
} as const satisfies Record<string, z.ZodType>;
