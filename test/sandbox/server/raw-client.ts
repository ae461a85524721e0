/**
 * A bare-bones MTProto client for protocol tests that GramJS cannot express:
 * other framings, hand-made service messages, wrong salts, gzip_packed
 * requests. It uses a pre-shared key (no key exchange).
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { authKeyIdOf, deriveAesKeyIv } from './crypto/message-crypto.js';
import { igeDecrypt, igeEncrypt } from './crypto/ige.js';
import { AbridgedFraming, FullFraming, IntermediateFraming, type Framing } from './transport/framing.js';

export type RawFraming = 'full' | 'abridged' | 'intermediate' | 'padded' | 'obfuscated-intermediate' | 'obfuscated-padded' | 'obfuscated-abridged';

export interface ServerMessage {
  readonly msgId: bigint;
  readonly seqNo: number;
  readonly body: Buffer;
  readonly sessionId: bigint;
  readonly salt: Buffer;
}

const TAGS = { abridged: 0xefefefef, intermediate: 0xeeeeeeee, padded: 0xdddddddd } as const;

export class RawClient {
  private readonly socket = new Socket();
  private readonly framing: Framing;
  private encrypt: ((data: Buffer) => Buffer) | undefined;
  private decrypt: ((data: Buffer) => Buffer) | undefined;
  private readonly inbox: Buffer[] = [];
  private waiters: (() => void)[] = [];
  private lastMsgId = 0n;
  closed = false;
  sessionId = randomBytes(8).readBigInt64LE();
  salt = Buffer.alloc(8);

  private constructor(
    private readonly key: Buffer,
    private readonly kind: RawFraming,
  ) {
    const base = kind.replace('obfuscated-', '');
    this.framing = base === 'full' ? new FullFraming() : base === 'abridged' ? new AbridgedFraming() : new IntermediateFraming(base === 'padded');
  }

  static async connect(port: number, key: Buffer, kind: RawFraming = 'intermediate'): Promise<RawClient> {
    const client = new RawClient(key, kind);
    await new Promise<void>((resolve, reject) => {
      client.socket.once('error', reject);
      client.socket.connect(port, '127.0.0.1', resolve);
    });
    client.socket.on('data', (data: Buffer) => client.onData(data));
    client.socket.on('close', () => {
      client.closed = true;
      client.wake();
    });
    client.socket.on('error', () => {});
    client.socket.write(client.preamble());
    return client;
  }

  private preamble(): Buffer {
    const base = this.kind.replace('obfuscated-', '') as 'full' | 'abridged' | 'intermediate' | 'padded';
    if (!this.kind.startsWith('obfuscated-')) {
      if (base === 'abridged') return Buffer.from([0xef]);
      if (base === 'full') return Buffer.alloc(0);
      const tag = Buffer.alloc(4);
      tag.writeUInt32LE(TAGS[base]);
      return tag;
    }
    let header: Buffer;
    do header = randomBytes(64);
    while (header[0] === 0xef || header.readUInt32LE(4) === 0 || [0x44414548, 0x54534f50, 0x20544547, 0xeeeeeeee, 0xdddddddd].includes(header.readUInt32LE(0)));
    header.writeUInt32LE(TAGS[base as 'abridged' | 'intermediate' | 'padded'], 56);
    const enc = createCipheriv('aes-256-ctr', header.subarray(8, 40), header.subarray(40, 56));
    const reversed = Buffer.from(header.subarray(8, 56)).reverse();
    const dec = createCipheriv('aes-256-ctr', reversed.subarray(0, 32), reversed.subarray(32, 48));
    const encrypted = enc.update(header);
    encrypted.copy(header, 56, 56, 64);
    this.encrypt = (data) => enc.update(data);
    this.decrypt = (data) => dec.update(data);
    return header;
  }

  private onData(data: Buffer): void {
    for (const payload of this.framing.push(this.decrypt ? this.decrypt(data) : data)) this.inbox.push(payload);
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  writePayload(payload: Buffer): void {
    const framed = Buffer.concat(this.framing.encode([payload]));
    this.socket.write(this.encrypt ? this.encrypt(framed) : framed);
  }

  /** Next raw transport payload from the server (the timeout is a safety net for a loaded machine, not a measure). */
  async nextPayload(timeoutMs = 30_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.inbox.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.inbox.shift()!;
  }

  newMsgId(): bigint {
    let id = (BigInt(Math.floor(Date.now() / 1000)) << 32n) | (BigInt(Date.now() % 1000) << 20n);
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
    this.lastMsgId = id;
    return id;
  }

  /** Sends an encrypted message; returns its msg_id. */
  send(body: Buffer, options: { msgId?: bigint; seqNo?: number; salt?: Buffer; sessionId?: bigint } = {}): bigint {
    const msgId = options.msgId ?? this.newMsgId();
    const padding = 12 + ((16 - ((32 + body.length + 12) % 16)) % 16);
    const plain = Buffer.alloc(32 + body.length + padding);
    (options.salt ?? this.salt).copy(plain, 0);
    plain.writeBigInt64LE(options.sessionId ?? this.sessionId, 8);
    plain.writeBigInt64LE(msgId, 16);
    plain.writeInt32LE(options.seqNo ?? 1, 24);
    plain.writeInt32LE(body.length, 28);
    body.copy(plain, 32);
    randomBytes(padding).copy(plain, 32 + body.length);
    const msgKey = createHash('sha256').update(this.key.subarray(88, 120)).update(plain).digest().subarray(8, 24);
    const { key, iv } = deriveAesKeyIv(this.key, msgKey, 0);
    this.writePayload(Buffer.concat([authKeyIdOf(this.key), msgKey, igeEncrypt(plain, key, iv)]));
    return msgId;
  }

  /** Next decrypted server message (containers are not split). */
  async next(timeoutMs = 30_000): Promise<ServerMessage> {
    const payload = await this.nextPayload(timeoutMs);
    if (payload.length === 4) throw new Error(`transport error ${payload.readInt32LE(0)}`);
    const msgKey = payload.subarray(8, 24);
    const { key, iv } = deriveAesKeyIv(this.key, msgKey, 8);
    const data = payload.subarray(24);
    // Padded intermediate adds 0..15 random bytes after the encrypted message.
    const plain = igeDecrypt(data.subarray(0, data.length - (data.length % 16)), key, iv);
    const check = createHash('sha256').update(this.key.subarray(96, 128)).update(plain).digest().subarray(8, 24);
    if (!check.equals(msgKey)) throw new Error('server msg_key mismatch');
    const length = plain.readInt32LE(28);
    return {
      salt: plain.subarray(0, 8),
      sessionId: plain.readBigInt64LE(8),
      msgId: plain.readBigInt64LE(16),
      seqNo: plain.readInt32LE(24),
      body: plain.subarray(32, 32 + length),
    };
  }

  /** Waits for a message whose body starts with `ctor`, skipping others. */
  async nextOf(ctor: number, timeoutMs = 30_000): Promise<ServerMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      if (message.body.readUInt32LE(0) === ctor) return message;
    }
  }

  close(): void {
    this.socket.destroy();
  }
}
