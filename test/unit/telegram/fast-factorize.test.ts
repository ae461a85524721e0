import bigInt from 'big-integer';
import { Api } from 'telegram';
import { Factorizator } from 'telegram/crypto/Factorizator.js';
import { MTProtoPlainSender } from 'telegram/network/MTProtoPlainSender.js';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { installFastFactorize, pollardBrent, pollardBrentShared, uninstallFastFactorize } from '../../../main/core/telegram/fast-factorize.js';
import { resetPatchStatuses } from '../../../main/core/telegram/patch-status.js';
import { mainThread } from '../../../main/core/time-slicer.js';

// pq values as Telegram sends them in resPQ: products of two 32-bit primes.
const CASES: Array<[string, bigint, bigint]> = [
  ['the MTProto documentation example', 0x494c553bn, 0x53911073n],
  ['two large 32-bit primes', 4294967291n, 4294967279n],
  ['small and large', 1000003n, 4294967291n],
];

describe('pq factorization for new auth keys', () => {
  afterAll(() => uninstallFastFactorize());
  afterEach(() => {
    vi.restoreAllMocks();
    resetPatchStatuses();
  });

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

  it('searches in steps with the thread shared between them, to the same factors', async () => {
    const pause = vi.spyOn(mainThread, 'pause');
    const [, p, q] = CASES[1]!;
    expect([p, q]).toContain(await pollardBrentShared(p * q));
    expect(pause.mock.calls.length).toBeGreaterThan(0);
  });

  it('factors pq as soon as the ResPQ arrives, so that factorize only takes the answer', async () => {
    const [, p, q] = CASES[1]!;
    const pq = Buffer.from((p * q).toString(16).padStart(16, '0'), 'hex');
    const resPQ = new Api.ResPQ({ nonce: bigInt(1), serverNonce: bigInt(2), pq, serverPublicKeyFingerprints: [] });
    const send = vi.spyOn(MTProtoPlainSender.prototype, 'send').mockResolvedValue(resPQ);
    expect(installFastFactorize()).toEqual({ state: 'applied' });
    const sender = Object.create(MTProtoPlainSender.prototype) as MTProtoPlainSender;
    const shared = vi.spyOn(mainThread, 'pause');
    await expect(sender.send(new Api.ReqPqMulti({ nonce: bigInt(1) }))).resolves.toBe(resPQ);
    expect(shared.mock.calls.length).toBeGreaterThan(0);
    shared.mockClear();
    const found = Factorizator.factorize(bigInt(p * q));
    expect({ p: found.p.toString(), q: found.q.toString() }).toEqual({ p: (p < q ? p : q).toString(), q: (p < q ? q : p).toString() });
    expect(shared, 'nothing left to search').not.toHaveBeenCalled();
    uninstallFastFactorize();
    send.mockRestore();
  });
});
