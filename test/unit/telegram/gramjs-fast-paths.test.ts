import { randomBytes, randomInt } from 'node:crypto';
import net from 'node:net';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { InvalidBufferError, InvalidChecksumError } from 'telegram/errors/index.js';
import { BinaryReader } from 'telegram/extensions/index.js';
import { FullPacketCodec } from 'telegram/network/connection/TCPFull.js';
import { crc32, toSignedLittleBuffer } from 'telegram/Helpers.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installFastLongs, uninstallFastLongs } from '../../../main/core/telegram/fast-longs.js';
import { installNativeBitwise, uninstallNativeBitwise } from '../../../main/core/telegram/native-bitwise.js';
import { BufferedNetSocket } from '../../../main/core/telegram/buffered-socket.js';
import { NativeCrcPacketCodec, pinnedConnection } from '../../../main/core/telegram/pinned-connection.js';
import type { ServerProfile } from '../../../main/core/telegram/server-profile.js';
import { mainThread } from '../../../main/core/time-slicer.js';

describe('native 64-bit reads under GramJS', () => {
  afterEach(() => uninstallFastLongs());

  it('reads the same values as GramJS, signed and unsigned, and advances the same', () => {
    const edges = ['0000000000000000', 'ffffffffffffffff', '0000000000000080', 'ffffffffffffff7f', '0100000000000000', '0000000000000040'];
    const data = Buffer.concat([...edges.map((h) => Buffer.from(h, 'hex')), randomBytes(8 * 500), Buffer.alloc(3)]);
    const read = (signed: boolean): string[] => {
      const reader = new BinaryReader(data);
      const values: string[] = [];
      while (reader.offset + 8 <= data.length) values.push(reader.readLong(signed).toString());
      values.push(String(reader.offset));
      return values;
    };
    const gram = [read(true), read(false)];
    installFastLongs();
    expect([read(true), read(false)]).toEqual(gram);
    // past the end: GramJS's own error
    const reader = new BinaryReader(Buffer.alloc(4));
    expect(() => reader.readLong()).toThrow(/No more data left to read/);
  });
});

describe("big-integer's shifts and masks on native bigints", () => {
  afterEach(() => uninstallNativeBitwise());

  it("writes every long the same bytes as GramJS's toSignedLittleBuffer, for every kind of number and size", () => {
    const values = [
      ...Array.from({ length: 300 }, () => bigInt.randBetween(bigInt(-2).pow(80), bigInt(2).pow(80))),
      bigInt(0),
      bigInt(-1),
      bigInt(2).pow(63).minus(1),
      bigInt(2).pow(63).negate(),
      12345,
      -12345,
      2n ** 64n - 1n,
    ];
    const write = (): string[] => values.flatMap((v) => [4, 8, 16, 32].map((n) => toSignedLittleBuffer(v as bigInt.BigInteger, n).toString('hex')));
    const gram = write();
    expect(installNativeBitwise()).toEqual({ state: 'applied' });
    expect(write()).toEqual(gram);
  });

  it('gives the same numbers as big-integer for shifts and bitwise operations on random operands', () => {
    const operands = Array.from({ length: 200 }, () => [bigInt.randBetween(bigInt(-2).pow(100), bigInt(2).pow(100)), bigInt.randBetween(bigInt(-2).pow(70), bigInt(2).pow(70))] as const);
    const shifts = [0, 1, 8, 31, 32, 64, 99, -5];
    const compute = (): string[] =>
      operands.flatMap(([a, b]) => [a.and(b), a.or(b), a.xor(b), a.and(255), ...shifts.flatMap((n) => [a.shiftLeft(n), a.shiftRight(n)])].map(String));
    const theirs = compute();
    installNativeBitwise();
    expect(compute()).toEqual(theirs);
  });

  it('serializes requests byte for byte as GramJS does', () => {
    const request = () =>
      new Api.upload.GetFile({
        location: new Api.InputPhotoFileLocation({ id: bigInt('-8999999999999999999'), accessHash: bigInt('1234567890123456789'), fileReference: Buffer.from('ref'), thumbSize: 'c' }),
        offset: bigInt(1 << 20),
        limit: 65536,
      }).getBytes();
    const gram = request();
    installNativeBitwise();
    expect(request().equals(gram)).toBe(true);
  });
});

/** A reader like GramJS's PromisedNetSockets: read(n) gives at most n bytes of whatever has arrived; readExactly joins reads. */
function chunkedReader(bytes: Buffer): { read(n: number): Promise<Buffer>; readExactly(n: number): Promise<Buffer> } {
  let offset = 0;
  const read = async (n: number): Promise<Buffer> => {
    const size = Math.min(n, randomInt(1, 70_000), bytes.length - offset);
    if (size <= 0) throw new Error('closed');
    const chunk = bytes.subarray(offset, offset + size);
    offset += size;
    return chunk;
  };
  const readExactly = async (n: number): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for (let got = 0; got < n; ) {
      const part = await read(n - got);
      parts.push(part);
      got += part.length;
    }
    return Buffer.concat(parts, n);
  };
  return { read, readExactly };
}

describe('NativeCrcPacketCodec', () => {
  const encode = (body: Buffer, seq = 0): Buffer => {
    const head = Buffer.alloc(8);
    head.writeInt32LE(body.length + 12, 0);
    head.writeInt32LE(seq, 4);
    const crc = Buffer.alloc(4);
    crc.writeUInt32LE(crc32(Buffer.concat([head, body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  type Reader = Parameters<NativeCrcPacketCodec['readPacket']>[0];
  const codec = new NativeCrcPacketCodec(null as never);

  it('reads what GramJS encodes, from any chunking', async () => {
    const gram = new FullPacketCodec(null as never);
    for (const size of [4, 16, 1000, 65_536, (1 << 20) + 40]) {
      const body = randomBytes(size);
      const packets = Buffer.concat([gram.encodePacket(body), encode(body, 1)]);
      const reader = chunkedReader(packets) as unknown as Reader;
      expect((await codec.readPacket(reader)).equals(body)).toBe(true);
      expect((await codec.readPacket(reader)).equals(body)).toBe(true);
    }
  });

  it("reads packets from the app's socket, each received straight into its own buffer", async () => {
    const gram = new FullPacketCodec(null as never);
    const bodies = [16, 1000, 65_536, 300_000, (1 << 20) + 40].map((size) => randomBytes(size));
    const server = net.createServer((socket) => {
      const all = Buffer.concat(bodies.map((b) => gram.encodePacket(b)));
      for (let at = 0; at < all.length; at += 50_000) socket.write(all.subarray(at, at + 50_000));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const socket = new BufferedNetSocket();
    // the socket's own readExactly fills each packet as its bytes arrive (no chunks joined afterwards)
    const readExactly = vi.spyOn(socket, 'readExactly');
    try {
      await socket.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      for (const body of bodies) expect((await codec.readPacket(socket)).equals(body)).toBe(true);
      expect(readExactly).toHaveBeenCalledTimes(2 * bodies.length);
    } finally {
      await socket.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('hands a packet on only when the main thread has a share for it', async () => {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const pause = vi.spyOn(mainThread, 'pause').mockReturnValue(turn);
    const body = randomBytes(1000);
    let read: Buffer | null = null;
    const reading = codec.readPacket(chunkedReader(encode(body)) as unknown as Reader).then((b) => (read = b));
    await new Promise((resolve) => setImmediate(resolve));
    expect(pause).toHaveBeenCalledTimes(1);
    expect(read).toBeNull();
    release();
    await reading;
    expect(read!.equals(body)).toBe(true);
    pause.mockRestore();
  });

  it('rejects a bad checksum and reports transport errors like GramJS', async () => {
    const packet = encode(randomBytes(64));
    packet[20] = packet[20]! ^ 1;
    await expect(codec.readPacket(chunkedReader(packet) as unknown as Reader)).rejects.toBeInstanceOf(InvalidChecksumError);
    const error = Buffer.alloc(12);
    error.writeInt32LE(-404, 0);
    error.writeInt32LE(-404, 8);
    await expect(codec.readPacket(chunkedReader(error) as unknown as Reader)).rejects.toBeInstanceOf(InvalidBufferError);
  });
});

describe('pinnedConnection', () => {
  const profile = { name: 'test', dcs: { '2': { host: '127.0.0.1', port: 1 } } } as unknown as ServerProfile;
  const params = { ip: '1.2.3.4', port: 443, dcId: 2, loggers: null, proxy: undefined, socket: class {}, testServers: false };
  const codecOf = (options?: { nativeCrc?: boolean }): unknown => {
    const Connection = pinnedConnection(profile, options);
    return new Connection(params as unknown as ConstructorParameters<typeof Connection>[0]).PacketCodecClass;
  };

  it("reads with the native-CRC codec only when asked (the app's clients), else GramJS's", () => {
    expect(codecOf({ nativeCrc: true })).toBe(NativeCrcPacketCodec);
    expect(codecOf()).toBe(FullPacketCodec);
  });
});
