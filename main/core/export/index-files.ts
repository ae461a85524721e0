/**
 * The export's own descriptions of what it holds: a JSON sidecar per file, and
 * an index of the whole export as JSON and CSV. Pure and deterministic (same
 * archive, same bytes), so re-runs rewrite them only when something changed.
 */
import type { ExportItem } from './selection.js';

export interface IndexedFile {
  readonly item: ExportItem;
  /** Relative to the destination, '/'-separated. */
  readonly path: string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** What the export says of one file (the sidecar's content and the index's row). */
export function describeFile({ item, path }: IndexedFile): Record<string, unknown> {
  const { context: c, source: s } = item;
  return {
    path,
    photoId: String(c.photoId),
    userId: c.userId,
    kind: c.kind,
    media: c.media,
    sizeType: c.sizeType,
    width: s.width,
    height: s.height,
    date: iso(c.date * 1000),
    firstSeen: iso(c.firstSeen),
    removed: c.removed,
    removedAt: iso(s.removedAt),
    sha256: s.sha256,
    person: {
      then: { firstName: c.then.firstName, lastName: c.then.lastName, username: c.then.username },
      now: { firstName: c.now.firstName, lastName: c.now.lastName, username: c.now.username },
    },
  };
}

export function sidecarText(file: IndexedFile): string {
  return `${JSON.stringify({ ...describeFile(file), path: undefined, file: file.path.slice(file.path.lastIndexOf('/') + 1) }, null, 2)}\n`;
}

/**
 * One file's part of the index: its object as index.json indents it, and its
 * index.csv row. Made as each file is placed, so the index is mostly written
 * by the time the last file is.
 */
export interface IndexEntry {
  readonly json: string;
  readonly csv: string;
}

/** An element of "files" sits two levels deep: stringified inside two arrays, it comes out indented as in the index. */
const NESTED_OPEN = '[\n  [\n'.length;
const NESTED_CLOSE = '\n  ]\n]'.length;

export function indexEntry(file: IndexedFile): IndexEntry {
  const nested = JSON.stringify([[describeFile(file)]], null, 2);
  return { json: nested.slice(NESTED_OPEN, nested.length - NESTED_CLOSE), csv: csvRow(file) };
}

/** The text of JSON.stringify({ version: 1, files }, null, 2), put together from the entries. */
export function indexJson(entries: readonly IndexEntry[]): string {
  if (entries.length === 0) return `${JSON.stringify({ version: 1, files: [] }, null, 2)}\n`;
  return `{\n  "version": 1,\n  "files": [\n${entries.map((e) => e.json).join(',\n')}\n  ]\n}\n`;
}

const CSV_COLUMNS = [
  'path', 'photo_id', 'user_id', 'kind', 'media', 'size_type', 'width', 'height', 'date', 'first_seen', 'removed', 'removed_at', 'sha256',
  'username', 'first_name', 'last_name', 'username_now', 'first_name_now', 'last_name_now',
] as const;

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets show names and never run them as formulas. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value); // digits, a sign, a dot, true/false: never quoted
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow({ item, path }: IndexedFile): string {
  const { context: c, source: s } = item;
  return [
    path, String(c.photoId), c.userId, c.kind, c.media, c.sizeType, s.width, s.height, iso(c.date * 1000), iso(c.firstSeen), c.removed,
    iso(s.removedAt), s.sha256, c.then.username, c.then.firstName, c.then.lastName, c.now.username, c.now.firstName, c.now.lastName,
  ].map(csvCell).join(',');
}

export function indexCsv(entries: readonly IndexEntry[]): string {
  // A BOM so Excel opens the UTF-8 names as UTF-8.
  return `\uFEFF${[CSV_COLUMNS.join(','), ...entries.map((e) => e.csv)].join('\r\n')}\r\n`;
}
