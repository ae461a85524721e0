/**
 * The sandbox's control API in process: change the world over time, inject Telegram's
 * errors, rate limits and network conditions, read metrics. The HTTP endpoint
 * (control/http.ts) exposes the same operations.
 */
import type { DcConditions, MtprotoServer, RpcMiddleware } from '../server/api.js';
import type { NewPhotoSpec, PhotoState, UserState, World } from '../world/world.js';
import type { InjectedError } from './errors.js';
import { FaultQueue, type QueueErrorOptions } from './faults.js';
import { Hold } from './hold.js';
import { Latency } from './latency.js';
import { Metrics, type MetricsSnapshot } from './metrics.js';
import { TELEGRAM_LIMITS, TelegramLimits, type BudgetUse, type LimitsModel } from './limits.js';
import { RateLimiter, type RateLimit } from './rate-limit.js';

/** A photo as the control API reports it (JSON-safe). */
export interface PhotoSummary {
  readonly userId: number;
  readonly id: string;
  readonly date: number;
  readonly dc: number;
  readonly kind: PhotoState['kind'];
  readonly width: number;
  readonly removed: boolean;
}

/** A user as the control API reports it (JSON-safe). */
export interface UserSummary {
  readonly id: number;
  readonly accessHash: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly username: string | null;
  readonly bio: string;
  readonly deleted: boolean;
  readonly photosHiddenFrom: number[];
  readonly currentPhotoId: string | null;
}

export interface SandboxConditions {
  /** Added before each RPC is served on this DC (pings are answered at once). */
  readonly latencyMs?: number;
  /** Outgoing bandwidth per connection to this DC; omit for unlimited. */
  readonly bytesPerSecond?: number;
}

export class SandboxControlError extends Error {}

export class SandboxControl {
  private server: MtprotoServer | null = null;
  private readonly metricsCounter = new Metrics();
  private readonly faults = new FaultQueue();
  private readonly rateLimiter = new RateLimiter();
  private readonly latency = new Latency();
  private readonly hold = new Hold();
  private readonly limits: TelegramLimits;
  private readonly startLimits: LimitsModel | null;

  /** `limits`: Telegram's limits model (default), a tighter or looser one, or null for an unlimited server. */
  constructor(
    readonly world: World,
    limits: LimitsModel | null = TELEGRAM_LIMITS,
  ) {
    this.startLimits = limits;
    this.limits = new TelegramLimits(limits, (userId) => world.account(userId)?.premium === true);
  }

  /**
   * The middleware chain, outermost first: metrics count everything (injected errors too,
   * held calls as they arrive), then held calls wait, then Telegram's limits (a download is
   * in flight from its arrival, latency included), then latency, queued errors, rate limits set by tests.
   */
  middleware(): RpcMiddleware[] {
    return [this.metricsCounter.middleware, this.hold.middleware, this.limits.middleware, this.latency.middleware, this.faults.middleware, this.rateLimiter.middleware];
  }

  /** Connects the operations that act on the protocol server (connections, sessions, QR logins). */
  attachServer(server: MtprotoServer): void {
    this.server = server;
  }

  detachServer(): void {
    this.server = null;
  }

  private requireServer(op: string): MtprotoServer {
    if (!this.server) throw new SandboxControlError(`${op} needs a running protocol server`);
    return this.server;
  }

  // ---- the world ---------------------------------------------------------------

  /** Sets a new current photo for a user (image by default; date now; newest id). */
  async addPhoto(userId: number, spec?: NewPhotoSpec): Promise<PhotoSummary> {
    return summarizePhoto(await this.world.addPhoto(userId, spec));
  }

  /** Removes a photo from the profile (listings and the user's current photo). */
  removePhoto(userId: number, photoId: string): PhotoSummary {
    return summarizePhoto(this.world.removePhoto(userId, photoId));
  }

  renameUser(userId: number, names: { firstName?: string; lastName?: string; username?: string | null }): UserSummary {
    return this.summarizeUser(this.world.renameUser(userId, names));
  }

  setBio(userId: number, bio: string): UserSummary {
    return this.summarizeUser(this.world.setBio(userId, bio));
  }

  /** From now on `fromAccount` sees an empty photo history for `userId`. */
  hideHistory(userId: number, fromAccount: number): UserSummary {
    return this.summarizeUser(this.world.hideHistory(userId, fromAccount));
  }

  /** Undoes hideHistory. */
  showHistory(userId: number, toAccount: number): UserSummary {
    return this.summarizeUser(this.world.showHistory(userId, toAccount));
  }

  deleteAccount(userId: number): UserSummary {
    return this.summarizeUser(this.world.deleteAccount(userId));
  }

  /** New file references for one user's photos or all; old ones answer FILE_REFERENCE_EXPIRED. */
  rotateFileReferences(userId?: number): { rotated: number } {
    return { rotated: this.world.rotateFileReferences(userId) };
  }

  user(userId: number): UserSummary {
    return this.summarizeUser(this.world.requireUser(userId));
  }

  /** A user's profile photos, newest first, removed ones included. */
  photos(userId: number): PhotoSummary[] {
    return this.world.requireUser(userId).photos.map(summarizePhoto);
  }

  // ---- logins and sessions -----------------------------------------------------

  /** QR login tokens waiting for approval (base64url), newest first. */
  pendingLoginTokens(): readonly string[] {
    return this.requireServer('pendingLoginTokens').pendingLoginTokens();
  }

  /** Approves a QR login token (the newest pending one if omitted) as the account `userId`. */
  approveLoginToken(token: string | undefined, userId: number): { token: string } {
    const server = this.requireServer('approveLoginToken');
    if (!this.world.account(userId)) throw new SandboxControlError(`${userId} is not an account`);
    const chosen = token ?? server.pendingLoginTokens()[0];
    if (!chosen) throw new SandboxControlError('no QR login token is pending');
    server.approveLoginToken(chosen, userId);
    return { token: chosen };
  }

  /** Logs the account out everywhere: later calls answer 401 AUTH_KEY_UNREGISTERED. */
  revokeSessions(userId: number): { revoked: number } {
    return { revoked: this.requireServer('revokeSessions').revokeSessions(userId) };
  }

  /**
   * Telegram no longer accepts the auth keys a client made for `dcId` (a media DC, not the
   * account's home DC): calls with them answer 401 AUTH_KEY_UNREGISTERED; the home key stays valid.
   */
  revokeDcKeys(userId: number, dcId: number): { revoked: number } {
    return { revoked: this.mediaDcServer('revokeDcKeys', userId, dcId).revokeDcKeys(userId, dcId) };
  }

  /** Like revokeDcKeys, but the server forgets those keys altogether: their messages get transport error -404. */
  forgetDcKeys(userId: number, dcId: number): { forgotten: number } {
    return { forgotten: this.mediaDcServer('forgetDcKeys', userId, dcId).forgetDcKeys(userId, dcId) };
  }

  /** The server, once `dcId` is checked to be one of the account's media DCs (its home key is revokeSessions' business). */
  private mediaDcServer(operation: string, userId: number, dcId: number): MtprotoServer {
    const server = this.requireServer(operation);
    const account = this.world.account(userId);
    if (!account) throw new SandboxControlError(`${userId} is not an account`);
    if (dcId === account.dc) throw new SandboxControlError(`DC ${dcId} is the home DC of ${userId}: use revokeSessions`);
    return server;
  }

  /** Makes pending login codes (all, or one phone's) expire now: auth.signIn then answers PHONE_CODE_EXPIRED. */
  expireLoginCodes(phone?: string): { expired: number } {
    return { expired: this.requireServer('expireLoginCodes').expireLoginCodes(phone) };
  }

  /** Live connections and known auth keys of the protocol server. */
  serverStats(): { connections: number; authKeys: number } {
    const stats = this.requireServer('serverStats').stats();
    return { connections: stats.connections, authKeys: stats.authKeys };
  }

  /** Closes client connections (one DC or all), as a network drop would. */
  dropConnections(dcId?: number): { dropped: number } {
    return { dropped: this.requireServer('dropConnections').dropConnections(dcId) };
  }

  // ---- faults and conditions ---------------------------------------------------

  /**
   * The next `times` calls of `method` (GramJS class name such as 'upload.GetFile', any
   * case, or '*') fail with `error`, sent with Telegram's code for it (FLOOD_WAIT_X 420,
   * FILE_MIGRATE_X 303, AUTH_KEY_UNREGISTERED 401, TIMEOUT -503, others 400), or an
   * explicit `{ code, message }`.
   */
  queueError(method: string, error: InjectedError, options?: QueueErrorOptions): void {
    this.faults.queue(method, error, options);
  }

  clearErrors(): void {
    this.faults.clear();
  }

  queuedErrors(): ReturnType<FaultQueue['pending']> {
    return this.faults.pending();
  }

  /** Token bucket per account for `method` (or '*'); exhausted buckets answer FLOOD_WAIT_X. null removes it. */
  setRateLimit(method: string, limit: RateLimit | null): void {
    this.rateLimiter.set(method, limit);
  }

  clearRateLimits(): void {
    this.rateLimiter.clear();
  }

  /** Replaces Telegram's limits model (null: unlimited); a partial model changes only the fields given. */
  setLimits(model: Partial<LimitsModel> | null): void {
    this.limits.set(model === null ? null : { ...(this.limits.current ?? TELEGRAM_LIMITS), ...model });
  }

  limitsModel(): LimitsModel | null {
    return this.limits.current;
  }

  /** How full each account kept its download budget per DC since the last resetMetrics. */
  downloadBudgetUse(): BudgetUse[] {
    return this.limits.budgetUse();
  }

  /** Latency and bandwidth of one DC. Bandwidth needs the protocol server; latency works anywhere. */
  setConditions(dcId: number, conditions: SandboxConditions): void {
    if (!this.world.dcs.includes(dcId)) throw new SandboxControlError(`DC ${dcId} is not in this world`);
    this.latency.set(dcId, conditions.latencyMs ?? 0);
    const forServer: DcConditions = conditions.bytesPerSecond !== undefined ? { bytesPerSecond: conditions.bytesPerSecond } : {};
    this.server?.setConditions(dcId, forServer);
  }

  /**
   * From now on calls of `method` (as for queueError, or '*') after the first `pass` get no
   * answer until releaseRequests(): a client stalls mid-way, however fast or slow it runs.
   */
  holdRequests(method: string, options: { pass?: number } = {}): void {
    this.hold.set(method, options.pass ?? 0);
  }

  /** Stops holding and answers every held call; returns how many were held. */
  releaseRequests(): { released: number } {
    return { released: this.hold.release() };
  }

  /** How many calls are held now. */
  heldRequests(): { held: number } {
    return { held: this.hold.count() };
  }

  /** Clears queued errors, rate limits and conditions, releases held calls, and restores the start's limits model with full buckets (not metrics, not world changes). */
  resetFaults(): void {
    this.hold.release();
    this.limits.set(this.startLimits);
    this.faults.clear();
    this.rateLimiter.clear();
    this.latency.clear();
    for (const dc of this.world.dcs) this.server?.setConditions(dc, {});
  }

  // ---- metrics ------------------------------------------------------------------

  metrics(): MetricsSnapshot {
    return this.metricsCounter.snapshot();
  }

  resetMetrics(): void {
    this.metricsCounter.reset();
    this.limits.resetUse();
  }

  private summarizeUser(user: UserState): UserSummary {
    return {
      id: user.id,
      accessHash: user.accessHash.toString(),
      firstName: user.firstName,
      lastName: user.lastName,
      username: user.username,
      bio: user.bio,
      deleted: user.deleted,
      photosHiddenFrom: [...user.photosHiddenFrom],
      currentPhotoId: this.world.currentPhoto(user.id)?.id ?? null,
    };
  }
}

function summarizePhoto(photo: PhotoState): PhotoSummary {
  return { userId: photo.ownerId, id: photo.id, date: photo.date, dc: photo.dc, kind: photo.kind, width: photo.width, removed: photo.removed };
}
