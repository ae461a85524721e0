/**
 * Token-bucket rate limits per method and account, answering FLOOD_WAIT_X like Telegram,
 * where X is the whole seconds until the bucket has a token again.
 */
import { RpcError, type RpcMiddleware } from '../server/api.js';
import { methodKey } from './errors.js';

export interface RateLimit {
  /** Tokens added per second. */
  readonly perSecond: number;
  /** Bucket size: calls allowed in a burst. */
  readonly burst: number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

export class RateLimiter {
  private readonly limits = new Map<string, RateLimit>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Limits `method` (GramJS class name, any case, or '*' for all); null removes the limit. */
  set(method: string, limit: RateLimit | null): void {
    const key = methodKey(method);
    if (limit === null) this.limits.delete(key);
    else {
      if (!(limit.perSecond > 0) || !(limit.burst >= 1)) throw new Error('perSecond must be > 0 and burst >= 1');
      this.limits.set(key, limit);
    }
    for (const bucketKey of this.buckets.keys()) if (bucketKey.startsWith(`${key}|`)) this.buckets.delete(bucketKey);
  }

  clear(): void {
    this.limits.clear();
    this.buckets.clear();
  }

  /** Takes a token, or returns the seconds until one is available. */
  take(method: string, who: string): number {
    const key = methodKey(method);
    const ruleKey = this.limits.has(key) ? key : this.limits.has('*') ? '*' : null;
    if (ruleKey === null) return 0;
    const limit = this.limits.get(ruleKey)!;
    // Telegram's limits are per account: one bucket per (method, account or auth key).
    const bucketKey = `${ruleKey}|${ruleKey === '*' ? key : ''}|${who}`;
    const now = this.now();
    let bucket = this.buckets.get(bucketKey);
    if (!bucket) {
      bucket = { tokens: limit.burst, updated: now };
      this.buckets.set(bucketKey, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.updated) / 1000) * limit.perSecond);
    bucket.updated = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }

  readonly middleware: RpcMiddleware = async (ctx, _request, next) => {
    const wait = this.take(ctx.method, ctx.userId !== null ? `user:${ctx.userId}` : `key:${ctx.authKeyId}`);
    if (wait > 0) throw new RpcError(420, `FLOOD_WAIT_${wait}`);
    return next();
  };
}
