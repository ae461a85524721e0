/**
 * Creating an auth key (a fresh login, and each data center a sync downloads
 * from) starts by factoring a 64-bit pq. GramJS does it with big-integer
 * objects and modExp for every squaring: ~150 ms of unbroken main-thread work
 * per key, which the window would feel. The same Pollard-Brent search on
 * native bigints takes 5-100 ms (it is a random walk); so that it does not
 * hold the thread either, it starts as soon as the server's ResPQ arrives
 * (MTProtoPlainSender.send, which only the key exchange uses), in steps with
 * other work between them (../time-slicer.ts), and Factorizator.factorize,
 * called synchronously right after, takes the answer found. Installed once per
 * process, like fast-longs.ts; the answer has GramJS's shape ({p, q} as
 * big-integer, p <= q); each outcome is recorded (./patch-status.ts).
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { Factorizator } from 'telegram/crypto/Factorizator.js';
import { MTProtoPlainSender } from 'telegram/network/MTProtoPlainSender.js';
import { mainThread } from '../time-slicer.js';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from './patch-status.js';

type Factors = { p: bigInt.BigInteger; q: bigInt.BigInteger };
type Factorize = (pq: bigInt.BigInteger) => Factors;
type Send = (this: MTProtoPlainSender, request: Api.AnyRequest) => Promise<unknown>;

const gcd = (a: bigint, b: bigint): bigint => {
  while (b) [a, b] = [b, a % b];
  return a;
};

function randomBelow(n: bigint): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return (BigInt(`0x${Buffer.from(bytes).toString('hex')}`) % (n - 1n)) + 1n;
}

/** Pollard-Brent as steps: yields after every m squarings (~0.1 ms), returns the factor. */
function* brentSteps(n: bigint): Generator<void, bigint> {
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
      for (let i = 1n; i <= r; i++) {
        y = (y * y + c) % n;
        if (i % m === 0n) yield;
      }
      for (let k = 0n; k < r && g === 1n; k += m) {
        ys = y;
        const steps = m < r - k ? m : r - k;
        for (let i = 0n; i < steps; i++) {
          y = (y * y + c) % n;
          q = (q * (x > y ? x - y : y - x)) % n;
        }
        g = gcd(q, n);
        yield;
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

/** A nontrivial factor of a composite n (Brent's variant of Pollard's rho), in one go. */
export function pollardBrent(n: bigint): bigint {
  const steps = brentSteps(n);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same search with the thread shared between steps. */
export async function pollardBrentShared(n: bigint): Promise<bigint> {
  const steps = brentSteps(n);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await mainThread.pause();
  }
}

const inOrder = (n: bigint, f: bigint): Factors => {
  const [p, q] = f < n / f ? [f, n / f] : [n / f, f];
  return { p: bigInt(p), q: bigInt(q) };
};

/** Factors found ahead of Factorizator.factorize, by pq (decimal); each is taken once. */
const ahead = new Map<string, Factors>();

async function factorAhead(answer: unknown): Promise<void> {
  if (!(answer instanceof Api.ResPQ) || !Buffer.isBuffer(answer.pq) || answer.pq.length === 0 || answer.pq.length > 8) return;
  const n = BigInt(`0x${answer.pq.toString('hex')}`);
  if (n < 4n) return; // GramJS's to refuse
  if (ahead.size > 16) ahead.clear(); // answers whose key exchange went no further
  ahead.set(n.toString(), inOrder(n, await pollardBrentShared(n)));
}

let original: Factorize | null = null;
let originalSend: Send | null = null;

export function installFastFactorize(): PatchStatus {
  if (!original) {
    const target = Factorizator as unknown as { factorize?: unknown };
    if (typeof target.factorize !== 'function') return recordPatch('fast-factorize', fellBack('Factorizator has no static factorize'));
    original = target.factorize as Factorize;
    target.factorize = (pq: bigInt.BigInteger): Factors => {
      const key = pq.toString();
      const found = ahead.get(key);
      if (found) {
        ahead.delete(key);
        return found;
      }
      const n = BigInt(key);
      return inOrder(n, pollardBrent(n));
    };
  }
  if (!originalSend) {
    const proto = MTProtoPlainSender.prototype as unknown as { send?: Send };
    if (typeof proto.send !== 'function') return recordPatch('fast-factorize', fellBack('MTProtoPlainSender has no send: pq is factored in one go'));
    const send = proto.send;
    originalSend = send;
    proto.send = async function sendAndFactor(this: MTProtoPlainSender, request: Api.AnyRequest): Promise<unknown> {
      const answer = await send.call(this, request);
      await factorAhead(answer);
      return answer;
    };
  }
  return recordPatch('fast-factorize', APPLIED);
}

/** Puts GramJS's own factorize and send back (tests). */
export function uninstallFastFactorize(): void {
  if (original) (Factorizator as unknown as { factorize: Factorize }).factorize = original;
  if (originalSend) (MTProtoPlainSender.prototype as unknown as { send: Send }).send = originalSend;
  original = null;
  originalSend = null;
  ahead.clear();
}
