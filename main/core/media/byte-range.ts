/**
 * HTTP Range requests (RFC 9110 §14) for the media scheme: a <video> element seeks with
 * `Range: bytes=…` and will not play an MP4 whose server ignores it. One range only; a
 * multi-range request is answered with the whole file, which the RFC allows.
 */
export type RangeDecision =
  | { readonly kind: 'whole' }
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  | { readonly kind: 'unsatisfiable' };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

/** What to send for a `Range` header against a file of `size` bytes (`end` inclusive). */
export function decideRange(header: string | null, size: number): RangeDecision {
  if (header === null) return { kind: 'whole' };
  const match = SINGLE.exec(header.trim());
  if (!match) return { kind: 'whole' }; // several ranges or another unit: ignored, as allowed
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // "bytes=-N": the last N bytes.
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'whole' }; // syntactically invalid: ignore the header
  return { kind: 'partial', start, end };
}
