/** Queued errors: the next N calls of a method (optionally on one DC) fail as Telegram would. */
import type { RpcMiddleware } from '../server/api.js';
import { methodKey, toRpcError, type InjectedError } from './errors.js';

export interface QueueErrorOptions {
  /** How many calls fail (default 1). */
  readonly times?: number;
  /** Only calls arriving on this DC. */
  readonly dcId?: number;
}

interface Entry {
  readonly method: string;
  readonly error: InjectedError;
  readonly dcId: number | undefined;
  remaining: number;
}

export class FaultQueue {
  private entries: Entry[] = [];

  /** `method` is a GramJS class name like 'upload.GetFile' (any case), or '*' for every method. */
  queue(method: string, error: InjectedError, options: QueueErrorOptions = {}): void {
    const times = options.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error('times must be a positive integer');
    toRpcError(error); // validate now, not at the victim call
    this.entries.push({ method: methodKey(method), error, dcId: options.dcId, remaining: times });
  }

  clear(): void {
    this.entries = [];
  }

  pending(): { method: string; error: InjectedError; dcId?: number; remaining: number }[] {
    return this.entries.map((e) => ({ method: e.method, error: e.error, ...(e.dcId !== undefined ? { dcId: e.dcId } : {}), remaining: e.remaining }));
  }

  readonly middleware: RpcMiddleware = async (ctx, _request, next) => {
    const key = methodKey(ctx.method);
    // First queued, first served: errors for one method come out in the order queued.
    const entry = this.entries.find((e) => (e.method === key || e.method === '*') && (e.dcId === undefined || e.dcId === ctx.dcId));
    if (entry) {
      entry.remaining--;
      if (entry.remaining === 0) this.entries.splice(this.entries.indexOf(entry), 1);
      throw toRpcError(entry.error);
    }
    return next();
  };
}
