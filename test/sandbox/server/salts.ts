/**
 * Server salts that change over time, as Telegram's do (hourly; core.telegram.org/api/
 * optimisation: clients fetch future salts so a change costs no round trip; the grace
 * for the old salt is our choice). Each auth key has its own sequence: the salt of period 0 is the
 * key's first salt (from the key exchange, or random for a pre-shared key), later ones
 * are derived from it. A message with the salt of the current period or the previous
 * one within `graceMs` of the change is accepted; any other gets bad_server_salt with
 * the current salt. Periods are hourly by default; tests compress them (`periodMs`).
 */
import { createHash } from 'node:crypto';

export interface SaltOptions {
  /** How long one salt is current. Default 1 hour. */
  readonly periodMs?: number;
  /** How long the previous salt is still accepted after a change. Default 30 minutes (half a period when compressed). */
  readonly graceMs?: number;
}

export interface FutureSaltEntry {
  readonly validSince: number;
  readonly validUntil: number;
  readonly salt: Buffer;
}

export class SaltSchedule {
  readonly periodMs: number;
  readonly graceMs: number;

  constructor(
    options: SaltOptions = {},
    private readonly now: () => number = Date.now,
    private readonly epoch: number = now(),
  ) {
    this.periodMs = options.periodMs ?? 3_600_000;
    this.graceMs = options.graceMs ?? Math.min(1_800_000, this.periodMs / 2);
  }

  private period(at: number): number {
    return Math.max(0, Math.floor((at - this.epoch) / this.periodMs));
  }

  /** The key's salt for period `n`. */
  saltOf(first: Buffer, n: number): Buffer {
    if (n === 0) return first;
    return createHash('sha256').update(first).update(String(n)).digest().subarray(0, 8);
  }

  current(first: Buffer): Buffer {
    return this.saltOf(first, this.period(this.now()));
  }

  accepts(first: Buffer, salt: Buffer): boolean {
    const now = this.now();
    const n = this.period(now);
    if (salt.equals(this.saltOf(first, n))) return true;
    const changedAt = this.epoch + n * this.periodMs;
    return n > 0 && now - changedAt < this.graceMs && salt.equals(this.saltOf(first, n - 1));
  }

  /** `count` salts from the current one on, with their validity in unix seconds. */
  future(first: Buffer, count: number): FutureSaltEntry[] {
    const n = this.period(this.now());
    return Array.from({ length: count }, (_, i) => {
      const start = this.epoch + (n + i) * this.periodMs;
      return { validSince: Math.floor(start / 1000), validUntil: Math.floor((start + this.periodMs) / 1000), salt: this.saltOf(first, n + i) };
    });
  }
}
