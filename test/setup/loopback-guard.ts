import dgram from 'node:dgram';
import dns from 'node:dns';
import net from 'node:net';
import util from 'node:util';

/**
 * Every test runs offline against loopback servers. Any attempt to reach
 * another address (a real Telegram data center, say) is refused before a
 * packet leaves and is remembered, so the test that made it fails (see
 * no-remote-network.ts). Vitest loads it in every test file, the CLI children
 * that tests start load it with --import, and playwright.config.ts loads it in
 * the Playwright runner and its workers (which run the browser harness).
 *
 * The checks sit where the address is final:
 * - TCP: the socket handle's connect()/connect6(), which receive the address
 *   after DNS and after any custom `lookup` an option supplied;
 * - UDP: the dgram handle's send()/send6()/connect()/connect6(), likewise;
 * - DNS, which leaves through the system resolver or c-ares rather than these
 *   sockets: dns.lookup (and dns.promises) of names other than localhost, reverse
 *   lookups of other addresses, and any dns.Resolver / dns.promises.Resolver
 *   query that is not for localhost at loopback servers.
 */
// One guard per process, however many times test isolation evaluates this module.
const GUARD = Symbol.for('tg-photo-archiver.loopback-guard');
const shared = globalThis as { [GUARD]?: string[] };
const alreadyInstalled = shared[GUARD] !== undefined;

/** What was refused (addresses, or names for DNS), oldest first. */
export const remoteAttempts: string[] = (shared[GUARD] ??= []);

const LOOPBACK = new net.BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4'); // also matches IPv4-mapped ::ffff:127.x.y.z
LOOPBACK.addAddress('::1', 'ipv6');

/** Whether an IP address is a loopback address. */
export function isLoopback(address: string): boolean {
  const family = net.isIP(address);
  return family !== 0 && LOOPBACK.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/** Names a test may resolve: localhost, or a loopback address written out. */
const isLoopbackName = (name: string): boolean => /^localhost\.?$/i.test(name) || isLoopback(name);

function refuse(target: string, what: string): void {
  remoteAttempts.push(target);
  process.emitWarning(`loopback guard: refused ${what} ${target}`);
}

// libuv's code for ECONNREFUSED (negative errno on POSIX, its own numbering on Windows)
const UV_ECONNREFUSED = [...util.getSystemErrorMap()].find(([, [name]]) => name === 'ECONNREFUSED')![0];

type HandleMethod = (this: unknown, ...args: unknown[]) => unknown;

/** Wraps proto[name] so it returns ECONNREFUSED, instead of acting, when `address(args)` is not loopback (null: nothing to check). */
function guardMethod(proto: Record<string, unknown>, name: string, what: string, address: (args: unknown[]) => unknown): void {
  const original = proto[name];
  if (typeof original !== 'function') throw new Error(`loopback guard: ${what} handles have no ${name}(); update test/setup/loopback-guard.ts for this Node`);
  proto[name] = function guarded(this: unknown, ...args: unknown[]): unknown {
    const target = address(args);
    if (target !== null && !isLoopback(String(target))) {
      refuse(String(target), `${what} to`);
      return UV_ECONNREFUSED;
    }
    return (original as HandleMethod).apply(this, args);
  };
}

/** Patches the prototype of TCP handles (reached through a socket made, and never connected, for the purpose). */
function guardTcp(): void {
  const probe = new net.Socket();
  probe.connect({ port: 9, host: '127.0.0.1' }); // the handle exists now; connecting waits a tick
  const tcp = Object.getPrototypeOf((probe as unknown as { _handle: object })._handle) as Record<string, unknown>;
  probe.destroy(); // before that tick: nothing is dialed
  // connect(req, address, port) / connect6(req, address, port)
  for (const name of ['connect', 'connect6']) guardMethod(tcp, name, 'a TCP connection', (args) => args[1]);
}

/** The same for UDP handles (a dgram socket keeps its handle under an internal state symbol). */
function guardUdp(): void {
  const probe = dgram.createSocket('udp4');
  const stateKey = Object.getOwnPropertySymbols(probe).find((s) => s.description === 'state symbol');
  const state = stateKey && (probe as unknown as Record<symbol, { handle?: object } | undefined>)[stateKey];
  if (!state?.handle) throw new Error("loopback guard: cannot reach dgram's socket handle; update test/setup/loopback-guard.ts for this Node");
  const udp = Object.getPrototypeOf(state.handle) as Record<string, unknown>;
  probe.close();
  // send(req, list, count, port, ip, hasCallback); a connected socket's send(req, list, count, hasCallback) was checked at connect
  for (const name of ['send', 'send6']) guardMethod(udp, name, 'a UDP datagram', (args) => (args.length >= 6 ? args[4] : null));
  // connect(ip, port)
  for (const name of ['connect', 'connect6']) guardMethod(udp, name, 'a UDP connection', (args) => args[0]);
}

// ---- DNS ----
function dnsError(name: string, code: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${syscall} ${code} ${name} (the loopback guard lets tests resolve only localhost, at loopback servers)`), {
    code,
    syscall,
    hostname: name,
  });
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Wraps a callback- or promise-style DNS function: when `allowed` says no, it
 * fails the way a failed query does (callback or rejected promise) and sends
 * nothing.
 */
function guardDns(owner: Record<string, unknown>, name: string, style: 'callback' | 'promise', allowed: (self: unknown, target: string) => boolean): void {
  const original = owner[name] as AnyFunction | undefined;
  if (typeof original !== 'function') return;
  owner[name] = function guardedDns(this: unknown, ...args: unknown[]): unknown {
    const target = args[0];
    if (typeof target !== 'string' || allowed(this, target)) return original.apply(this, args);
    refuse(target, `dns ${name} of`);
    const error = dnsError(target, name.startsWith('lookup') ? 'ENOTFOUND' : 'ECONNREFUSED', name);
    if (style === 'promise') return Promise.reject(error);
    const callback = args.findLast((a) => typeof a === 'function') as ((e: Error) => void) | undefined;
    if (callback) process.nextTick(callback, error);
    return undefined;
  };
}

/** The host part of a resolver server entry: '1.2.3.4', '1.2.3.4:53', '::1', '[::1]:53'. */
function serverHost(server: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(server);
  if (bracketed) return bracketed[1]!;
  return server.split(':').length === 2 ? server.split(':')[0]! : server;
}

const queriesLoopback = (servers: string[], target: string): boolean => isLoopbackName(target) && servers.every((s) => isLoopback(serverHost(s)));
const lookupAllowed = (_self: unknown, target: string): boolean => isLoopbackName(target) || net.isIP(target) !== 0; // a written-out address needs no query
const reverseAllowed = (_self: unknown, target: string): boolean => isLoopback(target);

function guardDnsApis(): void {
  for (const [api, style] of [
    [dns, 'callback'],
    [dns.promises, 'promise'],
  ] as const) {
    const owner = api as unknown as Record<string, unknown>;
    guardDns(owner, 'lookup', style, lookupAllowed);
    guardDns(owner, 'lookupService', style, reverseAllowed);
    const resolverProto = api.Resolver.prototype as unknown as Record<string, unknown>;
    const queries = Object.getOwnPropertyNames(resolverProto).filter((n) => n.startsWith('resolve') || n === 'reverse');
    for (const name of queries) {
      // instances ask their own servers; the module-level functions use the default resolver's
      guardDns(resolverProto, name, style, (self, target) => queriesLoopback((self as dns.Resolver).getServers(), target));
      guardDns(owner, name, style, (_self, target) => queriesLoopback(api.getServers(), target));
    }
  }
}

if (!alreadyInstalled) {
  guardTcp();
  guardUdp();
  guardDnsApis();
}
