/**
 * Received messages are decrypted in place, large ones in slices
 * (main/core/telegram/crypto/sliced-decrypt.ts): the answer must be GramJS's own, tampering
 * refused the same way, no copy of the message made, and the thread offered to other work
 * between slices.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { SecurityError } from 'telegram/errors/index.js';
import { MTProtoState } from 'telegram/network/MTProtoState.js';
import { BinaryReader } from 'telegram/extensions/index.js';
import type { TLMessage } from 'telegram/tl/core/index.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aesIgeEncrypt } from '../../../main/core/telegram/crypto/aes-ige.js';
import { installSlicedDecrypt, SLICE, uninstallSlicedDecrypt } from '../../../main/core/telegram/crypto/sliced-decrypt.js';
import { receiveBuffer, releaseFileAnswer } from '../../../main/core/telegram/packet-buffers.js';
import { resetPatchStatuses } from '../../../main/core/telegram/patch-status.js';
import { mainThread } from '../../../main/core/time-slicer.js';

let authKey: AuthKey;
beforeAll(async () => {
  authKey = new AuthKey();
  await authKey.setKey(randomBytes(256));
});

afterEach(() => {
  vi.restoreAllMocks();
  uninstallSlicedDecrypt();
  resetPatchStatuses();
});

let nextMsgId = 1n;

/**
 * A message as the server sends it: an upload.File of `size` bytes, bare or as the rpc_result
 * of a request, encrypted under the auth key (MTProto 2.0, x = 8).
 */
async function serverMessage(size: number, rpcResult = false): Promise<{ body: Buffer; bytes: Buffer; msgId: bigint }> {
  const bytes = randomBytes(size);
  const file = new Api.upload.File({ type: new Api.storage.FileJpeg(), mtime: 1, bytes }).getBytes();
  const object = rpcResult ? Buffer.concat([Buffer.from('016d5cf3', 'hex'), Buffer.alloc(8, 3), file]) : file;
  const msgId = (nextMsgId += 4n);
  const header = Buffer.alloc(32);
  header.writeBigUInt64LE(7n, 0); // salt
  header.writeBigUInt64LE(9n, 8); // session
  header.writeBigUInt64LE(msgId, 16);
  header.writeInt32LE(1, 24);
  header.writeInt32LE(object.length, 28);
  const unpadded = 32 + object.length;
  const plain = Buffer.concat([header, object, randomBytes(12 + ((16 - ((unpadded + 12) % 16)) % 16))]);
  const key = authKey.getKey()!;
  const msgKey = createHash('sha256').update(key.subarray(96, 128)).update(plain).digest().subarray(8, 24);
  const { key: aesKey, iv } = await new MTProtoState(authKey)._calcKey(key, msgKey, false);
  const keyId = Buffer.alloc(8);
  keyId.writeBigUInt64LE(BigInt(authKey.keyId!.toString()));
  return { body: Buffer.concat([keyId, msgKey, aesIgeEncrypt(plain, aesKey, iv)]), bytes, msgId };
}

const summary = (m: TLMessage) => ({
  msgId: m.msgId.toString(),
  seqNo: (m as unknown as { seqNo: number }).seqNo,
  bytes: (m.obj as Api.upload.File).bytes.toString('hex'),
});

describe('received messages decrypted in place, large ones in slices', () => {
  it.each([
    ['a small answer', 100],
    ['just under one slice', SLICE - 1024],
    ['a 1 MiB getFile answer', 1024 * 1024],
    ['not a whole number of slices', 3 * SLICE + 4000],
  ])('reads %s as GramJS does', async (_name, size) => {
    const { body, bytes, msgId } = await serverMessage(size);
    const theirs = await new MTProtoState(authKey).decryptMessageData(Buffer.from(body));
    expect(installSlicedDecrypt()).toEqual({ state: 'applied' });
    const ours = await new MTProtoState(authKey).decryptMessageData(body);
    expect(summary(ours)).toEqual(summary(theirs));
    expect(summary(ours)).toEqual({ msgId: msgId.toString(), seqNo: 1, bytes: bytes.toString('hex') });
  });

  it('writes the plaintext over the received bytes: the file part read is a view of them, not a copy', async () => {
    const { body, bytes } = await serverMessage(256 * 1024);
    installSlicedDecrypt();
    const file = (await new MTProtoState(authKey).decryptMessageData(body)).obj as Api.upload.File;
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(file.bytes.buffer).toBe(body.buffer);
  });

  it('marks an upload.file answer that came in a packet of its own, so its part can be freed once written', async () => {
    installSlicedDecrypt();
    const readFile = async (body: Buffer) => {
      // GramJS reads rpc_result asynchronously, and keeps its body to itself
      const result = (await (await new MTProtoState(authKey).decryptMessageData(body)).obj) as unknown as { body: Buffer };
      return new BinaryReader(result.body).tgReadObject() as Api.upload.File;
    };
    const { body, bytes } = await serverMessage(256 * 1024, true);
    const own = receiveBuffer(body.length); // as the socket reads a packet
    own.set(body);
    const file = await readFile(own);
    expect(file.bytes.equals(bytes)).toBe(true);
    expect(releaseFileAnswer(file.bytes)).toBe(true);
    expect(own.buffer.byteLength).toBe(0);

    const shared = Buffer.concat([Buffer.alloc(16), (await serverMessage(256 * 1024, true)).body]).subarray(16);
    expect(releaseFileAnswer((await readFile(shared)).bytes)).toBe(false); // memory it may share: left alone
  });

  it('offers the thread to other work between slices', async () => {
    const { body } = await serverMessage(1024 * 1024);
    installSlicedDecrypt();
    const pause = vi.spyOn(mainThread, 'pause');
    await new MTProtoState(authKey).decryptMessageData(body);
    expect(pause).toHaveBeenCalledTimes(Math.ceil((body.length - 24) / SLICE) - 1);
  });

  it('refuses a tampered message and a repeated message id, as GramJS does', async () => {
    installSlicedDecrypt();
    const { body } = await serverMessage(1024 * 1024);
    const tampered = Buffer.from(body);
    tampered[tampered.length - 100]! ^= 1;
    const state = new MTProtoState(authKey);
    await expect(state.decryptMessageData(tampered)).rejects.toThrow(SecurityError);
    await expect(state.decryptMessageData(tampered)).rejects.toThrow(/msg_key/);
    const otherKey = Buffer.from(body);
    await state.decryptMessageData(Buffer.from(body));
    await expect(state.decryptMessageData(body)).rejects.toThrow(/Duplicate msgIds/);
    otherKey[0]! ^= 1;
    await expect(new MTProtoState(authKey).decryptMessageData(otherKey)).rejects.toThrow(/invalid auth key/);
  });
});
