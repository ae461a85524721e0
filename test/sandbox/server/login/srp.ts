/**
 * 2FA by SRP as Telegram does it (core.telegram.org/api/srp): the server keeps
 * v = g^x mod p per account (x from the password KDF; GramJS's computeDigest
 * yields exactly v), hands out B = k·v + g^b per account.getPassword and checks
 * M1 in auth.checkPassword.
 */
import { createHash, randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { computeDigest } from 'telegram/Password.js';
import { RpcError } from '../api.js';
import { DH_G, DH_PRIME, DH_PRIME_BIG, bigFromBytes, bytesFromBig, modPow } from '../crypto/dh.js';

interface Verifier {
  readonly salt1: Buffer;
  readonly salt2: Buffer;
  readonly v: bigint;
}

interface Challenge {
  readonly userId: number;
  readonly b: bigint;
  readonly B: Buffer;
  readonly verifier: Verifier;
}

const sha256 = (...parts: Buffer[]): Buffer => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

const P_FOR_HASH = bytesFromBig(DH_PRIME_BIG, 256);
const G_FOR_HASH = bytesFromBig(BigInt(DH_G), 256);
const K = bigFromBytes(sha256(P_FOR_HASH, G_FOR_HASH));
/** Both g^b and p - g^b must have at least 2048 - 64 bits (GramJS checks isGoodModExpFirst). */
const MIN_GOOD = 1n << 1984n;

function algo(salt1: Buffer, salt2: Buffer): Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow {
  return new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({ salt1, salt2, g: DH_G, p: DH_PRIME });
}

export class SrpService {
  private readonly verifiers = new Map<string, Promise<Verifier>>();
  private readonly challenges = new Map<string, Challenge>();

  /** account.password for `userId` whose password is `password` (or none). */
  async passwordInfo(userId: number, password: string | undefined): Promise<Api.account.Password> {
    const common = {
      newAlgo: algo(randomBytes(8), randomBytes(16)),
      newSecureAlgo: new Api.SecurePasswordKdfAlgoSHA512({ salt: randomBytes(8) }),
      secureRandom: randomBytes(32),
    };
    if (password === undefined) return new Api.account.Password({ hasPassword: false, ...common });
    const verifier = await this.verifier(userId, password);
    let b: bigint;
    let gb: bigint;
    do {
      b = bigFromBytes(randomBytes(256));
      gb = modPow(BigInt(DH_G), b, DH_PRIME_BIG);
    } while (gb < MIN_GOOD || DH_PRIME_BIG - gb < MIN_GOOD);
    const B = bytesFromBig((K * verifier.v + gb) % DH_PRIME_BIG, 256);
    const srpId = randomBytes(8).readBigInt64LE();
    this.challenges.set(srpId.toString(), { userId, b, B, verifier });
    return new Api.account.Password({
      hasPassword: true,
      currentAlgo: algo(verifier.salt1, verifier.salt2),
      srp_B: B,
      srpId: bigInt(srpId.toString()),
      hint: '',
      ...common,
    });
  }

  /** Verifies auth.checkPassword's SRP proof; returns the user or throws PASSWORD_HASH_INVALID. */
  check(check: Api.TypeInputCheckPasswordSRP, expectedUserId: number): number {
    if (!(check instanceof Api.InputCheckPasswordSRP)) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
    const challenge = this.challenges.get(check.srpId.toString());
    this.challenges.delete(check.srpId.toString());
    if (!challenge || challenge.userId !== expectedUserId) throw new RpcError(400, 'SRP_ID_INVALID');
    const A = bigFromBytes(check.A);
    if (A <= 0n || A >= DH_PRIME_BIG) throw new RpcError(400, 'SRP_A_INVALID');
    const aForHash = bytesFromBig(A, 256);
    const u = bigFromBytes(sha256(aForHash, challenge.B));
    const { v, salt1, salt2 } = challenge.verifier;
    const S = modPow((A * modPow(v, u, DH_PRIME_BIG)) % DH_PRIME_BIG, challenge.b, DH_PRIME_BIG);
    const sessionKey = sha256(bytesFromBig(S, 256));
    const pHash = sha256(P_FOR_HASH);
    const gHash = sha256(G_FOR_HASH);
    for (let i = 0; i < 32; i++) pHash[i] = pHash[i]! ^ gHash[i]!;
    const m1 = sha256(pHash, sha256(salt1), sha256(salt2), aForHash, challenge.B, sessionKey);
    if (!m1.equals(check.M1)) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
    return challenge.userId;
  }

  /** The verifier costs a PBKDF2 with 100000 rounds: computed once per account and password. */
  private verifier(userId: number, password: string): Promise<Verifier> {
    const cacheKey = `${userId}\u0000${password}`;
    let verifier = this.verifiers.get(cacheKey);
    if (!verifier) {
      const salt1 = randomBytes(40);
      const salt2 = randomBytes(16);
      verifier = computeDigest(algo(salt1, salt2), password).then((digest) => ({ salt1, salt2, v: bigFromBytes(digest) }));
      this.verifiers.set(cacheKey, verifier);
    }
    return verifier;
  }
}
