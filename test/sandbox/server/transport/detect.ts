/**
 * Picks the framing from a connection's first bytes, the way Telegram's
 * front ends do: 0xef -> abridged, eeeeeeee -> intermediate, dddddddd ->
 * padded intermediate, second int32 == 0 -> TCPFull (its seq starts at 0);
 * anything else is an obfuscated2 64-byte header around one of the first three.
 */
import { createCipheriv, createDecipheriv, type Cipheriv, type Decipheriv } from 'node:crypto';
import { AbridgedFraming, FullFraming, IntermediateFraming, TransportError, type Framing } from './framing.js';

export interface Transport {
  /** 'full', 'abridged', ... prefixed with 'obfuscated+' when wrapped. */
  readonly name: string;
  push(data: Buffer): Buffer[];
  encode(parts: readonly Buffer[]): Buffer[];
}

const TAG_ABRIDGED = 0xefefefef;
const TAG_INTERMEDIATE = 0xeeeeeeee;
const TAG_PADDED = 0xdddddddd;

/** Returns the transport and the bytes after its tag, or null while more bytes are needed. */
export function detectTransport(head: Buffer): { transport: Transport; rest: Buffer } | null {
  if (head.length < 1) return null;
  if (head[0] === 0xef) return { transport: plain(new AbridgedFraming()), rest: head.subarray(1) };
  if (head.length < 8) return null;
  const first = head.readUInt32LE(0);
  if (first === TAG_INTERMEDIATE) return { transport: plain(new IntermediateFraming(false)), rest: head.subarray(4) };
  if (first === TAG_PADDED) return { transport: plain(new IntermediateFraming(true)), rest: head.subarray(4) };
  if (head.readUInt32LE(4) === 0) return { transport: plain(new FullFraming()), rest: head };
  if (head.length < 64) return null;
  return { transport: obfuscated(head.subarray(0, 64)), rest: head.subarray(64) };
}

function plain(framing: Framing): Transport {
  return framing;
}

/**
 * obfuscated2: the client's stream is AES-256-CTR with key header[8:40] and
 * iv header[40:56]; the server's with the same 48 bytes reversed. The header
 * itself runs through the client cipher, revealing the framing tag at 56..60.
 */
function obfuscated(header: Buffer): Transport {
  const decipher: Decipheriv = createDecipheriv('aes-256-ctr', header.subarray(8, 40), header.subarray(40, 56));
  const decrypted = decipher.update(header);
  const tag = decrypted.readUInt32LE(56);
  let framing: Framing;
  if (tag === TAG_ABRIDGED) framing = new AbridgedFraming();
  else if (tag === TAG_INTERMEDIATE) framing = new IntermediateFraming(false);
  else if (tag === TAG_PADDED) framing = new IntermediateFraming(true);
  else throw new TransportError(`unknown transport (first bytes ${header.subarray(0, 8).toString('hex')})`);
  const reversed = Buffer.from(header.subarray(8, 56)).reverse();
  const cipher: Cipheriv = createCipheriv('aes-256-ctr', reversed.subarray(0, 32), reversed.subarray(32, 48));
  return {
    name: `obfuscated+${framing.name}`,
    push: (data) => framing.push(decipher.update(data)),
    encode: (parts) => framing.encode(parts).map((part) => cipher.update(part)),
  };
}
