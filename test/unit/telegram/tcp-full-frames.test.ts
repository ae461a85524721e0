/**
 * The TCP-full watch (main/core/telegram/tcp-full-frames.ts) finds every packet of a received
 * stream however the bytes are cut into chunks, and hands over each payload's first bytes only
 * once the whole packet (its CRC included) is in.
 */
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TcpFullFrames } from '../../../main/core/telegram/tcp-full-frames.js';

/** length (of everything) ‖ seq ‖ payload ‖ crc32 (of everything before it), as TCP-full frames a packet. */
function frame(payload: Buffer, seq: number): Buffer {
  const head = Buffer.alloc(8);
  head.writeInt32LE(payload.length + 12, 0);
  head.writeInt32LE(seq, 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32LE(zlib.crc32(payload, zlib.crc32(head)), 0);
  return Buffer.concat([head, payload, crc]);
}

function watch(headBytes: number): { frames: TcpFullFrames; heads: Buffer[] } {
  const heads: Buffer[] = [];
  return { frames: new TcpFullFrames(headBytes, (head) => heads.push(Buffer.from(head))), heads };
}

const payloads = [randomBytes(100), randomBytes(72), randomBytes(5), randomBytes(70_000), randomBytes(0), randomBytes(300)];
const stream = Buffer.concat(payloads.map((p, i) => frame(p, i)));
const expectedHeads = payloads.map((p) => p.subarray(0, 72));

describe('TCP-full framing watch', () => {
  it('reports each packet once, with the first bytes of its payload, from one chunk', () => {
    const { frames, heads } = watch(72);
    frames.received(stream);
    expect(heads).toEqual(expectedHeads);
  });

  it('finds the same packets whether the bytes come one at a time or in random cuts', () => {
    const byByte = watch(72);
    for (let i = 0; i < stream.length; i++) byByte.frames.received(stream.subarray(i, i + 1));
    expect(byByte.heads).toEqual(expectedHeads);
    for (let round = 0; round < 20; round++) {
      const cut = watch(72);
      for (let at = 0; at < stream.length; ) {
        const n = 1 + Math.floor(Math.random() * 9000);
        cut.frames.received(stream.subarray(at, at + n));
        at += n;
      }
      expect(cut.heads).toEqual(expectedHeads);
    }
  });

  it('reports a packet only when its last byte (the CRC) is in', () => {
    const { frames, heads } = watch(72);
    const one = frame(randomBytes(200), 0);
    frames.received(one.subarray(0, one.length - 1));
    expect(heads).toHaveLength(0);
    frames.received(one.subarray(one.length - 1));
    expect(heads).toHaveLength(1);
  });

  it('keeps its own copy of a head: the chunk it came in may be reused at once', () => {
    const { frames, heads } = watch(8);
    const chunk = Buffer.from(frame(Buffer.from('0123456789'), 0));
    frames.received(chunk);
    chunk.fill(0);
    expect(heads[0]!.toString()).toBe('01234567');
  });

  it('starts over on a new connection, even mid-packet', () => {
    const { frames, heads } = watch(72);
    frames.received(frame(randomBytes(500), 0).subarray(0, 100)); // the old connection dropped here
    frames.reset();
    frames.received(stream);
    expect(heads).toEqual(expectedHeads);
  });

  it('stops at a transport error code (a bare negative length) until reset', () => {
    const { frames, heads } = watch(72);
    const error = Buffer.alloc(4);
    error.writeInt32LE(-404, 0);
    frames.received(Buffer.concat([error, error, stream]));
    expect(heads).toHaveLength(0);
    frames.reset();
    frames.received(stream);
    expect(heads).toEqual(expectedHeads);
  });
});
