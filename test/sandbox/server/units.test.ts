/** Pieces of the protocol server that can be checked without sockets. */
import { createHash, randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { IGE } from 'telegram/crypto/IGE.js';
import { BinaryReader } from 'telegram/extensions/index.js';
import { describe, expect, it } from 'vitest';
import { buildConfig } from './config.js';
import { igeDecrypt, igeEncrypt } from './crypto/ige.js';
import { serverRsaKey, tlBytes } from './crypto/rsa.js';
import { nextServerMsgId } from './msg-id.js';
import { detectTransport } from './transport/detect.js';
import { AbridgedFraming, FullFraming, IntermediateFraming, TransportError, type Framing } from './transport/framing.js';

describe('AES-IGE', () => {
  it('the native-CBC encryption equals GramJS IGE, for aligned and unaligned input', () => {
    for (const size of [16, 32, 48, 160, 4096, 100_000]) {
      const key = randomBytes(32);
      const iv = randomBytes(32);
      const plain = randomBytes(size);
      const expected = new IGE(key, iv).encryptIge(plain);
      expect(igeEncrypt(plain, key, iv).equals(expected)).toBe(true);
      const unaligned = Buffer.concat([Buffer.alloc(3), plain]).subarray(3);
      expect(igeEncrypt(unaligned, key, iv).equals(expected)).toBe(true);
      expect(igeDecrypt(expected, key, iv).equals(plain)).toBe(true);
    }
  });
});

describe('framings', () => {
  const cases: [string, () => Framing][] = [
    ['full', () => new FullFraming()],
    ['abridged', () => new AbridgedFraming()],
    ['intermediate', () => new IntermediateFraming(false)],
  ];
  for (const [name, make] of cases) {
    it(`${name}: decodes what it encodes, fed one byte at a time`, () => {
      const sender = make();
      const receiver = make();
      const payloads = [randomBytes(8 + 16), randomBytes(600), randomBytes(70_000)];
      const wire = Buffer.concat(payloads.flatMap((p) => sender.encode([p])));
      const out: Buffer[] = [];
      for (let i = 0; i < wire.length; i += 997) out.push(...receiver.push(wire.subarray(i, i + 997)));
      expect(out.map((b) => b.toString('hex'))).toEqual(payloads.map((b) => b.toString('hex')));
    });
  }

  it('TCPFull rejects a bad CRC', () => {
    const wire = Buffer.concat(new FullFraming().encode([randomBytes(32)]));
    wire[wire.length - 1] = wire[wire.length - 1]! ^ 0xff;
    expect(() => new FullFraming().push(wire)).toThrow(TransportError);
  });

  it('detects framings from the first bytes', () => {
    const full = Buffer.concat(new FullFraming().encode([randomBytes(32)]));
    expect(detectTransport(full)?.transport.name).toBe('full');
    expect(detectTransport(Buffer.from([0xef, 1, 2]))?.transport.name).toBe('abridged');
    expect(detectTransport(Buffer.from('eeeeeeee00000000', 'hex'))?.transport.name).toBe('intermediate');
    expect(detectTransport(Buffer.from('dddddddd00000000', 'hex'))?.transport.name).toBe('padded-intermediate');
    expect(detectTransport(Buffer.from('0102030405060708', 'hex'))).toBeNull(); // waiting for a 64-byte header
    const header = randomBytes(64).fill(1, 0, 8); // not a tag, seq != 0: obfuscated, whose tag is then garbage
    expect(() => detectTransport(header)).toThrow(TransportError);
  });
});

describe('misc', () => {
  it('server msg_ids increase strictly with the right parity', () => {
    let last = 0n;
    for (let i = 0; i < 1000; i++) {
      const response = i % 3 !== 0;
      const before = Math.floor(Date.now() / 1000);
      const id = nextServerMsgId(response);
      const after = Math.floor(Date.now() / 1000);
      expect(id > last).toBe(true);
      expect(id % 4n).toBe(response ? 1n : 3n);
      // Unix time in the high 32 bits (strictly increasing ids may run ahead of the clock by a few steps within one second).
      expect(Number(id >> 32n)).toBeGreaterThanOrEqual(before);
      expect(Number(id >> 32n)).toBeLessThanOrEqual(after + 1);
      last = id;
    }
  });

  it('the RSA fingerprint follows Telegram: low 8 bytes of SHA1(n, e) as signed int64', async () => {
    const key = await serverRsaKey();
    const digest = createHash('sha1').update(Buffer.concat([tlBytes(key.modulus), tlBytes(Buffer.from([1, 0, 1]))])).digest();
    expect(key.fingerprint).toBe(digest.readBigInt64LE(12));
    expect(key.modulus.length).toBe(256);
  });

  it('help.getConfig is a complete layer-198 Config that round-trips', () => {
    const config = buildConfig(2, new Map([[1, 1111], [2, 2222]]));
    const parsed = new BinaryReader(config.getBytes()).tgReadObject() as Api.Config;
    expect(parsed).toBeInstanceOf(Api.Config);
    expect(parsed.thisDc).toBe(2);
    expect(parsed.dcOptions.map((o) => `${o.id}@${o.ipAddress}:${o.port}`)).toEqual(['1@127.0.0.1:1111', '2@127.0.0.1:2222']);
  });
});
