/**
 * File and folder names that are safe on every OS the app runs on (Windows,
 * macOS, Linux): whatever a Telegram name or username holds, the result is one
 * path segment that cannot climb out of its folder, is no Windows device name,
 * fits in 255 bytes, and reads the same after a round trip through any of
 * their file systems. Pure functions.
 */

/** Longest file name, in UTF-8 bytes (ext4, APFS; NTFS counts 255 UTF-16 units, which this also keeps). */
export const MAX_SEGMENT_BYTES = 255;

/**
 * Characters removed outright: C0/C1 controls, and the invisible ones that make
 * a name read differently from what it is (bidi embeddings, overrides and
 * isolates, marks, the BOM): `photo\u202Egpj.exe` must not look like a JPEG.
 */
const REMOVED = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;
/** Separators on some OS, and what Windows refuses in a name. */
const FORBIDDEN = /[<>:"/\\|?*]/g;
/** CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and the superscript digits Windows also treats as ports), with any extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes at a grapheme boundary, so an
 * emoji or a letter with its accents is never split into invalid halves.
 */
export function truncateBytes(text: string, maxBytes: number): string {
  if (byteLength(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = byteLength(segment);
    if (used + size > maxBytes) break;
    out += segment;
    used += size;
  }
  return out;
}

/** Printable ASCII: already NFC, and nothing in it is removed (most names an export makes; normalize() is the cost otherwise). */
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;

/** Replaces everything unsafe; keeps letters of every script, spaces inside, emoji. */
export function cleanText(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text.replace(FORBIDDEN, '_');
  return text.normalize('NFC').replace(REMOVED, '').replace(FORBIDDEN, '_');
}

/**
 * One safe path segment from any text. `extension` (without dot, already safe)
 * is kept whole when the name is cut to fit; `reserveBytes` leaves room for a
 * suffix added later (a collision's). Never returns '', '.', '..', a name
 * starting with '.', a trailing dot or space, or a Windows device name.
 */
export function safeSegment(text: string, extension = '', reserveBytes = 0): string {
  const ext = extension ? `.${extension}` : '';
  let stem = cleanText(text)
    .replace(/^[\s.]+/u, '') // a leading dot hides the file on Unix; '..' is the way up
    .replace(/[\s.]+$/u, ''); // Windows drops trailing dots and spaces, so two names would become one
  stem = truncateBytes(stem, MAX_SEGMENT_BYTES - byteLength(ext) - reserveBytes - 1).replace(/[\s.]+$/u, '') || '_';
  // Checked after the cut, which can only shorten; the byte kept above is for this '_'.
  if (WINDOWS_RESERVED.test(stem + ext)) stem = `_${stem}`;
  return stem + ext;
}

/**
 * The key two paths collide under: case-insensitive file systems (NTFS, APFS
 * by default) and NFC/NFD (HFS+) make names equal that differ as strings.
 */
export function collisionKey(relativePath: string): string {
  return (PRINTABLE_ASCII.test(relativePath) ? relativePath : relativePath.normalize('NFC')).toLowerCase();
}
