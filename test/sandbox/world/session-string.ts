/**
 * GramJS StringSession encoding (shared/docs/telegram-notes.md §1.1):
 * '1' + base64(dc:u8 ‖ addrLen:i16BE ‖ addr ‖ port:i16BE ‖ authKey).
 */

/** The address written into sessions. GramJS's pinned connection ignores it; it must be loopback anyway. */
export const SESSION_HOST = '127.0.0.1';
/**
 * The port written into sessions. GramJS's save() writes it with writeInt16BE and throws
 * for ports above 32767, and connect() ignores it, so always 443.
 */
export const SESSION_PORT = 443;

export function encodeStringSession(dcId: number, authKey: Buffer): string {
  if (authKey.length !== 256) throw new Error(`auth keys are 256 bytes, got ${authKey.length}`);
  const host = Buffer.from(SESSION_HOST, 'utf8');
  const head = Buffer.alloc(1 + 2 + host.length + 2);
  head.writeUInt8(dcId, 0);
  head.writeInt16BE(host.length, 1);
  host.copy(head, 3);
  head.writeInt16BE(SESSION_PORT, 3 + host.length);
  return '1' + Buffer.concat([head, authKey]).toString('base64');
}
