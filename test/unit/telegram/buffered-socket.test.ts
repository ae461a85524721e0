import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BufferedNetSocket, HIGH_WATER, SocketClosedError } from '../../../main/core/telegram/buffered-socket.js';

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A loopback server that sends `payload` in pieces of `piece` bytes to whoever connects, then closes. */
async function sender(payload: Buffer, piece: number): Promise<number> {
  const server = net.createServer((socket) => {
    for (let at = 0; at < payload.length; at += piece) socket.write(payload.subarray(at, at + piece));
    socket.end();
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

  it('a reader waiting for bytes learns when the server closes the connection', async () => {
    const socket = new BufferedNetSocket();
    await socket.connect(await sender(Buffer.alloc(0), 1), '127.0.0.1');
    await expect(socket.read(1)).rejects.toThrow(SocketClosedError);
  });

  it('refuses a proxy rather than ignoring it', () => {
    expect(() => new BufferedNetSocket({ ip: '127.0.0.1', port: 1, socksType: 5 })).toThrow(/proxy/);
  });
});
