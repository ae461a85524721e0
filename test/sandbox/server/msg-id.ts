/**
 * Server msg_ids: upper 32 bits unixtime, strictly increasing across the whole
 * process (so also within every session), ≡ 1 mod 4 for responses to client
 * messages and ≡ 3 for everything else (core.telegram.org/mtproto/description).
 */
let last = 0n;

export function nextServerMsgId(response: boolean): bigint {
  const now = Date.now();
  const seconds = BigInt(Math.floor(now / 1000));
  const fraction = BigInt(Math.floor(((now % 1000) / 1000) * 0x1_0000_0000)) & ~3n;
  let id = (seconds << 32n) | fraction;
  if (id <= last) id = (last & ~3n) + 4n;
  id |= response ? 1n : 3n;
  last = id;
  return id;
}

/** Seconds of a client msg_id (its upper half). */
export function msgIdSeconds(msgId: bigint): number {
  return Number(msgId >> 32n);
}
