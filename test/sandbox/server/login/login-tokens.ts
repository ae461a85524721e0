/** QR login tokens (auth.exportLoginToken) and the migrate tokens for loginTokenMigrateTo. */
import { randomBytes } from 'node:crypto';

interface LoginToken {
  readonly token: Buffer;
  readonly keyIdHex: string;
  readonly dcId: number;
  readonly expiresAt: number; // unix seconds
  approvedUserId?: number;
}

interface MigrateToken {
  readonly userId: number;
  readonly dcId: number;
  readonly expiresAt: number;
}

const now = (): number => Math.floor(Date.now() / 1000);

/** tg://login?token=<base64url>, or the bare base64url, both accepted by approve(). */
export function tokenText(token: Buffer): string {
  return token.toString('base64url');
}

export class LoginTokens {
  private readonly tokens = new Map<string, LoginToken>();
  private readonly migrations = new Map<string, MigrateToken>();

  constructor(private readonly ttlSeconds: number) {}

  issue(keyIdHex: string, dcId: number): { token: Buffer; expires: number } {
    this.prune();
    const token = randomBytes(32);
    const expiresAt = now() + this.ttlSeconds;
    this.tokens.set(tokenText(token), { token, keyIdHex, dcId, expiresAt });
    return { token, expires: expiresAt };
  }

  /** The user who approved one of this key's tokens; the key's tokens are then used up. */
  takeApproved(keyIdHex: string): number | undefined {
    const approved = [...this.tokens.values()].find((entry) => entry.keyIdHex === keyIdHex && entry.approvedUserId !== undefined);
    if (!approved) return undefined;
    for (const [text, entry] of this.tokens) if (entry.keyIdHex === keyIdHex) this.tokens.delete(text);
    return approved.approvedUserId;
  }

  pending(): string[] {
    this.prune();
    return [...this.tokens.entries()]
      .filter(([, entry]) => entry.approvedUserId === undefined)
      .reverse()
      .map(([text]) => text);
  }

  /** Marks a token approved; returns the key that exported it. */
  approve(text: string, userId: number): { keyIdHex: string } {
    const bare = text.replace(/^tg:\/\/login\?token=/, '');
    const entry = this.tokens.get(bare);
    if (!entry || entry.expiresAt < now()) throw new Error(`unknown or expired login token ${bare}`);
    entry.approvedUserId = userId;
    return { keyIdHex: entry.keyIdHex };
  }

  issueMigration(userId: number, dcId: number): Buffer {
    const token = randomBytes(32);
    this.migrations.set(tokenText(token), { userId, dcId, expiresAt: now() + this.ttlSeconds });
    return token;
  }

  takeMigration(token: Buffer, dcId: number): number | undefined {
    const entry = this.migrations.get(tokenText(token));
    this.migrations.delete(tokenText(token));
    return entry && entry.dcId === dcId && entry.expiresAt >= now() ? entry.userId : undefined;
  }

  private prune(): void {
    const t = now();
    for (const [text, entry] of this.tokens) if (entry.expiresAt < t && entry.approvedUserId === undefined) this.tokens.delete(text);
  }
}
