/**
 * The typed IPC contract: every request the renderer may make of the main
 * process (input and output schemas) and every event main sends back. Main
 * validates each input against it at the trust boundary; the preload exposes
 * one function per request name; the renderer gets its types from here.
 * No Electron, Node or DOM in this file: it runs in all three places.
 */
import { z } from 'zod';
import { accountEvents, accountRequests } from './contract/accounts.js';
import { exportEvents, exportRequests } from './contract/export.js';
import { galleryEvents, galleryRequests } from './contract/gallery.js';
import { settingsEvents, settingsRequests } from './contract/settings.js';
import { syncEvents, syncRequests } from './contract/sync.js';
import { verifyRequests } from './contract/verify.js';

const MAX_ID = Number.MAX_SAFE_INTEGER;

export const UserId = z.number().int().positive().max(MAX_ID);
const Name = z.string().max(256);
const Username = z.string().max(64);
const Empty = z.strictObject({});

export const AccountStatus = z.enum(['active', 'needs_login', 'logged_out']);

export const Account = z.strictObject({
  id: UserId,
  phone: z.string().max(32).nullable(),
  firstName: Name,
  lastName: Name,
  username: Username.nullable(),
  dcId: z.number().int().positive(),
  status: AccountStatus,
  addedAt: z.number().int(),
});
export type Account = z.output<typeof Account>;

export const Target = z.strictObject({
  userId: UserId,
  accountId: UserId.nullable(),
  firstName: Name,
  lastName: Name,
  username: Username.nullable(),
  addedAt: z.number().int(),
  paused: z.boolean(),
});
export type Target = z.output<typeof Target>;

const TargetCursor = z.strictObject({ addedAt: z.number().int(), userId: UserId });

export const AppInfo = z.strictObject({
  version: z.string().max(64),
  platform: z.string().max(32),
  archiveDir: z.string().max(4096),
});
export type AppInfo = z.output<typeof AppInfo>;

/** Errors cross the boundary as plain values; Error objects do not survive IPC. */
export const AppError = z.strictObject({ code: z.string().max(64), message: z.string().max(2000) });
export type AppError = z.output<typeof AppError>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const requests = {
  ...accountRequests,
  ...syncRequests,
  ...galleryRequests,
  ...settingsRequests,
  ...exportRequests,
  ...verifyRequests,
  'app.info': { input: Empty, output: AppInfo },
  'accounts.list': { input: Empty, output: z.array(Account).max(100) },
  'targets.list': {
    input: z.strictObject({
      limit: z.number().int().min(1).max(500).default(100),
      after: TargetCursor.optional(),
    }),
    output: z.strictObject({ items: z.array(Target), total: z.number().int().nonnegative(), next: TargetCursor.nullable() }),
  },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  ...accountEvents,
  ...syncEvents,
  ...galleryEvents,
  ...settingsEvents,
  ...exportEvents,
  /** Something in the archive changed; the renderer refetches what it shows of that scope. */
  'archive.changed': z.strictObject({ scope: z.enum(['accounts', 'targets', 'photos', 'settings']) }),
  /** Main asks the window to show a screen (a notification about a person was clicked). */
  'app.navigate': z.discriminatedUnion('view', [z.strictObject({ view: z.literal('person'), target: Target }), z.strictObject({ view: z.literal('people') })]),
} as const satisfies Record<string, z.ZodType>;

export type RequestName = keyof typeof requests;
export type EventName = keyof typeof events;
export type RequestInput<N extends RequestName> = z.input<(typeof requests)[N]['input']>;
export type RequestOutput<N extends RequestName> = z.output<(typeof requests)[N]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const REQUEST_NAMES = Object.keys(requests) as RequestName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** What main implements: inputs arrive parsed (defaults applied), outputs are checked on the way out. */
export type Handlers = {
  [N in RequestName]: (input: z.output<(typeof requests)[N]['input']>) => Promise<z.input<(typeof requests)[N]['output']>>;
};

/** What the renderer sees as `window.api`, in Electron and in the browser test harness alike. */
export interface Bridge {
  readonly request: { readonly [N in RequestName]: (input: RequestInput<N>) => Promise<Result<RequestOutput<N>>> };
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Where the archive's files are served: archive paths (thumbs/…, media/…) are appended to it. */
  readonly mediaBase: string;
}

/** IPC channel names used by the Electron wiring (preload and main). */
export const CHANNELS = { request: (name: RequestName) => `request:${name}`, event: 'event' } as const;
