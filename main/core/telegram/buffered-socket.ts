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
 * received byte ends in memory that lives as long as its message and holds
 * nothing else (./packet-buffers.ts: a written file part is freed at once).
 * A sync receives hundreds of MB: fewer buffers means fewer of V8's full
 * collections, which it starts for the memory buffers hold, and a lower peak.
 * What arrives while nobody waits goes to the socket's backlog, one buffer
 * reused for the whole connection; above HIGH_WATER bytes not read the socket
 * is paused, so the rest stays in the kernel and TCP slows the sender,
 * instead of growing in our memory.
 *
 * GramJS's socket interface: connect(port, ip), read(n) (up to n bytes, at
 * least one; throws once closed), readExactly(n), write(data), close().
 */
import net from 'node:net';
import { receiveBuffer } from './packet-buffers.js';

export const HIGH_WATER = 4 * 1024 * 1024;
const LOW_WATER = 1024 * 1024;
/** Bytes the kernel may hand over in one read (Node's own read size). */
const READ_SIZE = 64 * 1024;
/** A backlog grown past this goes back to READ_SIZE once it is read out. */
const BACKLOG_KEPT = 4 * READ_SIZE;

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
  /** Received bytes nobody was waiting for: backlog[start, end). Grows as needed, never shared. */
  #backlog: Buffer<ArrayBuffer> = Buffer.allocUnsafeSlow(0);
  #start = 0;
  #end = 0;
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
    this.#start = this.#end = 0;
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
      this.#append(data);
      this.#wakeReader();
    }
    if (this.buffered > HIGH_WATER) this.#paused = true;
    return !this.#paused;
  }

  #append(data: Uint8Array): void {
    if (this.#end + data.length > this.#backlog.length) {
      const unread = this.buffered;
      const needed = unread + data.length;
      if (needed <= this.#backlog.length / 2) {
        this.#backlog.copyWithin(0, this.#start, this.#end);
      } else {
        const grown = Buffer.allocUnsafeSlow(Math.max(READ_SIZE, 2 ** Math.ceil(Math.log2(needed))));
        grown.set(this.#backlog.subarray(this.#start, this.#end));
        this.#replaceBacklog(grown);
      }
      this.#start = 0;
      this.#end = unread;
    }
    this.#backlog.set(data, this.#end);
    this.#end += data.length;
  }

  /** Moves up to `into.length` backlog bytes to the start of `into`; returns how many. */
  #take(into: Buffer): number {
    const n = Math.min(this.#end - this.#start, into.length);
    into.set(this.#backlog.subarray(this.#start, this.#start + n));
    this.#start += n;
    if (this.#start === this.#end) {
      this.#start = this.#end = 0;
      // a burst's backlog is not kept for the rest of the connection
      if (this.#backlog.length > BACKLOG_KEPT) this.#replaceBacklog(Buffer.allocUnsafeSlow(0));
    }
    if (this.buffered < LOW_WATER) this.#resumeIfPaused();
    return n;
  }

  #replaceBacklog(next: Buffer<ArrayBuffer>): void {
    // never viewed outside this socket (#take copies out), so its memory can go now rather than at V8's next collection
    if (this.#backlog.length > 0) this.#backlog.buffer.transfer(0);
    this.#backlog = next;
  }

  /** Up to `length` bytes, at least one: what has arrived. */
  async read(length: number): Promise<Buffer> {
    // one reader at a time: the connection's receive loop
    for (;;) {
      if (this.closed) throw new SocketClosedError();
      if (this.buffered > 0) break;
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    const part = receiveBuffer(Math.min(length, this.buffered));
    this.#take(part);
    return part;
  }

  async readExactly(length: number): Promise<Buffer> {
    // Even with bytes unread, as GramJS's own socket does: after a drop its reconnect expects
    // reads on the old connection to fail at once (handing them out lost answers and timed out).
    if (this.closed) throw new SocketClosedError();
    const target = receiveBuffer(length);
    const filled = this.#take(target);
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
    return this.#end - this.#start;
  }

  /** Whether receiving is paused until the reader catches up. */
  get paused(): boolean {
    return this.#paused;
  }

  toString(): string {
    return 'BufferedNetSocket';
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
