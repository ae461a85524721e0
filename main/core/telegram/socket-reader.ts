/**
 * GramJS's TCP socket (PromisedNetSockets) keeps what it has received in one
 * Buffer and, on every socket chunk, copies all of it into a new one
 * (`Buffer.concat([stream, chunk])`), under one mutex shared by every
 * connection. With 2 MiB of answers in flight per DC and a busy client, the
 * backlog is copied again for each 64 KiB that arrives (a 1 MiB answer alone
 * leaves ~8 MB of copies for the garbage collector). Here chunks are kept as
 * they come and joined once, for the bytes a read takes.
 *
 * A read of bytes already there resolves at once, so GramJS would decrypt and
 * parse a whole backlog of answers in one go, with nothing else running in
 * between (timers, the window's IPC): after every YIELD_BYTES handed out, a read
 * lets the event loop turn first.
 */
import type { Socket } from 'node:net';
import { PromisedNetSockets } from 'telegram/extensions/index.js';
import { APPLIED, fellBack, recordPatch, type PatchStatus } from './patch-status.js';

/** The fields of PromisedNetSockets this class shares with it (private in its typings). */
const YIELD_BYTES = 256 * 1024;

interface Internals {
  client?: Socket;
  closed: boolean;
}

export class ChunkedNetSocket extends PromisedNetSockets {
  #chunks: Buffer[] = [];
  #head = 0; // bytes of #chunks[0] already taken
  #buffered = 0;
  #wake: (() => void) | null = null;
  #sinceYield = 0;

  get #internals(): Internals {
    return this as unknown as Internals;
  }

  override async connect(port: number, ip: string): Promise<unknown> {
    this.#chunks = [];
    this.#head = 0;
    this.#buffered = 0;
    return super.connect(port, ip);
  }

  /** Called by connect() once the socket is open (GramJS's own listener is replaced). */
  override async receive(): Promise<void> {
    const client = this.#internals.client;
    client?.on('data', (chunk: Buffer) => {
      this.#chunks.push(chunk);
      this.#buffered += chunk.length;
      this.#signal();
    });
    // GramJS's connect() marks the socket closed on 'close' before this listener runs.
    client?.on('close', () => this.#signal());
  }

  /** Up to `length` bytes, as soon as there is at least one. */
  override async read(length: number): Promise<Buffer> {
    await this.#waitFor(1);
    return this.#take(Math.min(length, this.#buffered));
  }

  /** Exactly `length` bytes, joined once. */
  override async readExactly(length: number): Promise<Buffer> {
    await this.#waitFor(length);
    return this.#take(length);
  }

  override async readAll(): Promise<Buffer> {
    await this.#waitFor(1);
    return this.#take(this.#buffered);
  }

  async #waitFor(bytes: number): Promise<void> {
    if (this.#sinceYield >= YIELD_BYTES) {
      this.#sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
    while (this.#buffered < bytes) {
      if (this.#internals.closed) throw new Error('NetSocket was closed');
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }

  #signal(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  #take(length: number): Buffer {
    this.#buffered -= length;
    this.#sinceYield += length;
    const first = this.#chunks[0];
    if (first && first.length - this.#head >= length) {
      // Within one chunk: a view, no copy.
      const out = first.subarray(this.#head, this.#head + length);
      this.#head += length;
      if (this.#head === first.length) {
        this.#chunks.shift();
        this.#head = 0;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(chunk.length - this.#head, length - filled);
      chunk.copy(out, filled, this.#head, this.#head + n);
      filled += n;
      this.#head += n;
      if (this.#head === chunk.length) {
        this.#chunks.shift();
        this.#head = 0;
      }
    }
    return out;
  }
}

/**
 * Whether ChunkedNetSocket can stand in for GramJS's socket: it reads the
 * `client` and `closed` fields PromisedNetSockets sets in connect(), and
 * replaces its receive().
 */
export function checkChunkedSocket(): PatchStatus {
  const probe = new PromisedNetSockets() as unknown as Partial<Internals> & Record<string, unknown>;
  if (probe.closed !== true || !('client' in probe) || typeof PromisedNetSockets.prototype.receive !== 'function') {
    return recordPatch('socket-reader', fellBack('PromisedNetSockets no longer has the client/closed fields and receive() this reader relies on'));
  }
  return recordPatch('socket-reader', APPLIED);
}
