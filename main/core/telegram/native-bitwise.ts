/**
 * big-integer (GramJS's numbers) shifts and masks natively.
 *
 * GramJS writes every long of every request (message id, salt, session id,
 * each id and access hash) with Helpers.toSignedLittleBuffer: per byte, a
 * big-integer shiftRight and `and(255)`. big-integer runs both through its
 * generic digit-by-digit code (divModAny on powers of two) even for numbers it
 * keeps as native bigints: over a 300-user sync that was ~800 MB of garbage,
 * half of everything the engine allocated, and most of what kept V8's
 * collector busy. We give big-integer's native-bigint class native shiftLeft,
 * shiftRight, and, or and xor, which compute the same values (floor shifts and
 * two's complement bitwise operations are what native bigints do). The
 * methods are replaced on the prototype, so every caller, including GramJS's
 * tl/api.js that holds its own reference to toSignedLittleBuffer, gets them.
 *
 * Installing first checks that big-integer keeps numbers as native bigints on
 * `.value` and that both implementations agree on edge values; otherwise
 * big-integer's own methods stay and the fallback is recorded and logged
 * (./patch-status.ts). Arguments of another kind (a shift given as a
 * big-integer or string) go to big-integer's own methods.
 */
import bigInt from 'big-integer';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from './patch-status.js';

const SHIFTS = ['shiftLeft', 'shiftRight'] as const;
const BITWISE = ['and', 'or', 'xor'] as const;
type Method = (typeof SHIFTS)[number] | (typeof BITWISE)[number];
type Methods = Record<Method, (this: bigInt.BigInteger, arg: unknown) => bigInt.BigInteger>;

/** big-integer's own limit on a shift, kept so errors stay its own. */
const MAX_SHIFT = 1e7;

const nativeValue = (n: unknown): bigint | null => {
  const value = (n as { value?: unknown } | null)?.value;
  return typeof value === 'bigint' ? value : null;
};

/** The other operand as a native bigint, or null for big-integer's own method. */
function operand(arg: unknown): bigint | null {
  if (typeof arg === 'bigint') return arg;
  if (typeof arg === 'number') return Number.isSafeInteger(arg) ? BigInt(arg) : null;
  return bigInt.isInstance(arg) ? nativeValue(arg) : null;
}

const shiftBy = (arg: unknown): number | null => (typeof arg === 'number' && Number.isInteger(arg) && Math.abs(arg) <= MAX_SHIFT ? arg : null);

function nativeMethods(saved: Methods): Methods {
  const shift = (left: boolean) =>
    function (this: bigInt.BigInteger, arg: unknown): bigInt.BigInteger {
      const value = nativeValue(this);
      const n = shiftBy(arg);
      if (value === null || n === null) return saved[left ? 'shiftLeft' : 'shiftRight'].call(this, arg);
      const by = BigInt(Math.abs(n));
      return bigInt(left === n >= 0 ? value << by : value >> by);
    };
  const bitwise = (name: (typeof BITWISE)[number], op: (a: bigint, b: bigint) => bigint) =>
    function (this: bigInt.BigInteger, arg: unknown): bigInt.BigInteger {
      const value = nativeValue(this);
      const other = operand(arg);
      if (value === null || other === null) return saved[name].call(this, arg);
      return bigInt(op(value, other));
    };
  return {
    shiftLeft: shift(true),
    shiftRight: shift(false),
    and: bitwise('and', (a, b) => a & b),
    or: bitwise('or', (a, b) => a | b),
    xor: bitwise('xor', (a, b) => a ^ b),
  };
}

const PROBES = [0n, 1n, -1n, 255n, -256n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n + 5n, -(2n ** 64n) - 3n, 0x0123456789abcdefn, -0x1122334455667788990an];

function problem(proto: Partial<Methods>): string | null {
  for (const name of [...SHIFTS, ...BITWISE]) if (typeof proto[name] !== 'function') return `big-integer has no ${name}`;
  if (nativeValue(bigInt(1)) === null) return 'big-integer does not keep its numbers as native bigints on .value';
  const ours = nativeMethods(proto as Methods);
  for (const a of PROBES) {
    const x = bigInt(a);
    const checks: Array<[Method, unknown]> = [
      ...[0, 1, 7, 8, 63, 64, 70, -3].flatMap((n): Array<[Method, unknown]> => [['shiftLeft', n], ['shiftRight', n]]),
      ...PROBES.flatMap((b): Array<[Method, unknown]> => BITWISE.map((m): [Method, unknown] => [m, bigInt(b)])),
      ['and', 255],
    ];
    for (const [name, arg] of checks) {
      const theirs = (proto as Methods)[name].call(x, arg).toString();
      if (ours[name].call(x, arg).toString() !== theirs) return `native ${name} disagrees with big-integer's on ${a} and ${String(arg)}`;
    }
  }
  return null;
}

let original: Methods | null = null;

export function installNativeBitwise(): PatchStatus {
  if (original) return recordPatch('native-bitwise', APPLIED);
  const proto = Object.getPrototypeOf(bigInt(1)) as Methods;
  const why = problem(proto);
  if (why) return recordPatch('native-bitwise', fellBack(why));
  const saved = Object.fromEntries([...SHIFTS, ...BITWISE].map((name) => [name, proto[name]])) as Methods;
  original = saved;
  Object.assign(proto, nativeMethods(saved));
  return recordPatch('native-bitwise', APPLIED);
}

/** Puts big-integer's own methods back (for tests that compare both). */
export function uninstallNativeBitwise(): void {
  if (!original) return;
  Object.assign(Object.getPrototypeOf(bigInt(1)) as Methods, original);
  original = null;
}
