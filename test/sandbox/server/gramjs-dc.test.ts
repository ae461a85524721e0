/**
 * Data centers: downloads through GramJS's exported senders (home DC with the
 * same key; foreign DC with key exchange + auth.export/importAuthorization),
 * pre-shared keys on every DC, and per-DC authorization.
 */
import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api, type TelegramClient } from 'telegram';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RpcError, type CallContext, type MtprotoServer, type RpcHandler } from './api.js';
import { ALICE, makeClient, sessionFor, startTestServer } from './test-support.js';

const FILE = randomBytes(300 * 1024 + 123);
const calls: { dcId: number; userId: number | null; offset: number; method: string }[] = [];
const seen: string[] = [];

const getFile: RpcHandler = (request, ctx: CallContext) => {
  const { offset, limit, location } = request as Api.upload.GetFile;
  if (!(location instanceof Api.InputPhotoFileLocation) || location.thumbSize !== 'c') throw new RpcError(400, 'LOCATION_INVALID');
  calls.push({ dcId: ctx.dcId, userId: ctx.userId, offset: Number(offset), method: ctx.method });
  const start = Number(offset);
  return new Api.upload.File({ type: new Api.storage.FileJpeg(), mtime: 0, bytes: FILE.subarray(start, start + limit) });
};

let server: MtprotoServer;
let preSharedKey: Buffer;
const clients: TelegramClient[] = [];

beforeAll(async () => {
  ({ server, preSharedKey } = await startTestServer({
    handlers: new Map([['upload.GetFile', getFile]]),
    middleware: [
      (ctx, _request, next) => {
        seen.push(`${ctx.dcId}:${ctx.method}`);
        return next();
      },
    ],
  }));
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
  calls.length = 0;
  seen.length = 0;
});

afterAll(async () => {
  await server.close();
});

const location = new Api.InputPhotoFileLocation({ id: bigInt(1), accessHash: bigInt(2), fileReference: Buffer.from([1]), thumbSize: 'c' });

async function aliceClient(): Promise<TelegramClient> {
  const client = makeClient(server, await sessionFor(2, preSharedKey));
  clients.push(client);
  await client.connect();
  return client;
}

describe('downloads across DCs', () => {
  it('downloads from the home DC over a second connection with the same key', async () => {
    const client = await aliceClient();
    const data = await client.downloadFile(location, { dcId: 2, partSizeKb: 128 });
    expect(Buffer.compare(data as Buffer, FILE)).toBe(0);
    expect(calls.every((c) => c.dcId === 2 && c.userId === ALICE.userId && c.method === 'upload.GetFile')).toBe(true);
    expect(calls.map((c) => c.offset)).toEqual([0, 131072, 262144]);
  });

  it('downloads from a foreign DC via key exchange and export/importAuthorization', async () => {
    const client = await aliceClient();
    const data = await client.downloadFile(location, { dcId: 3, partSizeKb: 512 });
    expect(Buffer.compare(data as Buffer, FILE)).toBe(0);
    expect(seen).toContain('2:auth.ExportAuthorization');
    expect(seen).toContain('3:auth.ImportAuthorization');
    expect(calls.length).toBe(1);
    expect(calls.every((c) => c.dcId === 3 && c.userId === ALICE.userId)).toBe(true);
  });

  it('a pre-shared key is authorized on every DC; a key from a key exchange only where it logged in', async () => {
    const onDc3 = makeClient(server, await sessionFor(3, preSharedKey));
    clients.push(onDc3);
    await onDc3.connect();
    expect(Number((await onDc3.getMe()).id)).toBe(ALICE.userId);

    // A fresh key with no login: getFile on DC 3 answers 401 until authorization is imported.
    const stranger = makeClient(server, await sessionFor(3));
    clients.push(stranger);
    await stranger.connect();
    await expect(stranger.invoke(new Api.upload.GetFile({ location, offset: bigInt(0), limit: 4096 }))).rejects.toMatchObject({
      code: 401,
      errorMessage: 'AUTH_KEY_UNREGISTERED',
    });
  });
});
