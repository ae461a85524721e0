/**
 * The chunked socket reader under GramJS (socket-reader.ts) against a real
 * loopback TCP peer: what was sent in many small writes comes back byte for
 * byte whatever the read sizes, an exact read waits for all its bytes, and a
 * closed peer ends a waiting read with GramJS's error instead of hanging.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ChunkedNetSocket } from '../../../main/core/telegram/socket-reader.js';

let server: net.Server | undefined;
let reader: ChunkedNetSocket | undefined;
afterEach(async () => {
  await reader?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = reader = undefined;
});

/** A loopback peer; resolves with the reader connected to it and the peer's side of the socket. */
async function connected(): Promise<{ peer: net.Socket }> {
  let accept!: (socket: net.Socket) => void;
  const peerSocket = new Promise<net.Socket>((resolve) => (accept = resolve));
  server = net.createServer(accept);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  reader = new ChunkedNetSocket();
  await reader.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  return { peer: await peerSocket };
}

describe('ChunkedNetSocket', () => {
  it('returns the bytes as sent, across chunk boundaries, whatever the read sizes', async () => {
    const { peer } = await connected();
    const data = randomBytes(300_000);
    for (let offset = 0; offset < data.length; offset += 7_000) peer.write(data.subarray(offset, offset + 7_000));
    const got: Buffer[] = [];
    let total = 0;
    for (const size of [8, 100_000, 1, 64 * 1024]) {
      const part = await reader!.readExactly(size);
      expect(part.length).toBe(size);
      got.push(part);
      total += size;
    }
    while (total < data.length) {
      const part = await reader!.read(data.length - total);
      expect(part.length).toBeGreaterThan(0);
      got.push(part);
      total += part.length;
    }
    expect(Buffer.concat(got).equals(data)).toBe(true);
  });

  it('an exact read waits until all its bytes are there', async () => {
    const { peer } = await connected();
    const pending = reader!.readExactly(10);
    peer.write(Buffer.from('hello'));
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    peer.write(Buffer.from('world'));
    expect((await pending).toString()).toBe('helloworld');
  });

  it('a peer that closes ends a waiting read with an error', async () => {
    const { peer } = await connected();
    const pending = reader!.readExactly(4);
    peer.destroy();
    await expect(pending).rejects.toThrow(/closed/);
  });
});
