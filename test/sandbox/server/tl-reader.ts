/** A minimal bounds-checked TL reader for the messages the server parses by hand. */
export class TlReadError extends Error {}

export class TlReader {
  private offset = 0;

  constructor(private readonly data: Buffer) {}

  get position(): number {
    return this.offset;
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.data.length) throw new TlReadError(`TL: need ${n} bytes at ${this.offset}, have ${this.remaining}`);
  }

  uint32(): number {
    this.need(4);
    const v = this.data.readUInt32LE(this.offset);
    this.offset += 4;
    return v;
  }

  int32(): number {
    this.need(4);
    const v = this.data.readInt32LE(this.offset);
    this.offset += 4;
    return v;
  }

  int64(): bigint {
    this.need(8);
    const v = this.data.readBigInt64LE(this.offset);
    this.offset += 8;
    return v;
  }

  raw(n: number): Buffer {
    this.need(n);
    const v = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  /** TL `bytes`/`string`. */
  bytes(): Buffer {
    this.need(1);
    let length = this.data[this.offset]!;
    let head = 1;
    if (length === 254) {
      this.need(4);
      length = this.data.readUIntLE(this.offset + 1, 3);
      head = 4;
    } else if (length === 255) {
      throw new TlReadError('TL: bad bytes length prefix');
    }
    this.need(head + length);
    const v = this.data.subarray(this.offset + head, this.offset + head + length);
    this.offset += head + length;
    this.offset += (4 - (this.offset % 4)) % 4;
    if (this.offset > this.data.length) throw new TlReadError('TL: bytes padding past end');
    return v;
  }

  /** Boxed Vector<long>. */
  longVector(): bigint[] {
    if (this.uint32() !== 0x1cb5c415) throw new TlReadError('TL: expected a Vector');
    const count = this.int32();
    if (count < 0 || count * 8 > this.remaining) throw new TlReadError('TL: bad vector length');
    const out: bigint[] = [];
    for (let i = 0; i < count; i++) out.push(this.int64());
    return out;
  }
}
