import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { helpers } from 'telegram';
import { afterEach, describe, expect, it } from 'vitest';
import { installNativeModExp, opensslModPow, uninstallNativeModExp } from '../../../main/core/telegram/native-modexp.js';
import { resetPatchStatuses } from '../../../main/core/telegram/patch-status.js';

const random = (bytes: number): bigint => BigInt(`0x${randomBytes(bytes).toString('hex')}`);

afterEach(() => {
  uninstallNativeModExp();
  resetPatchStatuses();
});

describe('modExp by OpenSSL', () => {
  it('answers what GramJS answers for Diffie-Hellman-sized numbers, odd and even exponents', () => {
    const theirs = helpers.modExp;
    for (const exponentParity of [0n, 1n]) {
      const n = random(256) | (1n << 2047n) | 1n;
      const e = (random(255) & ~1n) | exponentParity;
      const a = random(256);
      expect(opensslModPow(a, e, n)?.toString()).toBe(theirs(bigInt(a), bigInt(e), bigInt(n)).toString());
    }
  });

  it('splits an exponent not below the modulus (a random Diffie-Hellman exponent often is not)', () => {
    const n = random(256) | (1n << 2047n) | 1n;
    const a = random(256);
    for (const e of [n, n + 1n, random(256) | (1n << 2047n), (1n << 2048n) - 1n]) {
      expect(opensslModPow(a, e, n)?.toString()).toBe(helpers.modExp(bigInt(a), bigInt(e), bigInt(n)).toString());
    }
  });

  it('leaves to GramJS what OpenSSL cannot do: an even modulus, an exponent far above the modulus, zero', () => {
    expect(opensslModPow(5n, 3n, 1024n)).toBeNull();
    expect(opensslModPow(5n, 1n << 40n, 1023n)).toBeNull();
    expect(opensslModPow(5n, 0n, 1023n)).toBeNull();
    installNativeModExp();
    expect(helpers.modExp(bigInt(5), bigInt(3), bigInt(1024)).toString()).toBe('125');
    expect(helpers.modExp(bigInt(5), bigInt(1n << 40n), bigInt(1023)).toString()).toBe(bigInt(5).modPow(bigInt(1n << 40n), 1023).toString());
    expect(helpers.modExp(bigInt(5), bigInt(0), bigInt(1023)).toString()).toBe('1');
  });

  it('installed, GramJS’s modExp answers by OpenSSL, as a big-integer', () => {
    expect(installNativeModExp()).toEqual({ state: 'applied' });
    const n = random(256) | (1n << 2047n) | 1n;
    const [a, e] = [random(256), random(200)];
    const answer = helpers.modExp(bigInt(a), bigInt(e), bigInt(n));
    expect(bigInt.isInstance(answer)).toBe(true);
    expect(answer.toString()).toBe(opensslModPow(a, e, n)!.toString());
  });
});
