/**
 * Calls held at the sandbox until released: a client stopped mid-way by construction
 * (its next request simply gets no answer yet), where a latency would be a race.
 */
import type { RpcMiddleware } from '../server/api.js';
import { methodKey } from './errors.js';

export class Hold {
  private rule: { method: string; pass: number } | null = null;
  private readonly held: (() => void)[] = [];

  /** From now on, calls of `method` ('*' for every method) after the first `pass` wait until release(). */
  set(method: string, pass = 0): void {
    if (!Number.isInteger(pass) || pass < 0) throw new Error('pass must be a whole number, 0 or more');
    this.rule = { method: methodKey(method), pass };
  }

  /** Stops holding and lets every held call go on; returns how many there were. */
  release(): number {
    this.rule = null;
    const held = this.held.splice(0);
    for (const resume of held) resume();
    return held.length;
  }

  /** Calls waiting now. */
  count(): number {
    return this.held.length;
  }

  readonly middleware: RpcMiddleware = async (ctx, _request, next) => {
    const rule = this.rule;
    if (rule && (rule.method === '*' || rule.method === methodKey(ctx.method))) {
      if (rule.pass > 0) rule.pass--;
      else await new Promise<void>((resolve) => this.held.push(resolve));
    }
    return next();
  };
}
