/**
 * Contract section: Telegram API credentials, login, logout and connection
 * state. Spread into `requests` / `events` in preload/contract.ts. Like the
 * rest of the contract: no Electron, Node or DOM here. The session string never
 * appears in any of these shapes.
 *
 * A login is a wizard driven by requests; each returns the new state and the
 * same state is pushed as the `login.state` event (QR tokens refresh on their
 * own, so the UI should render from the event):
 *
 *   login.start({method:'phone'}) → {step:'phone'}
 *   login.submitPhone({phone})    → {step:'code'} | {step:'phone', error}
 *   login.submitCode({code})      → {step:'done'} | {step:'password'} | {step:'code', error} | {step:'phone', error} (code expired)
 *   login.submitPassword({password}) → {step:'done'} | {step:'password', error}
 *   login.start({method:'qr'})    → {step:'qr', url, expiresAt} … → {step:'done'} | {step:'password'}
 *   login.cancel()                → {step:'idle'}
 *
 * `error` on a step is recoverable and its `message` is ready to show; step
 * 'error' means start again (e.g. API_CREDENTIALS_MISSING: set them first).
 * Login requests do not fail for flow reasons: a request made out of turn (a
 * double submit, a stale window) answers with the current state unchanged.
 */
import { z } from 'zod';

// Kept local (same shape as contract.ts's Account): importing values from
// contract.ts here would be a circular import.
const AccountShape = z.strictObject({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  phone: z.string().max(32).nullable(),
  firstName: z.string().max(256),
  lastName: z.string().max(256),
  username: z.string().max(64).nullable(),
  dcId: z.number().int().positive(),
  status: z.enum(['active', 'needs_login', 'logged_out']),
  addedAt: z.number().int(),
});

const Empty = z.strictObject({});
const AccountId = z.strictObject({ accountId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const LoginProblem = z.strictObject({
  /** Telegram's error name (PHONE_CODE_INVALID, …) or ours (FLOOD_WAIT, NETWORK, …). */
  code: z.string().max(64),
  /** A sentence to show as is. */
  message: z.string().max(500),
  /** FLOOD_WAIT: when to try again (unix ms), for a countdown. */
  retryAt: z.number().int().optional(),
});
export type LoginProblem = z.output<typeof LoginProblem>;

export const LoginState = z.discriminatedUnion('step', [
  z.strictObject({ step: z.literal('idle') }),
  z.strictObject({ step: z.literal('phone'), phone: z.string().max(32).nullable(), error: LoginProblem.nullable() }),
  z.strictObject({
    step: z.literal('code'),
    phone: z.string().max(32),
    /** Digits to expect, when Telegram says. */
    codeLength: z.number().int().positive().max(32).nullable(),
    /** Where the code went: the Telegram app on another device, SMS, a call, email. */
    delivery: z.enum(['app', 'sms', 'call', 'email', 'other']),
    error: LoginProblem.nullable(),
  }),
  z.strictObject({ step: z.literal('password'), hint: z.string().max(256).nullable(), error: LoginProblem.nullable() }),
  z.strictObject({
    step: z.literal('qr'),
    /** `tg://login?token=<base64url>`: render it as a QR code. Null until the first token arrives. */
    url: z.string().max(1024).nullable(),
    /** When this token stops working (unix ms); a new one arrives (as an event) before that. */
    expiresAt: z.number().int().nullable(),
    error: LoginProblem.nullable(),
  }),
  z.strictObject({ step: z.literal('done'), account: AccountShape }),
  z.strictObject({ step: z.literal('error'), error: LoginProblem }),
]);
export type LoginState = z.output<typeof LoginState>;

export const ApiCredentialsInfo = z.strictObject({
  configured: z.boolean(),
  apiId: z.number().int().positive().nullable(),
  /** First and last 4 characters only; the full hash never leaves main. */
  apiHashMasked: z.string().max(64).nullable(),
});
export type ApiCredentialsInfo = z.output<typeof ApiCredentialsInfo>;

export const AccountConnection = z.strictObject({
  accountId: z.number().int().positive(),
  /** idle: not connected because nothing needed it yet. */
  state: z.enum(['idle', 'connecting', 'online', 'offline', 'flood_wait', 'needs_login', 'logged_out']),
  /** flood_wait: when the waiting method may be called again (unix ms). */
  until: z.number().int().nullable(),
  /** flood_wait: the method Telegram rate-limited, e.g. 'photos.GetUserPhotos'. */
  method: z.string().max(128).nullable(),
});
export type AccountConnection = z.output<typeof AccountConnection>;

export const accountRequests = {
  /** Whether API credentials are set; the hash only masked. */
  'credentials.get': { input: Empty, output: ApiCredentialsInfo },
  /** Saves api_id and api_hash from my.telegram.org. Fails with API_CREDENTIALS_INVALID and a message saying what to fix. */
  'credentials.set': {
    input: z.strictObject({ apiId: z.union([z.number(), z.string().max(32)]), apiHash: z.string().max(128) }),
    output: ApiCredentialsInfo,
  },
  /** Starts (or restarts) a login; any login in progress is abandoned. */
  'login.start': { input: z.strictObject({ method: z.enum(['phone', 'qr']) }), output: LoginState },
  'login.submitPhone': { input: z.strictObject({ phone: z.string().max(64) }), output: LoginState },
  'login.submitCode': { input: z.strictObject({ code: z.string().max(32) }), output: LoginState },
  'login.submitPassword': { input: z.strictObject({ password: z.string().max(512) }), output: LoginState },
  'login.cancel': { input: Empty, output: LoginState },
  /** The current login state (e.g. after the window reloads). */
  'login.current': { input: Empty, output: LoginState },
  /** Logs out on Telegram and forgets the session; the account stays listed as logged_out. An unknown account is a no-op. */
  'accounts.logout': { input: AccountId, output: Empty },
  /** Connection state of every account. */
  'accounts.connections': { input: Empty, output: z.array(AccountConnection).max(100) },
} as const satisfies Record<string, { input: z.ZodType; output: z.ZodType }>;

export const accountEvents = {
  /** The login wizard's state changed (including QR token refreshes). */
  'login.state': LoginState,
  /** An account's connection changed: connecting, online, offline, flood_wait until T, needs_login. */
  'accounts.connection': AccountConnection,
  /** Telegram ended an account's session (revoked, logged out elsewhere); it needs a new login. Work for it is paused. */
  'accounts.sessionEnded': z.strictObject({ accountId: z.number().int().positive(), message: z.string().max(500) }),
} as const satisfies Record<string, z.ZodType>;
