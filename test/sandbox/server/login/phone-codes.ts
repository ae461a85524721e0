/** Login codes sent by auth.sendCode, keyed by phone_code_hash. */
import { randomBytes } from 'node:crypto';

export interface PendingCode {
  readonly phone: string;
  readonly userId: number;
  readonly code: string;
  expiresAt: number;
}

export class PhoneCodes {
  private readonly codes = new Map<string, PendingCode>();

  constructor(private readonly ttlMs: number) {}

  issue(phone: string, userId: number, code: string): string {
    const hash = randomBytes(9).toString('hex');
    this.codes.set(hash, { phone, userId, code, expiresAt: Date.now() + this.ttlMs });
    return hash;
  }

  get(hash: string): PendingCode | undefined {
    return this.codes.get(hash);
  }

  delete(hash: string): void {
    this.codes.delete(hash);
  }

  /** Test hook: every pending code (or one phone's) expires now; returns how many. */
  expire(phone?: string): number {
    let n = 0;
    for (const code of this.codes.values()) {
      if (phone === undefined || code.phone === phone) {
        code.expiresAt = 0;
        n++;
      }
    }
    return n;
  }
}

/** '+1 (555) 000-1' -> '+15550001'; undefined when it is not a phone number at all. */
export function normalizePhone(input: string): string | undefined {
  const digits = input.replace(/[\s\-().]/g, '').replace(/^\+/, '');
  return /^\d{5,15}$/.test(digits) ? `+${digits}` : undefined;
}
