/**
 * Which request a server message answers, read from its first blocks
 * (main/core/telegram/crypto/answer-head.ts): checked against messages the sandbox's own
 * server-side MTProto encrypts, and against GramJS's key derivation.
 */
import { randomBytes } from 'node:crypto';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { MTProtoState } from 'telegram/network/MTProtoState.js';
import { describe, expect, it } from 'vitest';
import { ANSWER_HEAD, answeredMsgId, serverMessageKey } from '../../../main/core/telegram/crypto/answer-head.js';
import { authKeyIdOf, encryptServerPayload, paddingFor } from '../../sandbox/server/crypto/message-crypto.js';

const RPC_RESULT = 0xf35c6d01;
const MSGS_ACK = 0x62d6b459;
const MSG_CONTAINER = 0x73f1f8dc;

/** A message from the server with `body` as its object, encrypted under `authKey`. */
function serverMessage(authKey: Buffer, body: Buffer): Buffer {
  const padding = paddingFor(32 + body.length);
  const plain = Buffer.alloc(32 + body.length + padding);
  randomBytes(16).copy(plain, 0); // salt, session id
  plain.writeBigInt64LE(0x5f00000000000001n, 16);
  plain.writeInt32LE(1, 24);
  plain.writeInt32LE(body.length, 28);
  body.copy(plain, 32);
  return Buffer.concat(encryptServerPayload(authKey, authKeyIdOf(authKey), plain, padding));
}

function rpcResult(reqMsgId: bigint, result: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(RPC_RESULT, 0);
  head.writeBigUInt64LE(reqMsgId, 4);
  return Buffer.concat([head, result]);
}

const key = randomBytes(256);
const reqMsgId = 0x6a1b2c3d4e5f6071n;

describe('the request a server message answers, from its first blocks', () => {
  it('reads the req_msg_id of an rpc_result from the first ANSWER_HEAD bytes alone', () => {
    const message = serverMessage(key, rpcResult(reqMsgId, randomBytes(65_536)));
    expect(answeredMsgId(message.subarray(0, ANSWER_HEAD), key)).toBe(reqMsgId);
    expect(answeredMsgId(message, key)).toBe(reqMsgId);
  });

  it('answers null for other messages, another auth key, or too few bytes', () => {
    const ack = Buffer.alloc(16);
    ack.writeUInt32LE(MSGS_ACK, 0);
    expect(answeredMsgId(serverMessage(key, ack), key)).toBeNull();
    const container = Buffer.alloc(48);
    container.writeUInt32LE(MSG_CONTAINER, 0);
    expect(answeredMsgId(serverMessage(key, container), key)).toBeNull();
    const message = serverMessage(key, rpcResult(reqMsgId, randomBytes(100)));
    expect(answeredMsgId(message, randomBytes(256))).toBeNull();
    expect(answeredMsgId(message.subarray(0, ANSWER_HEAD - 1), key)).toBeNull();
  });

  it("derives the AES key and iv of a server message as GramJS does", async () => {
    const authKey = new AuthKey();
    await authKey.setKey(key);
    const state = new MTProtoState(authKey, undefined as never) as unknown as {
      _calcKey(authKey: Buffer, msgKey: Buffer, client: boolean): Promise<{ key: Buffer; iv: Buffer }>;
    };
    for (let i = 0; i < 5; i++) {
      const msgKey = randomBytes(16);
      expect(serverMessageKey(key, msgKey)).toEqual(await state._calcKey(key, msgKey, false));
    }
  });
});
