/**
 * The TCP socket under every GramJS connection of the app (TelegramClient's
 * `networkSocket` option), in place of GramJS's PromisedNetSockets, which
 * appends each received chunk to everything not read yet with Buffer.concat:
 * when the reader falls behind (the engine lets other work have the thread,
 * ../time-slicer.ts), that copies the whole backlog again for every 64 KiB
 * that arrives. Here chunks wait in a list and are handed out as they are;
 * above HIGH_WATER bytes not read the socket is paused, so the backlog stays
 * in the kernel and TCP slows the sender, instead of growing in our memory.
 *
 * GramJS's socket interface: connect(port, ip), read(n) (up to n bytes, at
 * least one; throws once closed), readExactly(n), write(data), close().
 */
import net from 'node:net';

export const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;

export class SocketClosedError extends Error {
  constructor() {
    super('NetSocket was closed');
  }
}

export class BufferedNetSocket {
  closed = true;
  #socket: net.Socket | null = null;
  readonly #chunks: Buffer[] = [];
  #buffered = 0;
  #paused = false;
  #wake: (() => void) | null = null;

  constructor(proxy?: unknown) {
    if (proxy) throw new Error('connections through a proxy are not supported');
  }

  connect(port: number, ip: string): Promise<this> {
    const socket = new net.Socket();
    this.#socket = socket;
    this.#chunks.length = 0;
    this.#buffered = 0;
    this.#paused = false;
    this.closed = false;
    socket.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      if (this.#buffered > HIGH_WATER && !this.#paused) {
        this.#paused = true;
        socket.pause();
      }
      this.#wakeReader();
    });
    socket.on('close', () => {
      this.closed = true;
      this.#wakeReader();
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(port, ip, () => {
        socket.off('error', reject);
        socket.on('error', () => undefined); // 'close' follows; the reader learns it there
        resolve(this);
      });
    });
  }

  /** Up to `length` bytes: what the first chunk received holds, without copying. */
  async read(length: number): Promise<Buffer> {
    // one reader at a time: the connection's receive loop
    for (;;) {
      if (this.closed) throw new SocketClosedError();
      if (this.#buffered > 0) break;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    const first = this.#chunks[0]!;
    let part: Buffer;
    if (first.length <= length) {
      part = first;
      this.#chunks.shift();
    } else {
      part = first.subarray(0, length);
      this.#chunks[0] = first.subarray(length);
    }
    this.#buffered -= part.length;
    if (this.#paused && this.#buffered < LOW_WATER) {
      this.#paused = false;
      this.#socket?.resume();
    }
    return part;
  }

  async readExactly(length: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let received = 0;
    while (received < length) {
      const part = await this.read(length - received);
      parts.push(part);
      received += part.length;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, length);
  }

  write(data: Buffer): void {
    if (this.closed) throw new SocketClosedError();
    this.#socket?.write(data);
  }

  async close(): Promise<void> {
    this.#socket?.destroy();
    this.#socket?.unref();
    this.closed = true;
    this.#wakeReader();
  }

  /** Bytes received and not read yet. */
  get buffered(): number {
    return this.#buffered;
  }

  /** Whether receiving is paused until the reader catches up. */
  get paused(): boolean {
    return this.#paused;
  }

  toString(): string {
    return 'BufferedNetSocket';
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
