/**
 * The TCP socket under every GramJS connection of the app (TelegramClient's
 * `networkSocket` option), in place of GramJS's PromisedNetSockets, which
 * appends each received chunk to everything not read yet with Buffer.concat:
 * when the reader falls behind (the engine lets other work have the thread,
 * ../time-slicer.ts), that copies the whole backlog again for every 64 KiB
 * that arrives.
 *
 * Here the kernel's bytes land in one reusable buffer per socket (net's
 * `onread`), not in a new 64 KiB buffer per read, and go from there straight
 * into the message the reader is waiting for (readExactly's result), so each
 * received byte is copied once into memory that lives as long as its message.
 * A sync receives hundreds of MB: fewer buffers means fewer of V8's full
 * collections, which it starts for the memory buffers hold, and a lower peak.
 * What arrives while nobody waits is kept as copies; above HIGH_WATER bytes
 * not read the socket is paused, so the backlog stays in the kernel and TCP
 * slows the sender, instead of growing in our memory.
 *
 * GramJS's socket interface: connect(port, ip), read(n) (up to n bytes, at
 * least one; throws once closed), readExactly(n), write(data), close().
 */
import net from 'node:net';

export const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
/** Bytes the kernel may hand over in one read (Node's own read size). */
const READ_SIZE = 64 * 1024;

export class SocketClosedError extends Error {
  constructor() {
    super('NetSocket was closed');
  }
}

/** A readExactly waiting for the rest of its message. */
interface Wanted {
  readonly target: Buffer;
  filled: number;
  readonly done: () => void;
}

export class BufferedNetSocket {
  closed = true;
  #socket: net.Socket | null = null;
  /** Received bytes nobody was waiting for, each a copy, oldest first. */
  readonly #chunks: Buffer[] = [];
  #buffered = 0;
  #paused = false;
  #wanted: Wanted | null = null;
  #wake: (() => void) | null = null;

  constructor(proxy?: unknown) {
    if (proxy) throw new Error('connections through a proxy are not supported');
  }

  connect(port: number, ip: string): Promise<this> {
    const onread = { buffer: Buffer.allocUnsafe(READ_SIZE), callback: (n: number, buffer: Uint8Array) => this.#received(buffer.subarray(0, n)) };
    const socket = new net.Socket({ onread });
    this.#socket = socket;
    this.#chunks.length = 0;
    this.#buffered = 0;
    this.#paused = false;
    this.#wanted = null;
    this.closed = false;
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

  /** Takes one read's bytes out of the reusable buffer; false pauses the socket. */
  #received(data: Uint8Array): boolean {
    const wanted = this.#wanted;
    if (wanted) {
      const n = Math.min(data.length, wanted.target.length - wanted.filled);
      wanted.target.set(data.subarray(0, n), wanted.filled);
      wanted.filled += n;
      data = data.subarray(n);
      if (wanted.filled === wanted.target.length) {
        this.#wanted = null;
        wanted.done();
      }
    }
    if (data.length > 0) {
      this.#chunks.push(Buffer.from(data));
      this.#buffered += data.length;
      this.#wakeReader();
    }
    if (this.#buffered > HIGH_WATER) this.#paused = true;
    return !this.#paused;
  }

  /** Up to `length` bytes: what the first chunk kept holds, without copying. */
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
    this.#taken(part.length);
    return part;
  }

  async readExactly(length: number): Promise<Buffer> {
    const first = this.#chunks[0];
    if (first && first.length >= length) return this.read(length);
    if (this.closed) throw new SocketClosedError();
    const target = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length && this.#chunks.length > 0) {
      const part = await this.read(length - filled);
      target.set(part, filled);
      filled += part.length;
    }
    if (filled === length) return target;
    // the rest goes from the socket straight into `target`
    await new Promise<void>((resolve) => {
      this.#wanted = { target, filled, done: resolve };
      this.#wake = resolve; // woken early only by a close
      this.#resumeIfPaused();
    });
    if (this.#wanted?.target === target) {
      this.#wanted = null;
      throw new SocketClosedError();
    }
    return target;
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

  #taken(bytes: number): void {
    this.#buffered -= bytes;
    if (this.#buffered < LOW_WATER) this.#resumeIfPaused();
  }

  #resumeIfPaused(): void {
    if (!this.#paused) return;
    this.#paused = false;
    this.#socket?.resume();
  }

  #wakeReader(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
