/**
 * MTProto transport framings (core.telegram.org/mtproto/mtproto-transports):
 * each codec splits the incoming byte stream into payloads and frames outgoing
 * payloads. Errors throw TransportError; the connection then closes that socket.
 */
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';

export class TransportError extends Error {}

/** Largest payload accepted from a client (Telegram's own limit is about 1 MiB plus headers). */
export const MAX_PAYLOAD = 4 * 1024 * 1024;

export type FramingName = 'full' | 'abridged' | 'intermediate' | 'padded-intermediate';

export interface Framing {
  readonly name: FramingName;
  /** Feeds received bytes; returns every complete payload. */
  push(data: Buffer): Buffer[];
  /** Frames an outgoing payload given as parts; returns the parts to write. */
  encode(parts: readonly Buffer[]): Buffer[];
}

/** Accumulates stream bytes; the codecs consume from its front. */
class ByteQueue {
  private buffer: Buffer = Buffer.alloc(0);

  append(data: Buffer): void {
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
  }

  get length(): number {
    return this.buffer.length;
  }

  peek(n: number): Buffer {
    return this.buffer.subarray(0, n);
  }

  take(n: number): Buffer {
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }
}

function totalLength(parts: readonly Buffer[]): number {
  let n = 0;
  for (const part of parts) n += part.length;
  return n;
}

/** TCPFull: len(4, incl. 12 bytes of overhead) ‖ seq(4) ‖ payload ‖ crc32(4). GramJS's default. */
export class FullFraming implements Framing {
  readonly name = 'full';
  private readonly queue = new ByteQueue();
  private inSeq = 0;
  private outSeq = 0;

  push(data: Buffer): Buffer[] {
    this.queue.append(data);
    const out: Buffer[] = [];
    while (this.queue.length >= 4) {
      const length = this.queue.peek(4).readInt32LE(0);
      if (length < 12 + 4 || length > MAX_PAYLOAD + 12 || length % 4 !== 0) throw new TransportError(`TCPFull: bad length ${length}`);
      if (this.queue.length < length) break;
      const frame = this.queue.take(length);
      const seq = frame.readInt32LE(4);
      const expectedCrc = frame.readUInt32LE(length - 4);
      if (crc32(frame.subarray(0, length - 4)) !== expectedCrc) throw new TransportError('TCPFull: CRC mismatch');
      if (seq !== this.inSeq) throw new TransportError(`TCPFull: seq ${seq}, expected ${this.inSeq}`);
      this.inSeq++;
      out.push(frame.subarray(8, length - 4));
    }
    return out;
  }

  encode(parts: readonly Buffer[]): Buffer[] {
    const head = Buffer.allocUnsafe(8);
    head.writeInt32LE(totalLength(parts) + 12, 0);
    head.writeInt32LE(this.outSeq++, 4);
    let crc = crc32(head);
    for (const part of parts) crc = crc32(part, crc);
    const tail = Buffer.allocUnsafe(4);
    tail.writeUInt32LE(crc, 0);
    return [head, ...parts, tail];
  }
}

/** Abridged: 1 byte len/4 (or 0x7f + 3 bytes); the client's high bit asks for a quick ack. */
export class AbridgedFraming implements Framing {
  readonly name = 'abridged';
  private readonly queue = new ByteQueue();

  push(data: Buffer): Buffer[] {
    this.queue.append(data);
    const out: Buffer[] = [];
    while (this.queue.length >= 1) {
      const first = this.queue.peek(1)[0]! & 0x7f;
      let headLength = 1;
      let words = first;
      if (first === 0x7f) {
        if (this.queue.length < 4) break;
        headLength = 4;
        words = this.queue.peek(4).readUIntLE(1, 3);
      }
      const length = words * 4;
      if (length > MAX_PAYLOAD) throw new TransportError(`abridged: bad length ${length}`);
      if (this.queue.length < headLength + length) break;
      out.push(this.queue.take(headLength + length).subarray(headLength));
    }
    return out;
  }

  encode(parts: readonly Buffer[]): Buffer[] {
    const words = totalLength(parts) >> 2;
    let head: Buffer;
    if (words < 0x7f) head = Buffer.from([words]);
    else {
      head = Buffer.allocUnsafe(4);
      head[0] = 0x7f;
      head.writeUIntLE(words, 1, 3);
    }
    return [head, ...parts];
  }
}

/** Intermediate: len(4, high bit = quick ack) ‖ payload. Padded: plus 0..15 random bytes. */
export class IntermediateFraming implements Framing {
  readonly name: FramingName;
  private readonly queue = new ByteQueue();

  constructor(private readonly padded: boolean) {
    this.name = padded ? 'padded-intermediate' : 'intermediate';
  }

  push(data: Buffer): Buffer[] {
    this.queue.append(data);
    const out: Buffer[] = [];
    while (this.queue.length >= 4) {
      const length = this.queue.peek(4).readUInt32LE(0) & 0x7fffffff;
      if (length < 4 || length > MAX_PAYLOAD + 16) throw new TransportError(`intermediate: bad length ${length}`);
      if (this.queue.length < 4 + length) break;
      // Padded frames keep their random tail; the MTProto layer trims it by the message's own length.
      out.push(this.queue.take(4 + length).subarray(4));
    }
    return out;
  }

  encode(parts: readonly Buffer[]): Buffer[] {
    const padding = this.padded ? randomBytes(randomBytes(1)[0]! % 16) : undefined;
    const head = Buffer.allocUnsafe(4);
    head.writeUInt32LE(totalLength(parts) + (padding?.length ?? 0), 0);
    return padding ? [head, ...parts, padding] : [head, ...parts];
  }
}
