import { thumbHashToDataURL } from 'thumbhash';
import type { Placeholder } from '../../../preload/contract/gallery';

const cache = new Map<string, string>();

/** A data: URL to paint before the thumbnail arrives (CSP img-src allows data:). Memoised: grids repaint often. */
export function placeholderUrl(placeholder: Placeholder | null): string | null {
  if (!placeholder) return null;
  const hit = cache.get(placeholder.base64);
  if (hit) return hit;
  let url: string;
  if (placeholder.type === 'jpeg') url = `data:image/jpeg;base64,${placeholder.base64}`;
  else {
    const bytes = Uint8Array.from(atob(placeholder.base64), (c) => c.charCodeAt(0));
    url = thumbHashToDataURL(bytes);
  }
  if (cache.size > 5000) cache.clear();
  cache.set(placeholder.base64, url);
  return url;
}
