import type { Api } from 'telegram';
import type { CallOptions, TelegramCaller } from '../telegram/caller.js';

/**
 * A run's own request counts. The gateway counts what it actually sends (not
 * the calls it turns away during a FLOOD_WAIT), per account and cumulatively;
 * a run wants the difference between its start and its end.
 */
export class CountingCaller implements TelegramCaller {
  readonly #inner: TelegramCaller;
  readonly #before: Readonly<Record<string, number>>;
  constructor(inner: TelegramCaller) {
    this.#inner = inner;
    this.#before = { ...inner.requestCounts() };
  }
  get accountId(): number {
    return this.#inner.accountId;
  }
  get homeDcId(): number {
    return this.#inner.homeDcId;
  }
  call<R extends Api.AnyRequest>(request: R, options?: CallOptions): Promise<R['__response']> {
    return this.#inner.call(request, options);
  }
  setPremium(premium: boolean): void {
    this.#inner.setPremium?.(premium);
  }
  requestCounts(): Readonly<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [method, n] of Object.entries(this.#inner.requestCounts())) {
      const delta = n - (this.#before[method] ?? 0);
      if (delta > 0) out[method] = delta;
    }
    return out;
  }
}

export function mergeCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}
