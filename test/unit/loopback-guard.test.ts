/**
 * The loopback guard (test/setup/loopback-guard.ts) refuses what would leave
 * the machine, at the address actually used: after DNS and custom lookups,
 * for TCP, UDP and DNS queries. Only loopback listeners are ever reached here;
 * the non-loopback addresses are from TEST-NET-3 (203.0.113.0/24), which
 * nothing routes, and they are refused before any packet is sent.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { remoteAttempts } from '../setup/loopback-guard.js';

const REMOTE = '203.0.113.7';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

/** A TCP listener on 127.0.0.1 and a promise of its first connection. */
async function tcpListener(): Promise<{ port: number; accepted: Promise<void> }> {
  let accept!: () => void;
  const accepted = new Promise<void>((resolve) => (accept = resolve));
  const server = net.createServer((socket) => {
    socket.destroy();
    accept();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return { port: (server.address() as net.AddressInfo).port, accepted };
}

const NAME = 'dc2.telegram.test';

/** A lookup that answers NAME with `address` (honouring `all`), as a custom `lookup` option can; other names go to dns.lookup. */
function lookupTo(address: string, seen: string[]): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (...args: unknown[]) => void) => {
    if (hostname !== NAME) return dns.lookup(hostname, options, callback as never);
    seen.push(hostname);
    const family = net.isIP(address);
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

function connectOutcome(options: net.NetConnectOpts): Promise<'connected' | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const socket = net.connect(options);
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error) => resolve(error));
  });
}

/** Takes the recorded attempts (the setup file fails any test that leaves some behind). */
const takeAttempts = (): string[] => remoteAttempts.splice(0);

describe('loopback guard: TCP', () => {
  it.each([false, true])('refuses, before connecting, a name a custom lookup maps to a non-loopback address (autoSelectFamily %s)', async (autoSelectFamily) => {
    const { port } = await tcpListener();
    const seen: string[] = [];
    const outcome = await connectOutcome({ host: NAME, port, lookup: lookupTo(REMOTE, seen), autoSelectFamily });
    expect(seen).toEqual([NAME]);
    expect(outcome).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', address: REMOTE });
    expect(takeAttempts()).toEqual([REMOTE]);
  });

  it('lets a custom lookup that maps a name to 127.0.0.1 connect to the loopback listener', async () => {
    const { port, accepted } = await tcpListener();
    const seen: string[] = [];
    expect(await connectOutcome({ host: NAME, port, lookup: lookupTo('127.0.0.1', seen) })).toBe('connected');
    await accepted;
    expect(seen).toEqual([NAME]);
  });

  it('refuses a non-loopback address written out, and lets localhost through', async () => {
    const { port, accepted } = await tcpListener();
    expect(await connectOutcome({ host: REMOTE, port })).toMatchObject({ code: 'ECONNREFUSED', address: REMOTE });
    expect(takeAttempts()).toEqual([REMOTE]);
    expect(await connectOutcome({ host: 'localhost', port })).toBe('connected');
    await accepted;
  });

  it('refuses to resolve a real name for a connection', async () => {
    expect(await connectOutcome({ host: 'venus.web.telegram.org', port: 443 })).toMatchObject({ code: 'ENOTFOUND' });
    expect(takeAttempts()).toEqual(['venus.web.telegram.org']);
  });
});

describe('loopback guard: UDP', () => {
  async function udpListener(): Promise<{ port: number; received: Promise<string> }> {
    const server = dgram.createSocket('udp4');
    const received = new Promise<string>((resolve) => server.once('message', (message) => resolve(message.toString())));
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    return { port: server.address().port, received };
  }

  function client(options: { lookup?: LookupFunction } = {}): dgram.Socket {
    const socket = dgram.createSocket({ type: 'udp4', ...options } as dgram.SocketOptions);
    closers.push(() => socket.close());
    return socket;
  }

  const sendOutcome = (socket: dgram.Socket, port: number, address: string): Promise<NodeJS.ErrnoException | null> =>
    new Promise((resolve) => socket.send('hello', port, address, (error) => resolve(error)));

  it('refuses a datagram to a non-loopback address, and one a custom lookup maps there', async () => {
    const { port } = await udpListener();
    expect(await sendOutcome(client(), port, REMOTE)).toMatchObject({ code: 'ECONNREFUSED', syscall: 'send' });
    const seen: string[] = [];
    expect(await sendOutcome(client({ lookup: lookupTo(REMOTE, seen) }), port, NAME)).toMatchObject({ code: 'ECONNREFUSED' });
    expect(seen).toEqual([NAME]);
    expect(takeAttempts()).toEqual([REMOTE, REMOTE]);
  });

  it('refuses to connect a UDP socket to a non-loopback address', async () => {
    const socket = client();
    const error = await new Promise<Error | undefined>((resolve) => {
      socket.once('error', resolve);
      (socket.connect as (port: number, address: string, callback: (error?: Error) => void) => void)(53, REMOTE, resolve);
    });
    expect(error).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect' });
    expect(takeAttempts()).toEqual([REMOTE]);
  });

  it('delivers datagrams to a loopback listener, by address and through a custom lookup', async () => {
    const direct = await udpListener();
    expect(await sendOutcome(client(), direct.port, '127.0.0.1')).toBeNull();
    expect(await direct.received).toBe('hello');
    const named = await udpListener();
    expect(await sendOutcome(client({ lookup: lookupTo('127.0.0.1', []) }), named.port, NAME)).toBeNull();
    expect(await named.received).toBe('hello');
  });
});

describe('loopback guard: DNS', () => {
  it('refuses lookups of real names, callback and promise style, and resolves localhost', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => dns.lookup('telegram.org', (e) => resolve(e)));
    expect(error).toMatchObject({ code: 'ENOTFOUND', hostname: 'telegram.org' });
    await expect(dns.promises.lookup('telegram.org')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(new Promise((resolve, reject) => dns.lookupService('203.0.113.7', 443, (e, h) => (e ? reject(e) : resolve(h))))).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
    expect(takeAttempts()).toEqual(['telegram.org', 'telegram.org', REMOTE]);
    const local = await dns.promises.lookup('localhost');
    expect(net.isIP(local.address)).not.toBe(0);
  });

  it('refuses resolver queries for real names or at non-loopback servers, module-level and dns.Resolver alike', async () => {
    const refused = (run: (callback: (error: NodeJS.ErrnoException | null) => void) => void): Promise<NodeJS.ErrnoException | null> =>
      new Promise((resolve) => run((error) => resolve(error)));
    expect(await refused((cb) => dns.resolve4('telegram.org', cb))).toMatchObject({ code: 'ECONNREFUSED' });
    expect(await refused((cb) => dns.reverse(REMOTE, cb))).toMatchObject({ code: 'ECONNREFUSED' });
    const resolver = new dns.Resolver();
    resolver.setServers(['127.0.0.1']);
    expect(await refused((cb) => resolver.resolveTxt('telegram.org', cb))).toMatchObject({ code: 'ECONNREFUSED' });
    await expect(dns.promises.resolveAny('telegram.org')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const remoteServers = new dns.promises.Resolver();
    remoteServers.setServers(['203.0.113.53']);
    await expect(remoteServers.resolve4('localhost')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(takeAttempts()).toEqual(['telegram.org', REMOTE, 'telegram.org', 'telegram.org', 'localhost']);
  });

  it('lets a resolver ask a loopback DNS server about localhost', async () => {
    const server = dgram.createSocket('udp4');
    const query = new Promise<Buffer>((resolve) => server.once('message', resolve));
    await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
    closers.push(() => server.close());
    const resolver = new dns.Resolver({ timeout: 60_000, tries: 1 });
    resolver.setServers([`127.0.0.1:${server.address().port}`]);
    const answered = new Promise((resolve) => resolver.resolve4('localhost', resolve));
    expect((await query).includes(Buffer.from('localhost'))).toBe(true);
    resolver.cancel();
    await answered;
  });
});
