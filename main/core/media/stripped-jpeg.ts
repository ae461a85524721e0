/**
 * Telegram's stripped thumbnail ('i' photo size) is a ≤ 40 px JPEG with its
 * fixed header and footer removed; putting them back gives a picture any browser
 * shows at once, before the real thumbnail arrives. GramJS keeps the header.
 */
import { strippedPhotoToJpg } from 'telegram/Utils.js';

/** The JPEG for stripped bytes, or null when they are not in the stripped format. */
export function strippedToJpeg(stripped: Uint8Array): Buffer | null {
  if (stripped.length < 3 || stripped[0] !== 1) return null;
  return strippedPhotoToJpg(Buffer.from(stripped));
}
