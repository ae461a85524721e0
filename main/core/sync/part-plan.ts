/**
 * How a file is cut into upload.getFile requests. Telegram's rules (without
 * `precise`): offset and limit are multiples of 4 KiB, 1 MiB is divisible by
 * limit, and one request never crosses a 1 MiB boundary. Each request asks for
 * the smallest allowed limit that covers what is left of the declared size (a
 * power of two from 4 KiB to 1 MiB): Telegram counts the limits, not the bytes
 * answered, against the account's download budget per DC (2 MiB in flight), so
 * a 60 KB avatar asking 64 KiB leaves room for thirty more beside it.
 */
export const KIB4 = 4096;
export const MIB = 1024 * 1024;

export interface PartRequest {
  readonly offset: number;
  readonly limit: number;
}

/** True when Telegram accepts this (offset, limit) without `precise`. */
export function isValidPart({ offset, limit }: PartRequest): boolean {
  return (
    Number.isSafeInteger(offset) &&
    Number.isSafeInteger(limit) &&
    offset >= 0 &&
    limit > 0 &&
    offset % KIB4 === 0 &&
    limit % KIB4 === 0 &&
    MIB % limit === 0 &&
    Math.floor(offset / MIB) === Math.floor((offset + limit - 1) / MIB)
  );
}

/** The answer to the previous request: what was asked and how many bytes came. */
export interface PartAnswer {
  readonly limit: number;
  readonly bytes: number;
}

/**
 * The next request after `received` bytes have arrived, or null when the file
 * is complete. A short answer is the end of the file; a full one ends it only
 * when exactly the declared size has arrived (saving the empty request GramJS
 * makes). A declared size that is too small costs more requests, never bytes.
 */
export function nextPart(received: number, previous: PartAnswer | null, declaredSize: number): PartRequest | null {
  if (previous !== null) {
    if (previous.bytes < previous.limit) return null;
    if (declaredSize > 0 && received === declaredSize) return null;
  }
  const left = declaredSize > received ? declaredSize - received : MIB;
  let limit = Math.min(MIB, Math.max(KIB4, 2 ** Math.ceil(Math.log2(left))));
  // Every earlier answer was full, so `received` is a multiple of the earlier limits; keep it aligned.
  while (received % limit !== 0) limit /= 2;
  return { offset: received, limit };
}

/** The requests a file of `size` bytes takes when the server answers in full (for planning and tests). */
export function planParts(size: number): PartRequest[] {
  const parts: PartRequest[] = [];
  let received = 0;
  let previous: PartAnswer | null = null;
  for (let part = nextPart(received, previous, size); part; part = nextPart(received, previous, size)) {
    parts.push(part);
    previous = { limit: part.limit, bytes: Math.min(part.limit, Math.max(0, size - part.offset)) };
    received += previous.bytes;
  }
  return parts;
}
