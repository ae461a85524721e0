import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferedNetSocket, HIGH_WATER, SocketClosedError } from '../../../main/core/telegram/buffered-socket.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A loopback server that sends `payload` in pieces of `piece` bytes to whoever connects, then closes (unless kept open). */
async function sender(payload: Buffer, piece: number, keepOpen = false): Promise<number> {
  const server = net.createServer((socket) => {
    for (let at = 0; at < payload.length; at += piece) socket.write(payload.subarray(at, at + piece));
    if (!keepOpen) socket.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

describe('the socket under GramJS connections', () => {
  it('hands out exactly the bytes received, across chunks, never more than asked', async () => {
    const payload = randomBytes(300_000);
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(payload, 7_000), '127.0.0.1');
    const head = await socket.read(5);
    expect(head.length).toBeLessThanOrEqual(5);
    const rest = await socket.readExactly(payload.length - head.length);
    expect(Buffer.concat([head, rest]).equals(payload)).toBe(true);
    await socket.close();
  });

  it('reads framed messages back to back, whether the reader waits for them or lags behind', async () => {
    const messages = Array.from({ length: 40 }, (_, i) => randomBytes(1 + ((i * 7919) % 200_000)));
    const framed = Buffer.concat(messages.flatMap((m) => [Buffer.from(Uint32Array.of(m.length).buffer), m]));
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(framed, 50_000, true), '127.0.0.1');
    for (const [i, message] of messages.entries()) {
      // every third message, let bytes pile up unread first
      if (i % 3 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      const length = (await socket.readExactly(4)).readUInt32LE(0);
      expect((await socket.readExactly(length)).equals(message)).toBe(true);
    }
    await socket.close();
  });

  it('gives each large message memory of its own, read from the backlog or not: freeing one leaves the rest intact', async () => {
    const messages = Array.from({ length: 30 }, (_, i) => randomBytes(5_000 + ((i * 7919) % 150_000)));
    const framed = Buffer.concat(messages.flatMap((m) => [Buffer.from(Uint32Array.of(m.length).buffer), m]));
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(framed, 64 * 1024, true), '127.0.0.1');
    for (const [i, message] of messages.entries()) {
      if (i % 2 === 0) await vi.waitFor(() => expect(socket.buffered).toBeGreaterThan(0)); // this one from the backlog
      const length = (await socket.readExactly(4)).readUInt32LE(0);
      const read = await socket.readExactly(length);
      expect(read.equals(message)).toBe(true);
      expect([read.byteOffset, read.buffer.byteLength]).toEqual([0, length]);
      (read.buffer as ArrayBuffer).transfer(0); // as a written file part is freed
    }
    await socket.close();
  });

  it('pauses receiving while much is unread, and resumes as the reader catches up', async () => {
    const payload = randomBytes(3 * HIGH_WATER);
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(payload, 64 * 1024), '127.0.0.1');
    await vi.waitFor(() => expect(socket.paused).toBe(true), { timeout: 10_000 });
    expect(socket.buffered).toBeLessThan(HIGH_WATER + 1024 * 1024);
    const all = await socket.readExactly(payload.length);
    expect(all.equals(payload)).toBe(true);
    expect(socket.paused).toBe(false);
    await socket.close();
  });

  it('refuses to read once closed, as GramJS expects', async () => {
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(Buffer.alloc(0), 1), '127.0.0.1');
    await socket.close();
    await expect(socket.read(1)).rejects.toThrow(SocketClosedError);
    expect(() => socket.write(Buffer.from('x'))).toThrow(SocketClosedError);
  });

  it('refuses to read once closed even with bytes still unread, as GramJS expects', async () => {
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(randomBytes(10_000), 10_000), '127.0.0.1');
    await vi.waitFor(() => expect(socket.closed).toBe(true));
    expect(socket.buffered).toBe(10_000);
    await expect(socket.readExactly(100)).rejects.toThrow(SocketClosedError);
    await expect(socket.read(100)).rejects.toThrow(SocketClosedError);
  });

  it('a reader waiting for bytes learns when the server closes the connection', async () => {
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(Buffer.alloc(0), 1), '127.0.0.1');
    await expect(socket.read(1)).rejects.toThrow(SocketClosedError);
  });

  it('refuses a proxy rather than ignoring it', () => {
    expect(() => new BufferedNetSocket({ ip: '127.0.0.1', port: 1, socksType: 5 })).toThrow(/proxy/);
  });
});
