/**
 * One client TCP connection: transport detection, framing, and the outgoing
 * queue that applies the DC's bandwidth limit. Messages are encrypted when they
 * are written, not when queued, so msg_ids and the obfuscation stream stay in
 * wire order even when exempt service messages overtake throttled results.
 */
import type { Socket } from 'node:net';
import type { DcConditions } from './api.js';
import type { AuthKeyState } from './auth-keys.js';
import { detectTransport, type Transport } from './transport/detect.js';
import { TransportError } from './transport/framing.js';

export interface OutgoingMessage {
  /** Builds the transport payload parts at write time. */
  build(): Buffer[];
  /** Approximate bytes on the wire, for throttling. */
  readonly size: number;
  /** Never throttled: pongs and other service messages. */
  readonly exempt: boolean;
  /** Called once the message is written to the socket, or dropped with the connection. */
  readonly left?: () => void;
}

export interface ConnectionHooks {
  /** Called synchronously with each complete transport payload. Throwing closes the connection. */
  onPayload(connection: Connection, payload: Buffer): void;
  onClose(connection: Connection): void;
  conditions(dcId: number): DcConditions;
  log(line: string): void;
}

export class Connection {
  private transport: Transport | undefined;
  private head: Buffer = Buffer.alloc(0);
  private readonly queue: OutgoingMessage[] = [];
  private nextSendAt = 0;
  private pumpTimer: NodeJS.Timeout | undefined;
  private disconnectTimer: NodeJS.Timeout | undefined;
  private isClosed = false;
  /** Key-exchange progress on this connection (owned by key-exchange.ts). */
  handshake: unknown;
  /** The auth key of the last encrypted message (for pushes and revocation). */
  authKey: AuthKeyState | undefined;

  constructor(
    readonly id: number,
    readonly dcId: number,
    private readonly socket: Socket,
    private readonly hooks: ConnectionHooks,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', () => this.close());
    socket.on('close', () => this.close());
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get transportName(): string | undefined {
    return this.transport?.name;
  }

  private receive(data: Buffer): void {
    if (this.isClosed) return;
    try {
      let payloads: Buffer[];
      if (!this.transport) {
        this.head = this.head.length ? Buffer.concat([this.head, data]) : data;
        const detected = detectTransport(this.head);
        if (!detected) {
          if (this.head.length > 64) throw new TransportError('no transport detected');
          return;
        }
        this.transport = detected.transport;
        this.head = Buffer.alloc(0);
        payloads = detected.rest.length ? this.transport.push(detected.rest) : [];
      } else {
        payloads = this.transport.push(data);
      }
      for (const payload of payloads) {
        if (this.isClosed) return;
        this.hooks.onPayload(this, payload);
      }
    } catch (error) {
      // A framing or crypto error ends this socket only, as Telegram's front ends do.
      this.hooks.log(`conn ${this.id} (dc ${this.dcId}): closing: ${(error as Error).message}`);
      this.close();
    }
  }

  /** Queues an encrypted message (throttled unless exempt). */
  send(message: OutgoingMessage): void {
    if (this.isClosed) return message.left?.();
    if (message.exempt || (this.queue.length === 0 && !this.hooks.conditions(this.dcId).bytesPerSecond)) {
      try {
        this.write(message.build());
      } catch (error) {
        this.hooks.log(`conn ${this.id} (dc ${this.dcId}): closing: ${(error as Error).message}`);
        this.close();
      }
      return message.left?.();
    }
    this.queue.push(message);
    this.pump();
  }

  /** Writes an unencrypted payload (key exchange, transport errors) at once. */
  sendPlain(payload: Buffer): void {
    if (!this.isClosed) this.write([payload]);
  }

  /** ping_delay_disconnect: close if no further ping arrives within `seconds`. */
  armDisconnect(seconds: number): void {
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    this.disconnectTimer = setTimeout(() => this.close(), Math.min(seconds, 24 * 3600) * 1000);
    this.disconnectTimer.unref();
  }

  private pump(): void {
    if (this.pumpTimer) return;
    while (this.queue.length > 0 && !this.isClosed) {
      const bytesPerSecond = this.hooks.conditions(this.dcId).bytesPerSecond;
      const now = Date.now();
      if (bytesPerSecond && this.nextSendAt > now) {
        this.pumpTimer = setTimeout(() => {
          this.pumpTimer = undefined;
          this.pump();
        }, this.nextSendAt - now);
        return;
      }
      const message = this.queue.shift()!;
      try {
        this.write(message.build());
      } catch (error) {
        // Runs from a timer: an exception here must end this connection, not the process.
        this.hooks.log(`conn ${this.id} (dc ${this.dcId}): closing: ${(error as Error).message}`);
        this.close();
        return message.left?.();
      }
      message.left?.();
      if (bytesPerSecond) this.nextSendAt = Math.max(now, this.nextSendAt) + (message.size * 1000) / bytesPerSecond;
    }
  }

  private write(parts: Buffer[]): void {
    if (!this.transport || this.isClosed) return;
    const framed = this.transport.encode(parts);
    this.socket.cork();
    for (const part of framed) this.socket.write(part);
    this.socket.uncork();
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.pumpTimer) clearTimeout(this.pumpTimer);
    if (this.disconnectTimer) clearTimeout(this.disconnectTimer);
    for (const message of this.queue.splice(0)) message.left?.();
    this.socket.destroy();
    this.hooks.onClose(this);
  }
}
