/**
 * Follows the TCP-full framing of a received byte stream as its chunks arrive
 * (length, sequence number, payload, CRC32; core.telegram.org/mtproto/mtproto-transports)
 * and hands over the first bytes of each packet's payload once the packet's
 * last byte is in. It only watches: the codec still reads every packet.
 *
 * Why: the reader takes packets one at a time, each after the previous one's
 * decryption and handling, so a burst of answers waits in the socket; what
 * only needs to know that an answer is here (./answer-arrivals.ts) learns it
 * from this, as the bytes land.
 */

/** What a socket tells a watcher of its received bytes. */
export interface ReceiveTap {
  /** A new connection: its first bytes come next. */
  reset(): void;
  /** A chunk as received; a view that is reused after the call. */
  received(chunk: Uint8Array): void;
}

/** Length and sequence number before the payload, CRC32 after it. */
const HEADER = 8;
const TRAILER = 4;
/** A packet larger than this is no MTProto packet (the codecs refuse less): the watch stops. */
const MAX_PACKET = 64 * 1024 * 1024;

export class TcpFullFrames implements ReceiveTap {
  readonly #headBytes: number;
  readonly #onPacket: (head: Buffer) => void;
  readonly #header = Buffer.alloc(HEADER);
  #headerFilled = 0;
  #head = Buffer.alloc(0);
  #headFilled = 0;
  /** Bytes of the current packet after its header still to come; 0 while reading a header. */
  #remaining = 0;
  /** The stream left the framing (a transport error code): nothing more is reported until reset. */
  #lost = false;

  /** `onPacket` gets up to `headBytes` of each payload (fewer when the payload is shorter); the buffer is its own. */
  constructor(headBytes: number, onPacket: (head: Buffer) => void) {
    this.#headBytes = headBytes;
    this.#onPacket = onPacket;
  }

  reset(): void {
    this.#headerFilled = 0;
    this.#headFilled = 0;
    this.#remaining = 0;
    this.#lost = false;
  }

  received(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length && !this.#lost) {
      if (this.#remaining === 0) {
        const n = Math.min(HEADER - this.#headerFilled, chunk.length - at);
        this.#header.set(chunk.subarray(at, at + n), this.#headerFilled);
        this.#headerFilled += n;
        at += n;
        if (this.#headerFilled < HEADER) return;
        this.#start(this.#header.readInt32LE(0));
        continue;
      }
      const n = Math.min(this.#remaining, chunk.length - at);
      const wanted = Math.min(this.#head.length - this.#headFilled, n);
      if (wanted > 0) {
        this.#head.set(chunk.subarray(at, at + wanted), this.#headFilled);
        this.#headFilled += wanted;
      }
      at += n;
      this.#remaining -= n;
      if (this.#remaining === 0) this.#onPacket(this.#head);
    }
  }

  #start(length: number): void {
    this.#headerFilled = 0;
    // a negative length is a transport error (-404 ...), then the stream ends
    if (length < HEADER + TRAILER || length > MAX_PACKET) {
      this.#lost = true;
      return;
    }
    const payload = length - HEADER - TRAILER;
    this.#head = Buffer.alloc(Math.min(this.#headBytes, payload));
    this.#headFilled = 0;
    this.#remaining = length - HEADER;
  }
}
