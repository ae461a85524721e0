/**
 * Telegram's limits, on by default (see README "Limits model" for the sources):
 *  - downloads: per account and DC, the bytes of `upload.getFile` limits in flight may not
 *    exceed 2 MiB (16 MiB for a premium account); a request that would go over is answered
 *    `420 FLOOD_PREMIUM_WAIT_X`;
 *  - per-method token buckets per account, answered `420 FLOOD_WAIT_X`, and a daily budget
 *    for `contacts.resolveUsername`.
 * A getFile's limit counts as in flight from its arrival until its answer leaves, after the
 * DC's latency (CallContext.answered).
 * It also measures how full each account keeps its download budget per DC, against what it
 * could have in flight: the work it knows of is the limits in flight plus, for each file it
 * has been shown (from when an answer showing the photo leaves: photos.getUserPhotos,
 * users.getFullUser) and has not asked for yet, the smallest limit that fetches the file's
 * first part whole (a power of two from 4 KiB to 1 MiB; the file being the photo's largest
 * still, and the MP4 of a video avatar). Use is the time-averaged bytes in flight over the
 * time-averaged min(budget, work), over the time there is work: 1 when everything known is
 * in flight or the budget is full; the client's reaction to a listing, and any file it holds
 * back while the budget has room, lower it. Time with no work (the client is still listing)
 * says nothing of how it fills the budget, so it does not count.
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
  /** ms with download work known to the account: limits in flight, or files shown and not asked for. */
  readonly workMs: number;
  /** Time-averaged bytes of limits in flight over workMs. */
  readonly averageBytesInFlight: number;
  /** Time-averaged min(budget, work) over workMs: what could have been in flight. */
  readonly averageFillable: number;
  /** averageBytesInFlight / averageFillable. */
  readonly use: number;
  /** ms with at least one getFile in flight, for comparison. */
  readonly busyMs: number;
  readonly peakBytesInFlight: number;
}

interface Flight {
  bytes: number;
  budget: number;
  /** First-part limits of the files shown on this DC and not yet asked for. */
  unasked: number;
  last: number;
  inFlightIntegral: number;
  fillableIntegral: number;
  workMs: number;
  busyMs: number;
  peak: number;
}

/** The files of a photo a client downloads: its still and, for a video avatar, the MP4. */
type FileKey = `${string}:${'still' | 'video'}`;
const fileKey = (photoId: string, video: boolean): FileKey => `${photoId}:${video ? 'video' : 'still'}`;

/** The photos an answer shows (the listings an archiver downloads from). */
function photosShown(answer: unknown): Api.Photo[] {
  const photos =
    answer instanceof Api.photos.Photos || answer instanceof Api.photos.PhotosSlice
      ? answer.photos
      : answer instanceof Api.users.UserFull
        ? [answer.fullUser.profilePhoto, answer.fullUser.personalPhoto, answer.fullUser.fallbackPhoto]
        : [];
  return photos.filter((p): p is Api.Photo => p instanceof Api.Photo);
}

/** The smallest limit that fetches a file's first part whole: Telegram's limits are powers of two, 4 KiB to 1 MiB here. */
const firstPartLimit = (bytes: number): number => Math.min(MIB, Math.max(4096, 2 ** Math.ceil(Math.log2(Math.max(1, bytes)))));
const byPixels = <T extends { w: number; h: number }>(sizes: readonly T[]): T | undefined => sizes.reduce<T | undefined>((best, s) => (!best || s.w * s.h > best.w * best.h ? s : best), undefined);

/** The files of a photo an archiver downloads, with their first-part limits: the largest still and the largest MP4. */
function filesOf(photo: Api.Photo): { key: FileKey; limit: number }[] {
  const id = photo.id.toString();
  const stills = photo.sizes.flatMap((s) =>
    s instanceof Api.PhotoSize ? [{ w: s.w, h: s.h, bytes: s.size }] : s instanceof Api.PhotoSizeProgressive ? [{ w: s.w, h: s.h, bytes: Math.max(0, ...s.sizes) }] : [],
  );
  const videos = (photo.videoSizes ?? []).flatMap((v) => (v instanceof Api.VideoSize ? [{ w: v.w, h: v.h, bytes: v.size }] : []));
  const still = byPixels(stills);
  const video = byPixels(videos);
  return [
    ...(still ? [{ key: fileKey(id, false), limit: firstPartLimit(still.bytes) }] : []),
    ...(video ? [{ key: fileKey(id, true), limit: firstPartLimit(video.bytes) }] : []),
  ];
}

/** Which file of which photo a getFile asks for, if it is a photo's. */
function fileAsked(location: Api.TypeInputFileLocation): FileKey | null {
  if (location instanceof Api.InputPhotoFileLocation) return fileKey(location.id.toString(), location.thumbSize === 'u' || location.thumbSize === 'v');
  if (location instanceof Api.InputPeerPhotoFileLocation) return fileKey(location.photoId.toString(), false);
  return null;
}

const DAY_MS = 24 * 3600 * 1000;

export class TelegramLimits {
  private model: LimitsModel | null;
  private readonly buckets: RateLimiter;
  private readonly flights = new Map<string, Flight>();
  private readonly daily = new Map<string, { start: number; used: number }>();
  /** Per account: files shown and not yet asked for, with the DC they wait on and their first-part limit. */
  private readonly waiting = new Map<string, Map<FileKey, { dcId: number; limit: number }>>();
  /** Per account: files asked for at least once (showing them again does not make them wait). */
  private readonly asked = new Map<string, Set<FileKey>>();

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
      const average = (integral: number): number => (f.workMs > 0 ? integral / f.workMs : 0);
      return {
        dcId: Number(dc),
        account,
        budget: f.budget,
        workMs: Math.round(f.workMs),
        averageBytesInFlight: Math.round(average(f.inFlightIntegral)),
        averageFillable: Math.round(average(f.fillableIntegral)),
        use: f.fillableIntegral > 0 ? f.inFlightIntegral / f.fillableIntegral : 0,
        busyMs: Math.round(f.busyMs),
        peakBytesInFlight: f.peak,
      };
    });
  }

  /** Starts the measure again: files shown before now no longer wait. */
  resetUse(): void {
    this.waiting.clear();
    this.asked.clear();
    for (const [key, f] of this.flights) if (f.bytes === 0) this.flights.delete(key);
    const now = this.now();
    for (const f of this.flights.values()) Object.assign(f, { unasked: 0, last: now, inFlightIntegral: 0, fillableIntegral: 0, workMs: 0, busyMs: 0, peak: f.bytes });
  }

  readonly middleware: RpcMiddleware = async (ctx, request, next) => {
    const model = this.model;
    if (!model) return next();
    const who = ctx.userId !== null ? `user:${ctx.userId}` : `key:${ctx.authKeyId}`;
    if (request instanceof Api.upload.GetFile) return this.download(model, ctx, who, request, next);
    this.takeDaily(model, ctx.method, who);
    const wait = this.buckets.take(ctx.method, who);
    if (wait > 0) throw new RpcError(420, `FLOOD_WAIT_${wait}`);
    const answer = await next();
    // its photos wait from when the client can know of them: once the answer is on the wire
    void ctx.answered.then(() => this.shown(model, ctx, who, photosShown(answer)));
    return answer;
  };

  private flight(model: LimitsModel, ctx: CallContext, who: string, dcId: number): Flight {
    const budget = ctx.userId !== null && this.isPremium(ctx.userId) ? model.premiumDownloadBudget : model.downloadBudget;
    const key = `${who}@${dcId}`;
    let f = this.flights.get(key);
    if (!f) {
      f = { bytes: 0, budget, unasked: 0, last: this.now(), inFlightIntegral: 0, fillableIntegral: 0, workMs: 0, busyMs: 0, peak: 0 };
      this.flights.set(key, f);
    }
    this.advance(f, this.now());
    f.budget = budget;
    return f;
  }

  private shown(model: LimitsModel, ctx: CallContext, who: string, photos: readonly Api.Photo[]): void {
    if (photos.length === 0) return;
    const asked = this.asked.get(who);
    let waiting = this.waiting.get(who);
    if (!waiting) this.waiting.set(who, (waiting = new Map()));
    for (const photo of photos) {
      for (const { key, limit } of filesOf(photo)) {
        if (waiting.has(key) || asked?.has(key)) continue;
        waiting.set(key, { dcId: photo.dcId, limit });
        this.flight(model, ctx, who, photo.dcId).unasked += limit;
      }
    }
  }

  /** The first getFile of a file accepted on its DC ends its wait. */
  private askedFor(model: LimitsModel, ctx: CallContext, who: string, key: FileKey): void {
    const waiting = this.waiting.get(who);
    const file = waiting?.get(key);
    if (file && file.dcId !== ctx.dcId) return; // asked on another DC: told to migrate, still waiting
    let asked = this.asked.get(who);
    if (!asked) this.asked.set(who, (asked = new Set()));
    asked.add(key);
    if (!file) return;
    waiting!.delete(key);
    this.flight(model, ctx, who, file.dcId).unasked -= file.limit;
  }

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

  private async download(model: LimitsModel, ctx: CallContext, who: string, request: Api.upload.GetFile, next: () => Promise<unknown>): Promise<unknown> {
    const limit = request.limit ?? 0;
    const f = this.flight(model, ctx, who, ctx.dcId);
    if (f.bytes + limit > f.budget) throw new RpcError(420, `FLOOD_PREMIUM_WAIT_${model.downloadWaitSeconds}`);
    f.bytes += limit;
    f.peak = Math.max(f.peak, f.bytes);
    const key = request.location ? fileAsked(request.location) : null;
    if (key) this.askedFor(model, ctx, who, key);
    try {
      return await next();
    } finally {
      // held until the answer leaves: the DC's latency is most of a request's time in flight
      void ctx.answered.then(() => {
        this.advance(f, this.now());
        f.bytes -= limit;
      });
    }
  }

  private advance(f: Flight, now: number): void {
    const dt = now - f.last;
    if (dt > 0 && f.bytes > 0) f.busyMs += dt;
    const work = f.bytes + f.unasked;
    if (dt > 0 && work > 0) {
      f.inFlightIntegral += f.bytes * dt;
      f.fillableIntegral += Math.min(f.budget, work) * dt;
      f.workMs += dt;
    }
    f.last = now;
  }
}
