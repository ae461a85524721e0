/**
 * The unencrypted auth key exchange (core.telegram.org/mtproto/auth_key):
 * req_pq_multi -> resPQ, req_DH_params (RSA_PAD) -> server_DH_params_ok,
 * set_client_DH_params -> dh_gen_ok. Progress is kept per connection.
 */
import { createDiffieHellman, createHash, randomBytes, randomInt, type DiffieHellman } from 'node:crypto';
import { AuthKeyState } from './auth-keys.js';
import { DH_G, DH_PRIME, DH_PRIME_BIG, bigFromBytes, minimalBytes } from './crypto/dh.js';
import { igeDecrypt, igeEncrypt } from './crypto/ige.js';
import { rsaPadDecode, tlBytes, type ServerRsaKey } from './crypto/rsa.js';
import { nextServerMsgId } from './msg-id.js';
import { TlReader } from './tl-reader.js';

const REQ_PQ = 0x60469778;
const REQ_PQ_MULTI = 0xbe7e8ef1;
const REQ_DH_PARAMS = 0xd712e4be;
const SET_CLIENT_DH_PARAMS = 0xf5045f1f;
const RES_PQ = 0x05162463;
const P_Q_INNER_DATA = 0x83c95aec;
const P_Q_INNER_DATA_DC = 0xa9f55f95;
const P_Q_INNER_DATA_TEMP = 0x3c6a84d4;
const P_Q_INNER_DATA_TEMP_DC = 0x56fddf88;
const SERVER_DH_PARAMS_OK = 0xd0e8075c;
const SERVER_DH_INNER_DATA = 0xb5890dba;
const CLIENT_DH_INNER_DATA = 0x6643b654;
const DH_GEN_OK = 0x3bcbf734;
const DH_GEN_RETRY = 0x46dc1fb9;
const VECTOR = 0x1cb5c415;

export class KeyExchangeError extends Error {}

export interface Handshake {
  nonce: Buffer;
  serverNonce: Buffer;
  p: Buffer;
  q: Buffer;
  pq: Buffer;
  newNonce?: Buffer;
  /** Our DH exponent a (g_a = g^a mod p). */
  a?: Buffer;
  tmpKey?: Buffer;
  tmpIv?: Buffer;
}

export interface KeyExchangeContext {
  readonly rsa: ServerRsaKey;
  readonly dcId: number;
  /** Is this auth key id already taken? (then dh_gen_retry) */
  keyIdTaken(idHex: string): boolean;
  /** Stores a finished key. */
  register(key: AuthKeyState): void;
}

/**
 * Handles one plain message body; returns the reply body and the updated
 * handshake state. Throws KeyExchangeError on protocol violations.
 */
export function handleKeyExchange(
  ctx: KeyExchangeContext,
  state: Handshake | undefined,
  body: Buffer,
): { reply: Buffer; state: Handshake | undefined } {
  const reader = new TlReader(body);
  const ctor = reader.uint32();
  switch (ctor) {
    case REQ_PQ:
    case REQ_PQ_MULTI:
      return resPq(ctx, reader.raw(16));
    case REQ_DH_PARAMS:
      if (!state) throw new KeyExchangeError('req_DH_params before req_pq');
      return { reply: reqDhParams(ctx, state, reader), state };
    case SET_CLIENT_DH_PARAMS:
      if (!state?.a) throw new KeyExchangeError('set_client_DH_params before req_DH_params');
      return { reply: setClientDhParams(ctx, state, reader), state: undefined };
    default:
      throw new KeyExchangeError(`unexpected plain message 0x${ctor.toString(16)}`);
  }
}

/** Wraps a reply as an unencrypted message: auth_key_id 0 ‖ msg_id ‖ length ‖ body. */
export function plainMessage(body: Buffer): Buffer {
  const head = Buffer.alloc(20);
  head.writeBigInt64LE(nextServerMsgId(true), 8);
  head.writeInt32LE(body.length, 16);
  return Buffer.concat([head, body]);
}

function resPq(ctx: KeyExchangeContext, nonce: Buffer): { reply: Buffer; state: Handshake } {
  const [p, q] = twoPrimes();
  const pqValue = BigInt(p) * BigInt(q);
  const pq = Buffer.alloc(8);
  pq.writeBigUInt64BE(pqValue);
  const state: Handshake = { nonce: Buffer.from(nonce), serverNonce: randomBytes(16), p: beBytes(p), q: beBytes(q), pq };
  const fp = Buffer.alloc(8);
  fp.writeBigInt64LE(ctx.rsa.fingerprint);
  const head = Buffer.alloc(4);
  head.writeUInt32LE(RES_PQ);
  const vector = Buffer.alloc(8);
  vector.writeUInt32LE(VECTOR, 0);
  vector.writeInt32LE(1, 4);
  return { reply: Buffer.concat([head, state.nonce, state.serverNonce, tlBytes(pq), vector, fp]), state };
}

function reqDhParams(ctx: KeyExchangeContext, state: Handshake, reader: TlReader): Buffer {
  const nonce = reader.raw(16);
  const serverNonce = reader.raw(16);
  const p = reader.bytes();
  const q = reader.bytes();
  const fingerprint = reader.int64();
  const encrypted = reader.bytes();
  if (!nonce.equals(state.nonce) || !serverNonce.equals(state.serverNonce)) throw new KeyExchangeError('req_DH_params: nonce mismatch');
  if (!p.equals(state.p) || !q.equals(state.q)) throw new KeyExchangeError('req_DH_params: wrong factorization');
  if (fingerprint !== ctx.rsa.fingerprint) throw new KeyExchangeError('req_DH_params: unknown RSA fingerprint');
  const inner = rsaPadDecode(ctx.rsa, encrypted);
  if (!inner) throw new KeyExchangeError('req_DH_params: RSA_PAD check failed');

  const r = new TlReader(inner);
  const innerCtor = r.uint32();
  if (![P_Q_INNER_DATA, P_Q_INNER_DATA_DC, P_Q_INNER_DATA_TEMP, P_Q_INNER_DATA_TEMP_DC].includes(innerCtor)) {
    throw new KeyExchangeError(`req_DH_params: unexpected inner 0x${innerCtor.toString(16)}`);
  }
  const pq = r.bytes();
  r.bytes(); // p
  r.bytes(); // q
  const innerNonce = r.raw(16);
  const innerServerNonce = r.raw(16);
  const newNonce = Buffer.from(r.raw(32));
  // _dc variants add dc:int, _temp variants expires_in:int; temporary keys are treated as permanent.
  if (!innerNonce.equals(state.nonce) || !innerServerNonce.equals(state.serverNonce)) throw new KeyExchangeError('p_q_inner_data: nonce mismatch');
  if (bigFromBytes(pq) !== bigFromBytes(state.pq)) throw new KeyExchangeError('p_q_inner_data: pq mismatch');

  const { a, gA } = goodDhKeyPair();
  const { key, iv } = tmpAesKey(state.serverNonce, newNonce);
  state.newNonce = newNonce;
  state.a = a;
  state.tmpKey = key;
  state.tmpIv = iv;

  const head = Buffer.alloc(4);
  head.writeUInt32LE(SERVER_DH_INNER_DATA);
  const g = Buffer.alloc(4);
  g.writeInt32LE(DH_G);
  const time = Buffer.alloc(4);
  time.writeInt32LE(Math.floor(Date.now() / 1000));
  const answer = Buffer.concat([head, state.nonce, state.serverNonce, g, tlBytes(DH_PRIME), tlBytes(gA), time]);
  const hashed = Buffer.concat([createHash('sha1').update(answer).digest(), answer]);
  const padded = Buffer.concat([hashed, randomBytes((16 - (hashed.length % 16)) % 16)]);
  const okHead = Buffer.alloc(4);
  okHead.writeUInt32LE(SERVER_DH_PARAMS_OK);
  return Buffer.concat([okHead, state.nonce, state.serverNonce, tlBytes(igeEncrypt(padded, key, iv))]);
}

function setClientDhParams(ctx: KeyExchangeContext, state: Handshake, reader: TlReader): Buffer {
  const nonce = reader.raw(16);
  const serverNonce = reader.raw(16);
  const encrypted = reader.bytes();
  if (!nonce.equals(state.nonce) || !serverNonce.equals(state.serverNonce)) throw new KeyExchangeError('set_client_DH_params: nonce mismatch');
  if (encrypted.length % 16 !== 0 || encrypted.length < 36) throw new KeyExchangeError('set_client_DH_params: bad length');
  const plain = igeDecrypt(encrypted, state.tmpKey!, state.tmpIv!);
  const r = new TlReader(plain.subarray(20));
  if (r.uint32() !== CLIENT_DH_INNER_DATA) throw new KeyExchangeError('set_client_DH_params: expected client_DH_inner_data');
  const innerNonce = r.raw(16);
  const innerServerNonce = r.raw(16);
  r.int64(); // retry_id
  const gB = r.bytes();
  const innerLength = r.position;
  if (!createHash('sha1').update(plain.subarray(20, 20 + innerLength)).digest().equals(plain.subarray(0, 20))) {
    throw new KeyExchangeError('client_DH_inner_data: SHA1 mismatch');
  }
  if (!innerNonce.equals(state.nonce) || !innerServerNonce.equals(state.serverNonce)) throw new KeyExchangeError('client_DH_inner_data: nonce mismatch');
  const gBValue = bigFromBytes(gB);
  if (gBValue <= 1n || gBValue >= DH_PRIME_BIG - 1n) throw new KeyExchangeError('client_DH_inner_data: g_b out of range');

  // GramJS stores getByteArray(g_ab): minimal big-endian, so ~1/256 keys are 255 bytes. Mirror it.
  const engine = dhEngine();
  engine.setPrivateKey(state.a!);
  const authKey = Buffer.from(minimalBytes(engine.computeSecret(gB)));
  const newNonce = state.newNonce!;
  const keyState = new AuthKeyState(authKey, 'dh', ctx.dcId, xor8(newNonce, state.serverNonce));
  const taken = ctx.keyIdTaken(keyState.idHex);
  const auxHash = createHash('sha1').update(authKey).digest().subarray(0, 8);
  const number = taken ? 2 : 1;
  const hash = createHash('sha1')
    .update(Buffer.concat([newNonce, Buffer.from([number]), auxHash]))
    .digest()
    .subarray(4, 20);
  if (!taken) ctx.register(keyState);
  const head = Buffer.alloc(4);
  head.writeUInt32LE(taken ? DH_GEN_RETRY : DH_GEN_OK);
  return Buffer.concat([head, state.nonce, state.serverNonce, hash]);
}

/** First salt = new_nonce[0:8] XOR server_nonce[0:8]. */
function xor8(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(8);
  for (let i = 0; i < 8; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** tmp_aes_key / tmp_aes_iv from server_nonce and new_nonce (as GramJS's generateKeyDataFromNonce). */
function tmpAesKey(serverNonce: Buffer, newNonce: Buffer): { key: Buffer; iv: Buffer } {
  const sha1 = (...parts: Buffer[]): Buffer => createHash('sha1').update(Buffer.concat(parts)).digest();
  const h1 = sha1(newNonce, serverNonce);
  const h2 = sha1(serverNonce, newNonce);
  const h3 = sha1(newNonce, newNonce);
  return {
    key: Buffer.concat([h1, h2.subarray(0, 12)]),
    iv: Buffer.concat([h2.subarray(12, 20), h3, newNonce.subarray(0, 4)]),
  };
}

let engine: DiffieHellman | undefined;

/**
 * One native DH object reused for every exchange (calls are synchronous, so
 * they never interleave): constructing one runs OpenSSL's prime check, ~300 ms,
 * while a modexp with a given private key takes a few ms.
 */
export function dhEngine(): DiffieHellman {
  engine ??= createDiffieHellman(DH_PRIME, Buffer.from([DH_G]));
  return engine;
}

/** A DH keypair whose g_a lies in [2^(2048-64), p - 2^(2048-64)], as the spec asks of both sides. */
function goodDhKeyPair(): { a: Buffer; gA: Buffer } {
  const margin = 1n << 1984n;
  const dh = dhEngine();
  for (;;) {
    const a = randomBytes(256);
    a[0] = a[0]! & 0x7f;
    dh.setPrivateKey(a);
    dh.generateKeys();
    const gA = dh.getPublicKey();
    const value = bigFromBytes(gA);
    if (value > margin && value < DH_PRIME_BIG - margin) return { a, gA };
  }
}

/** Two distinct random primes below 2^31, p < q (so pq < 2^62, read signed by GramJS). */
function twoPrimes(): [number, number] {
  const a = randomPrime();
  let b = randomPrime();
  while (b === a) b = randomPrime();
  return a < b ? [a, b] : [b, a];
}

function randomPrime(): number {
  for (;;) {
    const candidate = randomInt(0x4000_0000, 0x7fff_ffff) | 1;
    if (isPrime(candidate)) return candidate;
  }
}

function isPrime(n: number): boolean {
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

function beBytes(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}
