/** Per-DC added latency, applied before each RPC is served (pongs are never delayed). */
import type { RpcMiddleware } from '../server/api.js';

export class Latency {
  private readonly byDc = new Map<number, number>();

  set(dcId: number, latencyMs: number): void {
    if (!(latencyMs >= 0)) throw new Error('latencyMs must be >= 0');
    if (latencyMs === 0) this.byDc.delete(dcId);
    else this.byDc.set(dcId, latencyMs);
  }

  get(dcId: number): number {
    return this.byDc.get(dcId) ?? 0;
  }

  clear(): void {
    this.byDc.clear();
  }

  readonly middleware: RpcMiddleware = async (ctx, _request, next) => {
    const ms = this.byDc.get(ctx.dcId);
    if (ms) await new Promise((resolve) => setTimeout(resolve, ms));
    return next();
  };
}
