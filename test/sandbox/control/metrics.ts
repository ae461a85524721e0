/** Request, error and byte counters, kept by a middleware around every RPC. */
import { Api } from 'telegram';
import { RpcError, type RpcMiddleware } from '../server/api.js';

export interface MetricsSnapshot {
  readonly requests: number;
  readonly requestsByMethod: Record<string, number>;
  readonly requestsByDc: Record<string, number>;
  /** Keyed `method@dc`, e.g. `upload.GetFile@4`. */
  readonly requestsByMethodAndDc: Record<string, number>;
  /** upload.getFile payload bytes sent. */
  readonly bytesServed: number;
  readonly bytesServedByDc: Record<string, number>;
  /** RPC errors answered, by message (e.g. FLOOD_WAIT_3), whether injected or real. */
  readonly errorsSent: Record<string, number>;
  /** When counting started (ms since epoch). */
  readonly since: number;
  /**
   * CPU time of the sandbox's process since counting started (ms, user + system). Run in its
   * own process (the bench), a value near the wall time means the server, not the client,
   * set the pace.
   */
  readonly cpuMs: number;
}

const bump = (table: Record<string, number>, key: string, by = 1): void => {
  table[key] = (table[key] ?? 0) + by;
};

export class Metrics {
  private state = Metrics.empty();
  private cpuSince = process.cpuUsage();

  private static empty(): Omit<MetricsSnapshot, 'cpuMs'> & { requests: number; bytesServed: number } {
    return { requests: 0, requestsByMethod: {}, requestsByDc: {}, requestsByMethodAndDc: {}, bytesServed: 0, bytesServedByDc: {}, errorsSent: {}, since: Date.now() };
  }

  readonly middleware: RpcMiddleware = async (ctx, _request, next) => {
    const s = this.state;
    s.requests++;
    bump(s.requestsByMethod, ctx.method);
    bump(s.requestsByDc, String(ctx.dcId));
    bump(s.requestsByMethodAndDc, `${ctx.method}@${ctx.dcId}`);
    try {
      const result = await next();
      if (result instanceof Api.upload.File) {
        s.bytesServed += result.bytes.length;
        bump(s.bytesServedByDc, String(ctx.dcId), result.bytes.length);
      }
      return result;
    } catch (error) {
      bump(s.errorsSent, error instanceof RpcError ? error.errorMessage : 'INTERNAL');
      throw error;
    }
  };

  snapshot(): MetricsSnapshot {
    const cpu = process.cpuUsage(this.cpuSince);
    return { ...structuredClone(this.state), cpuMs: Math.round((cpu.user + cpu.system) / 1000) };
  }

  reset(): void {
    this.state = Metrics.empty();
    this.cpuSince = process.cpuUsage();
  }
}
