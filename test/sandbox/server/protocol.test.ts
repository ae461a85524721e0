/**
 * Protocol details checked with a raw MTProto client: framings GramJS lacks,
 * salts and sessions, service messages, containers, gzip, ordering, errors.
 */
import { gzipSync, deflateSync, gunzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authKeyIdOf } from './crypto/message-crypto.js';
import { tlBytes } from './crypto/rsa.js';
import type { MtprotoServer, RpcHandler } from './api.js';
import { RawClient, type RawFraming } from './raw-client.js';
import { startTestServer } from './test-support.js';

const C = {
  PING: 0x7abe77ec,
  PONG: 0x347773c5,
  BAD_SERVER_SALT: 0xedab447b,
  BAD_MSG_NOTIFICATION: 0xa7eff811,
  NEW_SESSION_CREATED: 0x9ec20908,
  MSGS_STATE_REQ: 0xda69fb52,
  MSGS_STATE_INFO: 0x04deb57d,
  GET_FUTURE_SALTS: 0xb921bd04,
  FUTURE_SALTS: 0xae500895,
  DESTROY_SESSION: 0xe7512126,
  DESTROY_SESSION_OK: 0xe22045fc,
  DESTROY_SESSION_NONE: 0x62d350c9,
  RPC_DROP_ANSWER: 0x58e4a740,
  RPC_RESULT: 0xf35c6d01,
  RPC_ANSWER_DROPPED_RUNNING: 0xcd78e586,
  MSG_CONTAINER: 0x73f1f8dc,
  GZIP_PACKED: 0x3072cfa1,
  VECTOR: 0x1cb5c415,
} as const;

/** help.getAppConfig runs until the test releases it: "still running" is a state, not a timing. */
let releaseSlow: () => void = () => {};
const slow: RpcHandler = async () => {
  await new Promise<void>((resolve) => (releaseSlow = resolve));
  return new Api.help.AppConfigNotModified();
};
const big: RpcHandler = () => new Api.help.TermsOfServiceUpdate({ expires: 1, termsOfService: new Api.help.TermsOfService({ id: new Api.DataJSON({ data: '{}' }), text: 'terms '.repeat(1000), entities: [] }) });

let server: MtprotoServer;
let key: Buffer;
const clients: RawClient[] = [];

beforeAll(async () => {
  ({ server, preSharedKey: key } = await startTestServer({
    handlers: new Map([
      ['help.GetAppConfig', slow],
      ['help.GetTermsOfServiceUpdate', big],
    ]),
  }));
});

afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

afterAll(async () => {
  await server.close();
});

function u32(n: number, ...rest: Buffer[]): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return Buffer.concat([b, ...rest]);
}
function i64(n: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigInt64LE(n);
  return b;
}
function i32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeInt32LE(n);
  return b;
}
const ctorOf = (body: Buffer): number => body.readUInt32LE(0);

async function connect(framing: RawFraming = 'intermediate'): Promise<RawClient> {
  const client = await RawClient.connect(server.ports.get(2)!, key, framing);
  clients.push(client);
  return client;
}

/** Learns the key's salt the way GramJS does: salt 0 first, then bad_server_salt. */
async function establish(client: RawClient): Promise<void> {
  const msgId = client.send(u32(C.PING, i64(1n)));
  const bad = await client.next();
  expect(ctorOf(bad.body)).toBe(C.BAD_SERVER_SALT);
  expect(bad.body.readBigInt64LE(4)).toBe(msgId);
  expect(bad.body.readInt32LE(16)).toBe(48);
  client.salt = Buffer.from(bad.body.subarray(20, 28));
}

function rpcResultOf(message: { body: Buffer }): { reqMsgId: bigint; result: Buffer } {
  expect(ctorOf(message.body)).toBe(C.RPC_RESULT);
  return { reqMsgId: message.body.readBigInt64LE(4), result: message.body.subarray(12) };
}

describe('framings', () => {
  for (const framing of ['full', 'abridged', 'intermediate', 'padded', 'obfuscated-intermediate', 'obfuscated-padded', 'obfuscated-abridged'] as const) {
    it(`${framing}: answers a ping on a pre-shared key`, async () => {
      const client = await connect(framing);
      await establish(client);
      const msgId = client.send(u32(C.PING, i64(77n)));
      const pong = await client.nextOf(C.PONG);
      expect(pong.body.readBigInt64LE(4)).toBe(msgId);
      expect(pong.body.readBigInt64LE(12)).toBe(77n);
    });
  }

  it('answers req_pq_multi in plain text with our RSA fingerprint', async () => {
    const client = await connect('padded');
    const nonce = randomBytes(16);
    const head = Buffer.alloc(20);
    head.writeBigInt64LE(client.newMsgId(), 8);
    const body = u32(0xbe7e8ef1, nonce);
    head.writeInt32LE(body.length, 16);
    client.writePayload(Buffer.concat([head, body]));
    const reply = await client.nextPayload();
    expect(reply.readBigInt64LE(0)).toBe(0n);
    const resPq = new BinaryReader(reply.subarray(20)).tgReadObject() as Api.ResPQ;
    expect(resPq).toBeInstanceOf(Api.ResPQ);
    expect(resPq.serverPublicKeyFingerprints.map(String)).toEqual([server.rsa.fingerprint]);
    expect(server.rsa.publicKeyPem).toMatch(/^-----BEGIN RSA PUBLIC KEY-----/);
  });

  it('sends transport error -404 for an unknown auth key', async () => {
    const client = await RawClient.connect(server.ports.get(2)!, randomBytes(256), 'intermediate');
    clients.push(client);
    client.send(u32(C.PING, i64(1n)));
    const payload = await client.nextPayload();
    expect(payload.length).toBe(4);
    expect(payload.readInt32LE(0)).toBe(-404);
  });
});

describe('salts and sessions', () => {
  it('salt 0 gets bad_server_salt; then new_session_created carries the same salt; msg_ids are odd and increasing', async () => {
    const client = await connect();
    await establish(client);
    const first = client.send(u32(C.PING, i64(5n)));
    const created = await client.next();
    expect(ctorOf(created.body)).toBe(C.NEW_SESSION_CREATED);
    expect(created.body.readBigInt64LE(4)).toBe(first);
    expect(created.body.subarray(20, 28)).toEqual(client.salt);
    expect(created.sessionId).toBe(client.sessionId);
    expect(created.msgId % 4n).toBe(3n);
    const pong = await client.next();
    expect(ctorOf(pong.body)).toBe(C.PONG);
    expect(pong.msgId % 4n).toBe(1n);
    expect(pong.msgId > created.msgId).toBe(true);
    expect(pong.seqNo % 2).toBe(1);
  });

  it('salts belong to the key: a second connection and session reuse it without bad_server_salt', async () => {
    const a = await connect();
    await establish(a);
    const b = await connect('full');
    b.salt = a.salt;
    b.send(u32(C.PING, i64(9n)));
    expect(ctorOf((await b.next()).body)).toBe(C.NEW_SESSION_CREATED);
    expect(ctorOf((await b.next()).body)).toBe(C.PONG);
  });

  it('get_future_salts answers a bare future_salts with bare elements', async () => {
    const client = await connect();
    await establish(client);
    const msgId = client.send(u32(C.GET_FUTURE_SALTS, i32(3)));
    const reply = await client.nextOf(C.FUTURE_SALTS);
    expect(reply.body.readBigInt64LE(4)).toBe(msgId);
    expect(reply.body.readInt32LE(16)).toBe(3); // count directly: no 0x1cb5c415 for a bare vector
    expect(reply.body.length).toBe(20 + 3 * 16);
    expect(reply.body.subarray(28, 36)).toEqual(client.salt);
  });

  it('rejects msg_ids not divisible by 4 with bad_msg_notification 18', async () => {
    const client = await connect();
    await establish(client);
    client.send(u32(C.PING, i64(1n)), { msgId: client.newMsgId() + 1n });
    const bad = await client.nextOf(C.BAD_MSG_NOTIFICATION);
    expect(bad.body.readInt32LE(16)).toBe(18);
  });

  it('destroy_session answers ok for a known session and none otherwise', async () => {
    const old = await connect();
    await establish(old);
    old.send(u32(C.PING, i64(1n)));
    await old.nextOf(C.PONG);
    const client = await connect();
    client.salt = old.salt;
    client.send(u32(C.DESTROY_SESSION, i64(old.sessionId)));
    expect((await client.nextOf(C.DESTROY_SESSION_OK)).body.readBigInt64LE(4)).toBe(old.sessionId);
    client.send(u32(C.DESTROY_SESSION, i64(123n)));
    await client.nextOf(C.DESTROY_SESSION_NONE);
  });
});

describe('requests', () => {
  it('answers each message of a container by its own msg_id, results out of order, state requests at once', async () => {
    const client = await connect();
    await establish(client);
    const slowId = client.newMsgId();
    const fastId = client.newMsgId();
    const items = [
      [slowId, new Api.help.GetAppConfig({ hash: 0 }).getBytes()],
      [fastId, new Api.InvokeWithLayer({ layer: 198, query: new Api.help.GetNearestDc() }).getBytes()],
    ] as const;
    client.send(u32(C.MSG_CONTAINER, i32(items.length), ...items.flatMap(([id, body]) => [i64(id), i32(1), i32(body.length), body])), { seqNo: 2 });
    await client.nextOf(C.NEW_SESSION_CREATED);
    const first = rpcResultOf(await client.nextOf(C.RPC_RESULT));
    expect(first.reqMsgId).toBe(fastId);
    expect(new BinaryReader(first.result).tgReadObject()).toBeInstanceOf(Api.NearestDc);
    client.send(u32(C.MSGS_STATE_REQ, u32(C.VECTOR, i32(3), i64(slowId), i64(fastId), i64(client.newMsgId() + 1_000_000n))));
    const info = await client.nextOf(C.MSGS_STATE_INFO);
    const statuses = info.body.subarray(13, 16);
    expect(statuses[0]! & 4).toBe(4); // received, still running
    expect(statuses[1]! & 64).toBe(64); // answered
    expect(statuses[2]).toBe(1); // unknown
    releaseSlow();
    const second = rpcResultOf(await client.nextOf(C.RPC_RESULT));
    expect(second.reqMsgId).toBe(slowId);
  });

  it('rpc_drop_answer on a running call suppresses its result', async () => {
    const client = await connect();
    await establish(client);
    const slowId = client.send(new Api.help.GetAppConfig({ hash: 0 }).getBytes());
    const dropId = client.send(u32(C.RPC_DROP_ANSWER, i64(slowId)));
    const dropped = rpcResultOf(await client.nextOf(C.RPC_RESULT));
    expect(dropped.reqMsgId).toBe(dropId);
    expect(ctorOf(dropped.result)).toBe(C.RPC_ANSWER_DROPPED_RUNNING);
    // The slow call ends now; its result, were it sent, would come before the next call's.
    releaseSlow();
    const nextId = client.send(new Api.help.GetNearestDc().getBytes());
    expect(rpcResultOf(await client.nextOf(C.RPC_RESULT)).reqMsgId).toBe(nextId);
  });

  it('inflates gzip_packed requests (gzip and zlib) and gzips large results', async () => {
    const client = await connect();
    await establish(client);
    for (const pack of [gzipSync, deflateSync]) {
      const id = client.send(u32(C.GZIP_PACKED, tlBytes(pack(new Api.help.GetNearestDc().getBytes()))));
      const { reqMsgId, result } = rpcResultOf(await client.nextOf(C.RPC_RESULT));
      expect(reqMsgId).toBe(id);
      expect(new BinaryReader(result).tgReadObject()).toBeInstanceOf(Api.NearestDc);
    }
    client.send(new Api.help.GetTermsOfServiceUpdate().getBytes());
    const { result } = rpcResultOf(await client.nextOf(C.RPC_RESULT));
    expect(ctorOf(result)).toBe(C.GZIP_PACKED);
    const inflated = gunzipSync(new BinaryReader(result.subarray(4)).tgReadBytes());
    expect(new BinaryReader(inflated).tgReadObject()).toBeInstanceOf(Api.help.TermsOfServiceUpdate);
  });

  it('survives fuzzed frames: random junk, junk under a known key id, junk plain messages', async () => {
    const keyId = authKeyIdOf(key);
    for (let i = 0; i < 60; i++) {
      const client = await connect((['intermediate', 'abridged', 'obfuscated-padded', 'full'] as const)[i % 4]);
      const junk = randomBytes(8 + ((i * 37) % 300) * 4);
      if (i % 3 === 1) keyId.copy(junk, 0);
      if (i % 3 === 2) {
        junk.fill(0, 0, 8);
        junk.writeInt32LE(i % 5 === 0 ? -1 : 4 + (i % 40), 16 % junk.length);
      }
      client.writePayload(junk);
      client.send(u32(C.PING, i64(1n)));
      await client.nextPayload(300).catch(() => {});
      client.close();
    }
    const good = await connect();
    await establish(good);
    good.send(u32(C.PING, i64(3n)));
    await good.nextOf(C.PONG);
  });

  it('closes only the offending socket on a broken frame', async () => {
    const bad = await connect();
    await establish(bad);
    bad.writePayload(Buffer.concat([randomBytes(8), randomBytes(64)]));
    await expect(bad.next()).rejects.toThrow(/connection closed|transport error/);
    const good = await connect();
    await establish(good);
    good.send(u32(C.PING, i64(3n)));
    await good.nextOf(C.PONG);
  });
});
