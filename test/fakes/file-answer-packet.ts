/**
 * A received answer as the socket and the in-place decryption leave it: a
 * packet in memory of its own (receiveBuffer) whose plaintext is a lone
 * rpc_result, marked by markFileAnswer, and the object GramJS reads from it
 * (its bytes a view of the packet, as GramJS's reader slices).
 */
import { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions/index.js';
import { markFileAnswer, receiveBuffer } from '../../main/core/telegram/packet-buffers.js';

const RPC_RESULT = 0xf35c6d01;
/** Auth key id and msg_key, then salt, session id, message id, seqno, length; then rpc_result and req_msg_id. */
const OBJECT_AT = 24 + 32 + 4 + 8;

export function receivedAnswer(object: { getBytes(): Buffer }): { packet: Buffer; answer: unknown } {
  const body = object.getBytes();
  const packet = receiveBuffer(OBJECT_AT + body.length);
  packet.fill(0, 0, OBJECT_AT);
  packet.writeUInt32LE(RPC_RESULT, OBJECT_AT - 12);
  packet.set(body, OBJECT_AT);
  markFileAnswer(packet.subarray(24));
  return { packet, answer: new BinaryReader(packet.subarray(OBJECT_AT)).tgReadObject() };
}

export function fileAnswer(bytes: Uint8Array): { packet: Buffer; answer: Api.upload.File } {
  const { packet, answer } = receivedAnswer(new Api.upload.File({ type: new Api.storage.FileJpeg(), mtime: 0, bytes: Buffer.from(bytes) }));
  return { packet, answer: answer as Api.upload.File };
}
