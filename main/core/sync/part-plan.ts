/**
 * How a file is cut into upload.getFile requests. Telegram's rules (without
 * `precise`): offset and limit are multiples of 4 KiB, 1 MiB is divisible by
 * limit, and one request never crosses a 1 MiB boundary. Profile photos are
 * small, so the cheapest plan is one request of limit = 1 MiB at offset 0; only
 * larger files take more parts, each a whole aligned MiB.
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

/**
 * The next request after `received` bytes have arrived, or null when the file
 * is complete. `lastChunk` is the length of the previous answer (null before the
 * first request). A short answer is the end of the file; a full one ends it only
 * when the declared size is reached, which saves the empty request GramJS makes.
 */
export function nextPart(received: number, lastChunk: number | null, declaredSize: number): PartRequest | null {
  if (lastChunk !== null) {
    if (lastChunk < MIB) return null;
    if (declaredSize > 0 && received >= declaredSize) return null;
  }
  // Every earlier answer was a full MiB, so `received` is MiB-aligned here.
  return { offset: received, limit: MIB };
}

/** The requests a file of `size` bytes takes when the server answers in full (for planning and tests). */
export function planParts(size: number): PartRequest[] {
  const parts: PartRequest[] = [];
  let received = 0;
  let last: number | null = null;
  for (let part = nextPart(received, last, size); part; part = nextPart(received, last, size)) {
    parts.push(part);
    last = Math.min(part.limit, Math.max(0, size - part.offset));
    received += last;
  }
  return parts;
}
