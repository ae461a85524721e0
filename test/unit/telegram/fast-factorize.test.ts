import bigInt from 'big-integer';
import { Factorizator } from 'telegram/crypto/Factorizator.js';
import { afterAll, describe, expect, it } from 'vitest';
import { installFastFactorize, pollardBrent, uninstallFastFactorize } from '../../../main/core/telegram/fast-factorize.js';

// pq values as Telegram sends them in resPQ: products of two 32-bit primes.
const CASES: Array<[string, bigint, bigint]> = [
  ['the MTProto documentation example', 0x494c553bn, 0x53911073n],
  ['two large 32-bit primes', 4294967291n, 4294967279n],
  ['small and large', 1000003n, 4294967291n],
];

describe('pq factorization for new auth keys', () => {
  afterAll(() => uninstallFastFactorize());

  it.each(CASES)('finds the factors of %s', (_name, p, q) => {
    const f = pollardBrent(p * q);
    expect([p, q]).toContain(f);
  });

  it('answers what GramJS’s own factorize answers, in its shape', () => {
    for (const [, p, q] of CASES) {
      const pq = bigInt(p * q);
      const theirs = Factorizator.factorize(pq);
      installFastFactorize();
      const ours = Factorizator.factorize(pq);
      uninstallFastFactorize();
      expect({ p: ours.p.toString(), q: ours.q.toString() }).toEqual({ p: theirs.p.toString(), q: theirs.q.toString() });
      expect(bigInt.isInstance(ours.p)).toBe(true);
    }
  });
});
