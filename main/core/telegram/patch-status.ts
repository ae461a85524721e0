/**
 * The places where the app reaches into GramJS internals, and how each fared.
 * `telegram` is pinned to an exact version in package.json because of them.
 * Each patch checks, when a client is created, that the shape it patches is
 * there, then applies itself or leaves GramJS's own code in charge; a patch
 * that meets an unexpected shape later, at run time, falls back too. Outcomes
 * are recorded here, one log line per patch (a fallback says why), so a slow
 * path never hides, and the unit tests assert every patch is applied on the
 * pinned version.
 */
import type { Logger } from '../log.js';

export const GRAM_PATCHES = [
  'aes-ige', // crypto/install.ts: our AES-256-IGE under IGE.prototype
  'sliced-decrypt', // crypto/sliced-decrypt.ts: received messages decrypted in place, large ones in slices, the thread shared between them
  'fast-longs', // fast-longs.ts: native 64-bit reads under BinaryReader.prototype.readLong
  'native-bitwise', // native-bitwise.ts: big-integer's shifts and masks on native bigints (every request's longs)
  'native-crc', // pinned-connection.ts: the native-CRC packet codec in ConnectionTCPFull
  'rsa-keys', // pinned-connection.ts: a profile's RSA keys in GramJS's key table
  'client-internals', // account-client.ts: exported senders torn down, our error handler
  'fast-factorize', // fast-factorize.ts: pq of a new auth key factored on native bigints, ahead, in steps
  'native-modexp', // native-modexp.ts: Helpers.modExp by OpenSSL (a new auth key's Diffie-Hellman)
] as const;
export type GramPatch = (typeof GRAM_PATCHES)[number];

export type PatchStatus = { readonly state: 'applied' } | { readonly state: 'fell-back'; readonly reason: string };

export const APPLIED: PatchStatus = Object.freeze({ state: 'applied' });
export const fellBack = (reason: string): PatchStatus => ({ state: 'fell-back', reason });

const statuses = new Map<GramPatch, PatchStatus>();
let log: Logger | null = null;

/** Where outcomes are logged from now on (the client factory passes the app's logger). */
export function setPatchLog(logger: Logger): void {
  log = logger;
}

/**
 * Records a patch's outcome and logs it the first time. A fallback stays
 * recorded (a later "applied" does not hide it); an applied patch that falls
 * back at run time logs once more, with the reason.
 */
export function recordPatch(patch: GramPatch, status: PatchStatus): PatchStatus {
  const previous = statuses.get(patch);
  if (previous && (previous.state === 'fell-back' || status.state === 'applied')) return previous;
  statuses.set(patch, status);
  if (status.state === 'applied') log?.info(`GramJS patch ${patch}: applied`);
  else log?.warn(`GramJS patch ${patch} fell back to GramJS's own code: ${status.reason}`);
  return status;
}

export function patchStatus(patch: GramPatch): PatchStatus | undefined {
  return statuses.get(patch);
}

export function patchStatuses(): Partial<Record<GramPatch, PatchStatus>> {
  return Object.fromEntries(statuses);
}

/** Forgets every outcome (for tests that break a shape on purpose). */
export function resetPatchStatuses(): void {
  statuses.clear();
}
