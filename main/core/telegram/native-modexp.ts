/**
 * GramJS raises big numbers to big powers (Helpers.modExp) bit by bit on
 * big-integer objects: the two 2048-bit exponentiations of every new auth key's
 * Diffie-Hellman step (and the 2FA password's SRP) hold the main thread for
 * ~40 ms each. OpenSSL does the same arithmetic in ~2 ms: a raw RSA public-key
 * operation (no padding) is exactly base^exponent mod modulus. It needs an odd
 * modulus and an exponent below it (OpenSSL's checks; a larger exponent is
 * split in parts below it); other inputs, and any error, go to GramJS's own
 * modExp. Installed once per process, like
 * fast-longs.ts; installing first checks both agree on a probe, and the
 * outcome is recorded (./patch-status.ts).
 */
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { helpers } from 'telegram';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from './patch-status.js';

type ModExp = (a: bigInt.BigInteger, b: bigInt.BigInteger, n: bigInt.BigInteger) => bigInt.BigInteger;

const base64url = (x: bigint): string => {
  const hex = x.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex').toString('base64url');
};

/** a^e mod n for 0 < e < n, by OpenSSL, or null if it refuses. */
function rawRsa(a: bigint, e: bigint, n: bigint): bigint | null {
  const length = Math.ceil(n.toString(16).length / 2);
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: base64url(n), e: base64url(e) }, format: 'jwk' });
    const input = Buffer.from((a % n).toString(16).padStart(2 * length, '0'), 'hex');
    const out = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, input);
    return BigInt(`0x${out.toString('hex')}`);
  } catch {
    return null;
  }
}

/**
 * a^e mod n by OpenSSL, or null where it does not apply (an even or tiny modulus, negative
 * numbers). An exponent not below the modulus (a random Diffie-Hellman exponent often is not)
 * is split: with e = hi * 2^k + lo and 2^k < n, a^e = (a^hi)^(2^k) * a^lo, each exponent below n.
 */
export function opensslModPow(a: bigint, e: bigint, n: bigint): bigint | null {
  if (n < 3n || n % 2n === 0n || a < 0n || e < 1n) return null;
  if (e < n) return rawRsa(a, e, n);
  const k = BigInt(n.toString(2).length - 1);
  const hi = e >> k;
  const lo = e & ((1n << k) - 1n);
  if (hi >= n) return null;
  const high = rawRsa(a, hi, n);
  const shifted = high === null ? null : rawRsa(high, 1n << k, n);
  const low = lo === 0n ? 1n : rawRsa(a, lo, n);
  return shifted === null || low === null ? null : (shifted * low) % n;
}

let original: ModExp | null = null;

export function installNativeModExp(): PatchStatus {
  if (original) return recordPatch('native-modexp', APPLIED);
  const target = helpers as unknown as { modExp?: unknown };
  if (typeof target.modExp !== 'function') return recordPatch('native-modexp', fellBack('Helpers has no modExp'));
  const saved = target.modExp as ModExp;
  // a probe: both must agree (512 bits, so that GramJS's own answer costs little)
  const n = BigInt(`0x${randomBytes(64).toString('hex')}`) | (1n << 511n) | 1n;
  const [a, e] = [BigInt(`0x${randomBytes(64).toString('hex')}`), BigInt(`0x${randomBytes(63).toString('hex')}`)];
  const theirs: unknown = saved(bigInt(a), bigInt(e), bigInt(n));
  if (!bigInt.isInstance(theirs)) return recordPatch('native-modexp', fellBack("GramJS's modExp does not answer a big-integer"));
  if (opensslModPow(a, e, n)?.toString() !== theirs.toString()) return recordPatch('native-modexp', fellBack("OpenSSL's answer differs from GramJS's on a probe"));
  original = saved;
  target.modExp = (base: bigInt.BigInteger, exponent: bigInt.BigInteger, modulus: bigInt.BigInteger): bigInt.BigInteger => {
    const ours = opensslModPow(BigInt(base.toString()), BigInt(exponent.toString()), BigInt(modulus.toString()));
    return ours === null ? saved(base, exponent, modulus) : bigInt(ours);
  };
  return recordPatch('native-modexp', APPLIED);
}

/** Puts GramJS's own modExp back (tests). */
export function uninstallNativeModExp(): void {
  if (!original) return;
  (helpers as unknown as { modExp: ModExp }).modExp = original;
  original = null;
}
