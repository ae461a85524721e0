import type { SyncProgress } from './sync-context';

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
const byteFormats = new Map<string, Intl.NumberFormat>();

function unitFormat(unit: string, fractionDigits: number, display: 'short' | 'long' = 'short'): Intl.NumberFormat {
  const key = `${unit}/${fractionDigits}/${display}`;
  let format = byteFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'unit', unit, unitDisplay: display, maximumFractionDigits: fractionDigits });
    byteFormats.set(key, format);
  }
  return format;
}

/** 1_234_567 → "1.2 MB", in the user's own number format (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  // Under a kilobyte reads best as a fraction of one ("0.4 kB"), not in bytes.
  let value = Math.max(0, bytes) / 1000;
  let i = 1;
  while (value >= 1000 && i < BYTE_UNITS.length - 1) {
    value /= 1000;
    i++;
  }
  return unitFormat(BYTE_UNITS[i]!, value < 100 ? 1 : 0).format(value);
}

/** Seconds left as words: "about 40 seconds", "about 3 minutes", "about 1.5 hours". */
export function formatDuration(seconds: number): string {
  if (seconds < 60) return unitFormat('second', 0, 'long').format(Math.max(1, Math.round(seconds / 5) * 5 || seconds));
  if (seconds < 3600) return unitFormat('minute', 0, 'long').format(Math.round(seconds / 60));
  return unitFormat('hour', 1, 'long').format(seconds / 3600);
}

const numbers = new Intl.NumberFormat();

export function formatCount(n: number): string {
  return numbers.format(n);
}

/** "1 photo" / "12 photos", with the number in the user's format. */
export function plural(n: number, one: string, many: string): string {
  return `${numbers.format(n)} ${n === 1 ? one : many}`;
}

/** The same, in a couple of words (the sidebar). */
export const PHASE_SHORT: Record<SyncProgress['phase'], string> = {
  starting: 'Getting ready…',
  checking: 'Checking people…',
  listing: 'Reading photo histories…',
  downloading: 'Downloading…',
  finished: 'Finishing up…',
};

/** What a run is doing, in words. */
export const PHASE_TEXT: Record<SyncProgress['phase'], string> = {
  starting: 'Getting ready…',
  checking: 'Checking who has new photos',
  listing: 'Reading photo histories',
  downloading: 'Downloading photos and videos',
  finished: 'Finishing up',
};

/** Share of the files downloaded, 0-100, or null while nothing is queued yet. */
export function percentDone(progress: Pick<SyncProgress, 'filesDownloaded' | 'filesTotal'>): number | null {
  if (progress.filesTotal === 0) return null;
  return Math.min(100, Math.floor((progress.filesDownloaded / progress.filesTotal) * 100));
}
