/**
 * The export's own descriptions of what it holds: a JSON sidecar per file, and
 * an index of the whole export as JSON and CSV. Pure and deterministic (same
 * archive, same bytes), so re-runs rewrite them only when something changed.
 */
import { isoString } from './date-format.js';
import type { ExportItem } from './selection.js';
import type { PersonNames } from './template.js';

export interface IndexedFile {
  readonly item: ExportItem;
  /** Relative to the destination, '/'-separated. */
  readonly path: string;
}

const iso = (ms: number | null): string | null => (ms === null ? null : isoString(ms));

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

const str = JSON.stringify as (value: string | null) => string;

/** A person's part of an entry: the same for all their files while their names stay (selectItems shares the objects). */
interface PersonPart {
  readonly now: PersonNames;
  readonly json: string;
  readonly csv: string;
}
const personParts = new WeakMap<PersonNames, PersonPart>();

function personPart(then: PersonNames, now: PersonNames): PersonPart {
  const known = personParts.get(then);
  if (known?.now === now) return known;
  const part = {
    now,
    json: `"person": {
        "then": {
          "firstName": ${str(then.firstName)},
          "lastName": ${str(then.lastName)},
          "username": ${str(then.username)}
        },
        "now": {
          "firstName": ${str(now.firstName)},
          "lastName": ${str(now.lastName)},
          "username": ${str(now.username)}
        }
      }`,
    csv: [then.username, then.firstName, then.lastName, now.username, now.firstName, now.lastName].map(csvCell).join(','),
  };
  personParts.set(then, part);
  return part;
}

/**
 * Written out rather than made by JSON.stringify(describeFile(file)): an
 * export of thousands builds the index while its links are made, and this is
 * most of that work. The text is what JSON.stringify gives for the element of
 * "files" two levels deep in the index (a test holds the two to each other).
 * Values that never need escaping or quoting (integers from the archive, the
 * kind and media words, decimal ids, ISO dates) go in as they are; the dates,
 * formatted once, serve the JSON and the CSV both.
 */
export function indexEntry({ item, path }: IndexedFile): IndexEntry {
  const { context: c, source: s } = item;
  const photoId = String(c.photoId);
  const date = isoString(c.date * 1000);
  const firstSeen = isoString(c.firstSeen);
  const removedAt = iso(s.removedAt);
  const person = personPart(c.then, c.now);
  // Joined rather than concatenated: one flat string per entry, the pieces left for the young-generation
  // collector; a concatenation keeps a tree of them alive (and copied by every collection) until the index is written.
  const json = [
    '    {',
    `      "path": ${str(path)},`,
    `      "photoId": "${photoId}",`,
    `      "userId": ${c.userId},`,
    `      "kind": "${c.kind}",`,
    `      "media": "${c.media}",`,
    `      "sizeType": ${str(c.sizeType)},`,
    `      "width": ${s.width},`,
    `      "height": ${s.height},`,
    `      "date": "${date}",`,
    `      "firstSeen": "${firstSeen}",`,
    `      "removed": ${c.removed},`,
    `      "removedAt": ${removedAt === null ? 'null' : `"${removedAt}"`},`,
    `      "sha256": ${str(s.sha256)},`,
    `      ${person.json}`,
    '    }',
  ].join('\n');
  const csv = [
    csvCell(path), csvCell(photoId), c.userId, c.kind, c.media, csvCell(c.sizeType), s.width, s.height, csvCell(date), csvCell(firstSeen), c.removed,
    csvCell(removedAt), csvCell(s.sha256), person.csv,
  ].join(',');
  return { json, csv };
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

const NEEDS_CARE = /^[=+\-@\t\r]|[",\r\n]/;

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets show names and never run them as formulas. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value); // digits, a sign, a dot, true/false: never quoted
  if (!NEEDS_CARE.test(value)) return value; // most cells: one look, nothing to do
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function indexCsv(entries: readonly IndexEntry[]): string {
  // A BOM so Excel opens the UTF-8 names as UTF-8.
  return `\uFEFF${[CSV_COLUMNS.join(','), ...entries.map((e) => e.csv)].join('\r\n')}\r\n`;
}
