/**
 * Creating an auth key (a fresh login, and each data center a sync downloads
 * from) starts by factoring a 64-bit pq. GramJS does it with big-integer
 * objects and modExp for every squaring: ~150 ms of unbroken main-thread work
 * per key, which the window would feel. The same Pollard-Brent search on
 * native bigints takes a few milliseconds. Installed once per process, like
 * fast-longs.ts; the answer has GramJS's shape ({p, q} as big-integer, p <= q).
 */
import bigInt from 'big-integer';
import { Factorizator } from 'telegram/crypto/Factorizator.js';

type Factorize = (pq: bigInt.BigInteger) => { p: bigInt.BigInteger; q: bigInt.BigInteger };

const gcd = (a: bigint, b: bigint): bigint => {
  while (b) [a, b] = [b, a % b];
  return a;
};

function randomBelow(n: bigint): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return (BigInt(`0x${Buffer.from(bytes).toString('hex')}`) % (n - 1n)) + 1n;
}

/** A nontrivial factor of a composite n (Brent's variant of Pollard's rho). */
export function pollardBrent(n: bigint): bigint {
  if (n % 2n === 0n) return 2n;
  for (;;) {
    let y = randomBelow(n);
    const c = randomBelow(n);
    const m = 128n;
    let g = 1n;
    let r = 1n;
    let q = 1n;
    let x = 0n;
    let ys = 0n;
    while (g === 1n) {
      x = y;
      for (let i = 0n; i < r; i++) y = (y * y + c) % n;
      for (let k = 0n; k < r && g === 1n; k += m) {
        ys = y;
        const steps = m < r - k ? m : r - k;
        for (let i = 0n; i < steps; i++) {
          y = (y * y + c) % n;
          q = (q * (x > y ? x - y : y - x)) % n;
        }
        g = gcd(q, n);
      }
      r *= 2n;
    }
    if (g === n) {
      do {
        ys = (ys * ys + c) % n;
        g = gcd(x > ys ? x - ys : ys - x, n);
      } while (g === 1n);
    }
    if (g !== n) return g; // else an unlucky constant: try another
  }
}

let original: Factorize | null = null;

export function installFastFactorize(): void {
  if (original) return;
  const target = Factorizator as unknown as { factorize?: unknown };
  if (typeof target.factorize !== 'function') return; // another GramJS shape: its own code stays in charge
  original = target.factorize as Factorize;
  target.factorize = (pq: bigInt.BigInteger) => {
    const n = BigInt(pq.toString());
    const f = pollardBrent(n);
    const [p, q] = f < n / f ? [f, n / f] : [n / f, f];
    return { p: bigInt(p), q: bigInt(q) };
  };
}

/** Puts GramJS's own factorize back (tests). */
export function uninstallFastFactorize(): void {
  if (!original) return;
  (Factorizator as unknown as { factorize: Factorize }).factorize = original;
  original = null;
}
