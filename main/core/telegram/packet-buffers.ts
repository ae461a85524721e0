/**
 * Who owns the memory of a received packet, so a downloaded file part can be
 * freed the moment it is on disk instead of when V8 next collects.
 *
 * A getFile answer is a view of the packet it came in (the socket fills the
 * packet, ./crypto/sliced-decrypt.ts decrypts it in place, GramJS's reader
 * slices it). Its ArrayBuffer is malloc'ed memory that V8 frees only once it
 * has collected the Buffer: answers live across a few young collections (the
 * disk write takes a while), so they are promoted, and V8 then waits for tens
 * of MB of them before a full collection: 40-70 MB of a sync's peak RSS.
 * Detaching an ArrayBuffer (`transfer(0)`) frees its memory at once.
 *
 * Detaching is safe only when nothing else views that memory, so it takes two
 * marks: the socket marks the ArrayBuffers it fills for one read and nothing
 * else (receiveBuffer; a codec reads a packet in one read), and the
 * decryption marks a packet whose message is a lone rpc_result of upload.file
 * (markFileAnswer): not a container, not gzip, so the file's bytes are the
 * only thing read from it that keeps its memory. Any other buffer is left to
 * the collector. A detached view reads as empty, never as other data.
 */

/** ArrayBuffers made for one read of received bytes, each handed out whole to one reader. */
const owned = new WeakSet<ArrayBufferLike>();
/** Of those, the ones whose message is a lone upload.file answer. */
const fileAnswers = new WeakSet<ArrayBufferLike>();

/** Node's Buffer pool serves smaller allocations (Buffer.poolSize / 2): those stay shared, and small. */
const OWNED_FROM = 4 * 1024;
const RPC_RESULT = 0xf35c6d01;
const UPLOAD_FILE = 0x096a18d5;
/** In a decrypted message: salt, session id, message id, seqno, length, then the object. */
const OBJECT_AT = 32;
/** rpc_result's req_msg_id comes before the result. */
const RESULT_AT = OBJECT_AT + 4 + 8;

/** A buffer for received bytes; from OWNED_FROM bytes, memory of its own, marked as such. */
export function receiveBuffer(length: number): Buffer {
  if (length < OWNED_FROM) return Buffer.allocUnsafe(length);
  const buffer = Buffer.allocUnsafeSlow(length);
  owned.add(buffer.buffer);
  return buffer;
}

/**
 * Called with a packet's plaintext, a view of the packet decrypted in place:
 * marks the packet's memory when it is the packet's own and its message is
 * an rpc_result holding an upload.file.
 */
export function markFileAnswer(plain: Uint8Array): void {
  if (plain.length < RESULT_AT + 4 || !owned.has(plain.buffer)) return;
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (view.getUint32(OBJECT_AT, true) === RPC_RESULT && view.getUint32(RESULT_AT, true) === UPLOAD_FILE) fileAnswers.add(plain.buffer);
}

/**
 * Frees the memory under a file part that is written and not needed again.
 * Returns whether it did; bytes of any other origin are left alone.
 */
export function releaseFileAnswer(bytes: Uint8Array): boolean {
  const buffer = bytes.buffer;
  if (!(buffer instanceof ArrayBuffer) || !fileAnswers.delete(buffer)) return false;
  owned.delete(buffer);
  buffer.transfer(0);
  return true;
}
