/**
 * Telegram's limits, on by default (see README "Limits model" for the sources):
 *  - downloads: per account and DC, the bytes of `upload.getFile` limits in flight may not
 *    exceed 2 MiB (16 MiB for a premium account); a request that would go over is answered
 *    `420 FLOOD_PREMIUM_WAIT_X`;
 *  - per-method token buckets per account, answered `420 FLOOD_WAIT_X`, and a daily budget
 *    for `contacts.resolveUsername`.
 * It also measures how full each account keeps its download budget per DC: the
 * time-averaged bytes of limits in flight over the time anything was in flight.
 */
import { Api } from 'telegram';
import { RpcError, type CallContext, type RpcMiddleware } from '../server/api.js';
import { methodKey } from './errors.js';
import { RateLimiter, type RateLimit } from './rate-limit.js';

export interface MethodLimit extends RateLimit {
  /** Calls allowed per rolling day (Telegram's resolveUsername budget). */
  readonly daily?: number;
}

export interface LimitsModel {
  /** Bytes of getFile `limit`s in flight per account and DC. */
  readonly downloadBudget: number;
  readonly premiumDownloadBudget: number;
  /** X of FLOOD_PREMIUM_WAIT_X when a download would go over the budget. */
  readonly downloadWaitSeconds: number;
  /** Token buckets per account, keyed by GramJS class name. */
  readonly methods: Readonly<Record<string, MethodLimit>>;
}

const MIB = 1024 * 1024;

/** The model's numbers and their sources are listed in test/sandbox/README.md ("Limits model"). */
export const TELEGRAM_LIMITS: LimitsModel = {
  downloadBudget: 2 * MIB,
  premiumDownloadBudget: 16 * MIB,
  downloadWaitSeconds: 2,
  methods: {
    'photos.GetUserPhotos': { perSecond: 10, burst: 30 },
    'users.GetUsers': { perSecond: 2, burst: 10 },
    'users.GetFullUser': { perSecond: 4, burst: 20 },
    'contacts.ResolveUsername': { perSecond: 0.2, burst: 5, daily: 200 },
    'contacts.ResolvePhone': { perSecond: 0.2, burst: 5 },
  },
};

/** How full one account kept its download budget on one DC. */
export interface BudgetUse {
  readonly dcId: number;
  readonly account: string;
  readonly budget: number;
  /** ms with at least one getFile in flight. */
  readonly busyMs: number;
  /** Time-averaged bytes of limits in flight while busy. */
  readonly averageBytesInFlight: number;
  /** averageBytesInFlight / budget. */
  readonly use: number;
  readonly peakBytesInFlight: number;
}

interface Flight {
  bytes: number;
  budget: number;
  last: number;
  integral: number;
  busyMs: number;
  peak: number;
}

const DAY_MS = 24 * 3600 * 1000;

export class TelegramLimits {
  private model: LimitsModel | null;
  private readonly buckets: RateLimiter;
  private readonly flights = new Map<string, Flight>();
  private readonly daily = new Map<string, { start: number; used: number }>();

  constructor(
    model: LimitsModel | null,
    private readonly isPremium: (userId: number) => boolean,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.buckets = new RateLimiter(now);
    this.model = null;
    this.set(model);
  }

  /** The model in force, or null for an unlimited server. */
  get current(): LimitsModel | null {
    return this.model;
  }

  /** Replaces the model (null: unlimited); buckets and daily budgets start full. */
  set(model: LimitsModel | null): void {
    this.model = model;
    this.buckets.clear();
    this.daily.clear();
    for (const [method, limit] of Object.entries(model?.methods ?? {})) this.buckets.set(method, { perSecond: limit.perSecond, burst: limit.burst });
  }

  /** Budget use per account and DC since the last reset. */
  budgetUse(): BudgetUse[] {
    const now = this.now();
    return [...this.flights.entries()].map(([key, f]) => {
      this.advance(f, now);
      const [account, dc] = key.split('@') as [string, string];
      const average = f.busyMs > 0 ? f.integral / f.busyMs : 0;
      return { dcId: Number(dc), account, budget: f.budget, busyMs: Math.round(f.busyMs), averageBytesInFlight: Math.round(average), use: f.budget > 0 ? average / f.budget : 0, peakBytesInFlight: f.peak };
    });
  }

  resetUse(): void {
    for (const [key, f] of this.flights) if (f.bytes === 0) this.flights.delete(key);
    const now = this.now();
    for (const f of this.flights.values()) Object.assign(f, { last: now, integral: 0, busyMs: 0, peak: f.bytes });
  }

  readonly middleware: RpcMiddleware = async (ctx, request, next) => {
    const model = this.model;
    if (!model) return next();
    const who = ctx.userId !== null ? `user:${ctx.userId}` : `key:${ctx.authKeyId}`;
    if (request instanceof Api.upload.GetFile) return this.download(model, ctx, who, request.limit ?? 0, next);
    this.takeDaily(model, ctx.method, who);
    const wait = this.buckets.take(ctx.method, who);
    if (wait > 0) throw new RpcError(420, `FLOOD_WAIT_${wait}`);
    return next();
  };

  private takeDaily(model: LimitsModel, method: string, who: string): void {
    const entry = Object.entries(model.methods).find(([m]) => methodKey(m) === methodKey(method));
    const daily = entry?.[1].daily;
    if (daily === undefined) return;
    const key = `${methodKey(method)}|${who}`;
    const now = this.now();
    let used = this.daily.get(key);
    if (!used || now - used.start >= DAY_MS) {
      used = { start: now, used: 0 };
      this.daily.set(key, used);
    }
    if (used.used >= daily) throw new RpcError(420, `FLOOD_WAIT_${Math.ceil((used.start + DAY_MS - now) / 1000)}`);
    used.used++;
  }

  private async download(model: LimitsModel, ctx: CallContext, who: string, limit: number, next: () => Promise<unknown>): Promise<unknown> {
    const budget = ctx.userId !== null && this.isPremium(ctx.userId) ? model.premiumDownloadBudget : model.downloadBudget;
    const key = `${who}@${ctx.dcId}`;
    const now = this.now();
    let f = this.flights.get(key);
    if (!f) {
      f = { bytes: 0, budget, last: now, integral: 0, busyMs: 0, peak: 0 };
      this.flights.set(key, f);
    }
    this.advance(f, now);
    f.budget = budget;
    if (f.bytes + limit > budget) throw new RpcError(420, `FLOOD_PREMIUM_WAIT_${model.downloadWaitSeconds}`);
    f.bytes += limit;
    f.peak = Math.max(f.peak, f.bytes);
    try {
      return await next();
    } finally {
      this.advance(f, this.now());
      f.bytes -= limit;
    }
  }

  private advance(f: Flight, now: number): void {
    const dt = now - f.last;
    if (dt > 0 && f.bytes > 0) {
      f.integral += f.bytes * dt;
      f.busyMs += dt;
    }
    f.last = now;
  }
}
