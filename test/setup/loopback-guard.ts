import net from 'node:net';

// Every test runs offline against loopback servers. Any attempt to dial another
// address (a real Telegram data center, say) is refused and remembered, so the
// test that made it fails (see no-remote-network.ts). The CLI children that
// tests start load it too (--import), so they cannot dial out either.
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;

export const remoteAttempts: string[] = [];

type ConnectArgs = Parameters<typeof net.Socket.prototype.connect>;

function hostOf(args: ConnectArgs): string | undefined {
  const [first, second] = args as unknown[];
  if (Array.isArray(first)) return hostOf(first as ConnectArgs); // internal normalized form
  if (typeof first === 'object' && first !== null) {
    const opts = first as { host?: string; path?: string };
    if (opts.path) return undefined; // unix socket or named pipe
    return opts.host ?? 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof second === 'string' ? second : 'localhost';
  }
  return undefined; // a path
}

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host);
}

const original = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: ConnectArgs) {
  const host = hostOf(args);
  if (host !== undefined && !isLoopback(host)) {
    remoteAttempts.push(host);
    process.emitWarning(`blocked a connection to non-loopback address ${host}`);
    const error = new Error(`tests may only connect to loopback; refused ${host}`);
    queueMicrotask(() => this.destroy(error));
    return this;
  }
  return original.apply(this, args);
} as typeof net.Socket.prototype.connect;
