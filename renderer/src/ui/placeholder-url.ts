import { thumbHashToDataURL } from 'thumbhash';
import type { Placeholder } from '../../../preload/contract/gallery';

const MAX_CACHED = 3000;
const cache = new Map<string, string>();

const bytesOf = (base64: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

/**
 * A blob: URL to paint before the thumbnail arrives (CSP img-src allows blob:). A short
 * blob: URL rather than the picture inlined as a data: URL: a grid flung past sets dozens
 * of these in style attributes a frame, and a kilobyte of base64 each was parsed and
 * decoded on the main thread. Memoised (least recently used kept), so a tile that re-renders
 * gets the same URL; evicted URLs are revoked.
 */
export function placeholderUrl(placeholder: Placeholder | null): string | null {
  if (!placeholder) return null;
  const key = placeholder.base64;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const blob =
    placeholder.type === 'jpeg'
      ? new Blob([bytesOf(placeholder.base64)], { type: 'image/jpeg' })
      : new Blob([bytesOf(thumbHashToDataURL(bytesOf(placeholder.base64)).split(',', 2)[1]!)], { type: 'image/png' });
  const url = URL.createObjectURL(blob);
  cache.set(key, url);
  if (cache.size > MAX_CACHED) {
    const [oldestKey, oldestUrl] = cache.entries().next().value!;
    cache.delete(oldestKey);
    URL.revokeObjectURL(oldestUrl);
  }
  return url;
}
