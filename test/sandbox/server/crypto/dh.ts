/** Telegram's 2048-bit safe prime with g = 3, used for the key exchange and for SRP 2FA. */
export const DH_PRIME_HEX =
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f' +
  '48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37' +
  '20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
  '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4' +
  'a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754' +
  'fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
  'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f' +
  '0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b';

export const DH_PRIME = Buffer.from(DH_PRIME_HEX, 'hex');
export const DH_PRIME_BIG = BigInt('0x' + DH_PRIME_HEX);
export const DH_G = 3;

/** Big-endian bytes -> bigint. */
export function bigFromBytes(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + bytes.toString('hex'));
}

/** bigint -> big-endian bytes, left-padded to `length` (or minimal when omitted). */
export function bytesFromBig(value: bigint, length?: number): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const raw = Buffer.from(hex, 'hex');
  if (length === undefined || raw.length === length) return raw;
  if (raw.length > length) throw new Error(`value does not fit in ${length} bytes`);
  return Buffer.concat([Buffer.alloc(length - raw.length), raw]);
}

/** Square-and-multiply; SRP needs it a few times per 2FA login, so plain bigint is enough. */
export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/** Strips leading zero bytes: GramJS derives the auth key with this minimal encoding. */
export function minimalBytes(bytes: Buffer): Buffer {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}
