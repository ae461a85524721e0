/**
 * The real GramJS client against the protocol server: connecting (pre-shared
 * key and full key exchange), transports, reconnects, dispatch and middleware.
 */
import { Socket } from 'node:net';
import bigInt from 'big-integer';
import { Api, type TelegramClient } from 'telegram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, type CallContext, type MtprotoServer } from './api.js';
import { ALICE, makeClient, sessionFor, startTestServer } from './test-support.js';

let server: MtprotoServer;
let preSharedKey: Buffer;
const seen: string[] = [];
const clients: TelegramClient[] = [];
let failNext: string | undefined;

beforeAll(async () => {
  ({ server, preSharedKey } = await startTestServer({
    middleware: [
      async (ctx: CallContext, _request, next) => {
        seen.push(ctx.method);
        if (failNext === ctx.method) {
          failNext = undefined;
          throw new RpcError(420, 'FLOOD_WAIT_300');
        }
        return next();
      },
    ],
    handlers: new Map([['help.GetAppConfig', () => { throw new Error('boom'); }]]),
  }));
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
});

afterAll(async () => {
  await server.close();
});

function track(client: TelegramClient): TelegramClient {
  clients.push(client);
  return client;
}

describe('connecting', () => {
  it('connects with a pre-shared key and is logged in', async () => {
    const client = track(makeClient(server, await sessionFor(2, preSharedKey)));
    await client.connect();
    expect(await client.checkAuthorization()).toBe(true);
    const me = await client.getMe();
    expect(Number(me.id)).toBe(ALICE.userId);
  });

  it('runs a full key exchange for an empty session; the new key is not logged in', async () => {
    const client = track(makeClient(server, await sessionFor(2)));
    await client.connect();
    expect(client.session.getAuthKey()?.getKey()?.length).toBeGreaterThanOrEqual(255);
    expect(await client.checkAuthorization()).toBe(false);
    await expect(client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))).rejects.toMatchObject({
      code: 401,
      errorMessage: 'AUTH_KEY_UNREGISTERED',
    });
    const config = await client.invoke(new Api.help.GetConfig());
    expect(config.thisDc).toBe(2);
    expect(config.dcOptions.map((o) => [o.id, o.ipAddress, o.port])).toEqual([...server.ports].map(([id, port]) => [id, '127.0.0.1', port]));
  });

  for (const transport of ['abridged', 'obfuscated'] as const) {
    it(`speaks ${transport} (pre-shared key and key exchange)`, async () => {
      const logged = track(makeClient(server, await sessionFor(2, preSharedKey), transport));
      await logged.connect();
      expect(Number((await logged.getMe()).id)).toBe(ALICE.userId);
      const fresh = track(makeClient(server, await sessionFor(3), transport));
      await fresh.connect();
      expect((await fresh.invoke(new Api.help.GetNearestDc())).thisDc).toBe(3);
    });
  }

  it('recovers when the server drops every connection', async () => {
    const client = track(makeClient(server, await sessionFor(2, preSharedKey)));
    await client.connect();
    await client.getMe();
    expect(server.dropConnections()).toBeGreaterThan(0);
    const me = await client.getMe();
    expect(Number(me.id)).toBe(ALICE.userId);
  });

  it('survives garbage on a socket and keeps serving others', async () => {
    const port = server.ports.get(2)!;
    for (const garbage of [Buffer.alloc(200, 0x41), Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), Buffer.concat([Buffer.from([0xef, 0x7f, 0xff, 0xff, 0xff]), Buffer.alloc(64)]), Buffer.alloc(100)]) {
      await new Promise<void>((resolve) => {
        const socket = new Socket();
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.connect(port, '127.0.0.1', () => {
          socket.write(garbage);
          setTimeout(() => socket.destroy(), 200);
        });
      });
    }
    const client = track(makeClient(server, await sessionFor(2, preSharedKey)));
    await client.connect();
    expect(Number((await client.getMe()).id)).toBe(ALICE.userId);
  });
});

describe('dispatch', () => {
  it('middleware sees namespaced method names and can answer with an RpcError', async () => {
    const client = track(makeClient(server, await sessionFor(2, preSharedKey)));
    await client.connect();
    seen.length = 0;
    await client.invoke(new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: 0 as never, limit: 1 })).catch(() => {});
    await client.getMe();
    expect(seen).toContain('photos.GetUserPhotos');
    expect(seen).toContain('users.GetUsers');
    failNext = 'help.GetNearestDc';
    await expect(client.invoke(new Api.help.GetNearestDc())).rejects.toMatchObject({ seconds: 300 });
  });

  it('answers unknown methods, crashing handlers and foreign layers with Telegram-style errors', async () => {
    const client = track(makeClient(server, await sessionFor(2, preSharedKey)));
    await client.connect();
    const getUserPhotos = new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: 0 as never, limit: 1 });
    await expect(client.invoke(getUserPhotos)).rejects.toMatchObject({ code: 400, errorMessage: `INPUT_METHOD_INVALID_${getUserPhotos.CONSTRUCTOR_ID}` });
    await expect(client.invoke(new Api.help.GetAppConfig({ hash: 0 }))).rejects.toMatchObject({ code: 500, errorMessage: 'INTERNAL' });
    await expect(client.invoke(new Api.InvokeWithLayer({ layer: 150, query: new Api.help.GetConfig() }))).rejects.toMatchObject({
      code: 400,
      errorMessage: 'LAYER_INVALID',
    });
  });

  it('answers pings at once while results wait behind a throttled link', async () => {
    const client = track(makeClient(server, await sessionFor(2, preSharedKey)));
    await client.connect();
    // One byte a second: the first result goes out, the next ones wait for many minutes.
    server.setConditions(2, { bytesPerSecond: 1 });
    try {
      let settled = 0;
      for (let i = 0; i < 5; i++) {
        client
          .invoke(new Api.help.GetConfig())
          .catch(() => {}) // rejected when the client is destroyed after the test
          .finally(() => settled++);
      }
      const pong = await client.invoke(new Api.Ping({ pingId: bigInt(42) }));
      expect(pong.pingId.toString()).toBe('42');
      expect(settled).toBeLessThanOrEqual(1);
    } finally {
      server.setConditions(2, {});
    }
  });
});
