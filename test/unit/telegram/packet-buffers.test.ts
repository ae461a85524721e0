/**
 * A downloaded file part is freed as soon as it is written (main/core/telegram/packet-buffers.ts),
 * but only when nothing else can be viewing its memory: a packet of its own whose message is a
 * lone upload.file answer. Everything else is left to the collector, untouched.
 */
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { describe, expect, it } from 'vitest';
import { markFileAnswer, receiveBuffer, releaseFileAnswer } from '../../../main/core/telegram/packet-buffers.js';
import { fileAnswer, receivedAnswer } from '../../fakes/file-answer-packet.js';

describe('freeing written file parts', () => {
  it('frees a file part that came alone in a packet of its own, once', () => {
    const bytes = randomBytes(100_000);
    const { packet, answer } = fileAnswer(bytes);
    expect(Buffer.compare(answer.bytes, bytes)).toBe(0);
    expect(answer.bytes.buffer).toBe(packet.buffer); // a view, as GramJS reads it
    expect(releaseFileAnswer(answer.bytes)).toBe(true);
    expect(packet.buffer.byteLength).toBe(0); // detached: the memory is gone now, not at the next collection
    expect(answer.bytes.length).toBe(0); // and a late reader finds nothing, never other data
    expect(releaseFileAnswer(answer.bytes)).toBe(false);
  });

  it('leaves alone bytes that did not come in a packet of their own', () => {
    const bytes = randomBytes(100_000);
    const copied = new Api.upload.File({ type: new Api.storage.FileJpeg(), mtime: 0, bytes: Buffer.from(bytes) });
    expect(releaseFileAnswer(copied.bytes)).toBe(false);
    expect(Buffer.compare(copied.bytes, bytes)).toBe(0);

    // small reads come from Node's shared pool: never marked, whatever they hold
    const small = fileAnswer(randomBytes(500));
    expect(small.packet.buffer.byteLength).toBeGreaterThan(small.packet.length);
    expect(releaseFileAnswer(small.answer.bytes)).toBe(false);
    expect(small.answer.bytes.length).toBe(500);
  });

  it('leaves alone a packet whose message is anything but a lone upload.file answer', () => {
    const photos = receivedAnswer(new Api.photos.Photos({ photos: [], users: [] }));
    expect(releaseFileAnswer(photos.packet)).toBe(false);

    // a container (or gzip, or an update) first: the file part may share the packet with other answers
    const { packet, answer } = fileAnswer(randomBytes(20_000));
    const container = receiveBuffer(packet.length);
    container.set(packet);
    container.writeUInt32LE(0x73f1f8dc, 24 + 32); // msg_container
    markFileAnswer(container.subarray(24));
    expect(releaseFileAnswer(container.subarray(100, 200))).toBe(false);
    expect(container.buffer.byteLength).toBe(packet.length);
    expect(releaseFileAnswer(answer.bytes)).toBe(true);
  });
});
