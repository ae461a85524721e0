import zlib from 'node:zlib';
import bigInt from 'big-integer';
import { _serverKeys } from 'telegram/crypto/RSA.js';
import { InvalidBufferError, InvalidChecksumError } from 'telegram/errors/index.js';
import type { PromisedNetSockets, PromisedWebSockets } from 'telegram/extensions/index.js';
import { ConnectionTCPFull } from 'telegram/network/index.js';
import { FullPacketCodec } from 'telegram/network/connection/TCPFull.js';
import { mainThread } from '../time-slicer.js';
import type { BufferedNetSocket } from './buffered-socket.js';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from './patch-status.js';
import type { ServerProfile } from './server-profile.js';

type FullParams = ConstructorParameters<typeof ConnectionTCPFull>[0];

export class UnknownDcError extends Error {
  constructor(readonly dcId: number, profileName: string) {
    super(`data center ${dcId} is not in the server profile "${profileName}"`);
  }
}

/**
 * A GramJS connection class that dials only the addresses in `profile`.
 *
 * GramJS builds every connection (main, per-DC downloads, reconnects) from the
 * class passed as `connection`, with the intended DC id; it otherwise ignores
 * ports and would dial the IPs it carries or learns. Overriding ip/port here is
 * the one place that decides where a socket goes. With `nativeCrc` (the app's
 * clients) packets are read by NativeCrcPacketCodec where GramJS's shape allows
 * (checkNativeCrc); without it (the baseline of the benchmark, sandbox tools)
 * by GramJS's own codec.
 */
export function pinnedConnection(profile: ServerProfile, options: { readonly nativeCrc?: boolean } = {}): typeof ConnectionTCPFull {
  const nativeCrc = options.nativeCrc === true && checkNativeCrc().state === 'applied';
  return class PinnedConnection extends ConnectionTCPFull {
    constructor(params: FullParams) {
      const address = profile.dcs[String(params.dcId)];
      if (!address) throw new UnknownDcError(params.dcId, profile.name);
      super({ ...params, ip: address.host, port: address.port });
      if (nativeCrc) this.PacketCodecClass = NativeCrcPacketCodec;
    }
  };
}

type Reader = PromisedNetSockets | PromisedWebSockets | BufferedNetSocket;

/**
 * GramJS's TCP-full codec, reading packets without its two per-packet costs:
 * the CRC32 in plain JS over every received byte (here zlib's native crc32,
 * chained over header and body instead of over a concatenated copy), and
 * readExactly() re-concatenating everything received so far on each socket
 * chunk (the app's clients read from BufferedNetSocket, whose readExactly
 * fills the packet as its bytes arrive). Each packet then waits for its share
 * of the main thread (../time-slicer.ts). Sending is GramJS's own.
 */
export class NativeCrcPacketCodec extends FullPacketCodec {
  override async readPacket(reader: Reader): Promise<Buffer> {
    const head = await reader.readExactly(8); // length and sequence number
    const packetLength = head.readInt32LE(0);
    if (packetLength < 0) {
      // a transport error (e.g. -404) arrives as a bare negative length, then that number again
      throw new InvalidBufferError(await reader.readExactly(4));
    }
    const rest = await reader.readExactly(packetLength - 8);
    const body = rest.subarray(0, -4);
    const checksum = rest.readUInt32LE(rest.length - 4);
    const valid = zlib.crc32(body, zlib.crc32(head));
    if (valid !== checksum) throw new InvalidChecksumError(checksum, valid);
    // what follows (decryption, parsing, the caller's handling of the answer) waits for its share of the thread
    await mainThread.pause();
    return body;
  }
}

/**
 * Whether NativeCrcPacketCodec can stand in for GramJS's: a TCP-full
 * connection names its codec class in PacketCodecClass (set by its
 * constructor, read when it connects), and the runtime has zlib.crc32.
 */
export function checkNativeCrc(): PatchStatus {
  if (typeof zlib.crc32 !== 'function') return recordPatch('native-crc', fellBack('this Node has no zlib.crc32'));
  if (typeof FullPacketCodec.prototype.readPacket !== 'function') return recordPatch('native-crc', fellBack('FullPacketCodec has no readPacket'));
  const probe = new ConnectionTCPFull({ ip: '127.0.0.1', port: 0, dcId: 0, loggers: null, proxy: undefined, socket: class {}, testServers: false } as unknown as FullParams);
  if (probe.PacketCodecClass !== FullPacketCodec) return recordPatch('native-crc', fellBack('ConnectionTCPFull no longer names FullPacketCodec in PacketCodecClass'));
  return recordPatch('native-crc', APPLIED);
}

/**
 * Teaches GramJS the profile's extra RSA keys (its table is module-wide; adding
 * is idempotent), in the form of the keys already there: fingerprint (decimal
 * text) -> { n: big-integer, e: number }.
 */
export function registerRsaKeys(profile: ServerProfile): PatchStatus {
  const table: unknown = _serverKeys;
  const known = table instanceof Map ? [...(table as Map<unknown, unknown>).values()] : [];
  const usual = (key: unknown): boolean => {
    const { n, e } = (key ?? {}) as { n?: unknown; e?: unknown };
    return bigInt.isInstance(n) && typeof e === 'number';
  };
  if (known.length === 0 || !known.every(usual)) {
    return recordPatch('rsa-keys', fellBack("GramJS's RSA key table is no longer a Map of { n: big-integer, e: number }; the profile's own keys are not known"));
  }
  for (const { fingerprint, publicKeyPem } of profile.rsaKeys) {
    const { n, e } = rsaComponents(publicKeyPem);
    _serverKeys.set(fingerprint, { n: bigInt(n.toString(16), 16), e });
  }
  return recordPatch('rsa-keys', APPLIED);
}

function rsaComponents(pem: string): { n: bigint; e: number } {
  // PKCS#1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  let pos = 0;
  const readLength = (): number => {
    const first = der[pos++]!;
    if (first < 0x80) return first;
    let length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = (length << 8) | der[pos++]!;
    return length;
  };
  const readInteger = (): bigint => {
    if (der[pos++] !== 0x02) throw new Error('RSA key: expected an INTEGER');
    const length = readLength();
    const value = BigInt('0x' + der.subarray(pos, pos + length).toString('hex'));
    pos += length;
    return value;
  };
  if (der[pos++] !== 0x30) throw new Error('RSA key: expected a PKCS#1 SEQUENCE');
  readLength();
  const n = readInteger();
  const e = Number(readInteger());
  return { n, e };
}
