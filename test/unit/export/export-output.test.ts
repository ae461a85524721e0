/**
 * What an export writes, pinned byte for byte: the file names, index.json,
 * index.csv, the sidecars and the records, for hard links (the worker's fast
 * path, then an incremental run) and for copies (the careful path), on an
 * archive with hostile and changing names, collisions, every kind of photo,
 * videos, removed photos, ids past 2^53 and dates across DST changes.
 * Speed work on the export must leave all of it as it is. After an intended
 * change of the output, regenerate with UPDATE_EXPORT_GOLDEN=1. The file list
 * is what a case-sensitive file system holds (Linux, where the tests run): on
 * NTFS or APFS the ALICE and alice folders would be one.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSettings } from '../../../preload/contract/export.js';
import { openArchive, type Archive } from '../../../main/core/archive/archive.js';
import { ExportRepo } from '../../../main/core/archive/export-repo.js';
import { ExportRun } from '../../../main/core/export/exporter.js';
import { createMetadataWriter } from '../../../main/core/export/metadata-writer.js';

const GOLDEN = fileURLToPath(new URL('./fixtures/export-output.golden.json', import.meta.url));
const NOW = 1_765_000_000_000;

/** People, each with the names they had over time (seen at, first, last, username). */
const PEOPLE: readonly { id: number; names: readonly [number, string, string, string | null][] }[] = [
  { id: 5001, names: [[1_480_000_000_000, 'Alice', 'Archer', 'alice'], [1_495_000_000_000, 'Alicia', 'Stone', 'alicia_stone']] },
  { id: 5002, names: [[1_500_000_000_000, 'ALICE', '', 'ALICE']] }, // the same folder as Alice's on a case-insensitive disk
  { id: 5003, names: [[1_480_000_000_000, 'Jose\u0301', 'Nu\u00F1ez', null], [1_497_000_000_000, 'José', '', null]] }, // NFD, then NFC
  { id: 7001, names: [[1_500_000_000_000, '../../../etc', 'x\u202Egpj.exe', null]] },
  { id: 7002, names: [[1_480_000_000_000, 'NUL', '', null], [1_503_000_000_000, 'CON.', ' ', 'con']] },
  { id: 7003, names: [[1_500_000_000_000, 'C:\\Windows\\', '\\\\host\\share. ', null]] },
  { id: 7004, names: [[1_500_000_000_000, '🎉'.repeat(80), '=SUM(A1)', null]] },
  { id: 7005, names: [] }, // no snapshot: the targets row's names
];
const KINDS = ['profile', 'profile', 'profile', 'personal', 'fallback'] as const;

interface Row {
  id: bigint;
  userId: number;
  kind: (typeof KINDS)[number];
  date: number;
  video: boolean;
  removed: boolean;
}

function photoRows(from: number, count: number): Row[] {
  return Array.from({ length: count }, (_, n) => {
    const i = from + n;
    const person = PEOPLE[i % PEOPLE.length]!;
    // Two of each person's on the same day (collisions, also between ALICE and alice), days across the DST changes in Berlin.
    const date = 1_490_000_000 + Math.floor(i / 16) * 86_400 * 61 + (i % 3) * 1800 + (i % 7 === 0 ? 3600 * 11 : 0);
    return { id: (i % 4 === 0 ? 9_007_199_254_740_993n : 1_000_000n) + BigInt(i), userId: person.id, kind: KINDS[i % KINDS.length]!, date, video: i % 6 === 5, removed: i % 5 === 2 };
  });
}

function addPhotos(archive: Archive, rows: readonly Row[]): void {
  const photo = archive.db.prepare(
    `INSERT INTO photos (id, user_id, kind, access_hash, file_reference, date, dc_id, has_video, wanted, files_complete, first_seen, last_seen, removed_at)
     VALUES (?, ?, ?, '1', x'01', ?, 2, ?, '[]', 1, ?, ?, ?)`,
  );
  const file = archive.db.prepare('INSERT INTO files (photo_id, size_type, width, height, bytes, sha256, mime, path, downloaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)');
  archive.db.transaction(() => {
    for (const r of rows) {
      photo.run(r.id, r.userId, r.kind, r.date, r.video ? 1 : 0, r.date * 1000 + 5000, NOW, r.removed ? r.date * 1000 + 86_400_000 : null);
      const sizes: [string, string, string][] = r.video ? [['c', 'image/jpeg', 'jpg'], ['u', 'video/mp4', 'mp4']] : [['c', 'image/jpeg', 'jpg']];
      for (const [sizeType, mime, ext] of sizes) {
        const bytes = Buffer.from(`${r.id}:${sizeType}`);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const relative = `media/${sha256.slice(0, 2)}/${sha256}.${ext}`;
        fs.mkdirSync(path.join(archive.dir, 'media', sha256.slice(0, 2)), { recursive: true });
        fs.writeFileSync(path.join(archive.dir, relative), bytes);
        file.run(r.id, sizeType, 640, sizeType === 'u' ? 640 : 480, bytes.length, sha256, mime, relative);
      }
    }
  })();
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** What the export wrote: its file names; the index files, the sidecars and the records by their hashes. */
function written(archive: Archive, profileId: number, dir: string): Record<string, unknown> {
  const files = fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');
  const records = archive.db
    .prepare('SELECT * FROM export_files WHERE profile_id = ? ORDER BY photo_id, size_type')
    .safeIntegers(true)
    .all(profileId)
    .map((r) => JSON.stringify(r, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
  return {
    files,
    'index.csv': sha256(read('index.csv')),
    'index.json': sha256(read('index.json')),
    sidecars: sha256(files.filter((f) => f.endsWith('.jpg.json') || f.endsWith('.mp4.json')).map((f) => `${f}\n${read(f)}`).join('\n')),
    records: sha256(records.join('\n')),
  };
}

/** A fresh archive in `dir` with the people and the first `count` photos. */
function makeArchive(dir: string, count: number): Archive {
  const archive = openArchive(dir);
  const target = archive.db.prepare('INSERT INTO targets (user_id, first_name, last_name, username, added_at) VALUES (?, ?, ?, ?, 0)');
  const snapshot = archive.db.prepare('INSERT INTO user_snapshots (user_id, seen_at, first_name, last_name, username) VALUES (?, ?, ?, ?, ?)');
  for (const person of PEOPLE) {
    const last = person.names.at(-1);
    target.run(person.id, last?.[1] ?? 'Target', last?.[2] ?? 'Only', last?.[3] ?? null);
    for (const [seenAt, first, lastName, username] of person.names) snapshot.run(person.id, seenAt, first, lastName, username);
  }
  addPhotos(archive, photoRows(0, count));
  return archive;
}

const golden = (): Record<string, unknown> => (fs.existsSync(GOLDEN) ? (JSON.parse(fs.readFileSync(GOLDEN, 'utf8')) as Record<string, unknown>) : {});

/** Compares with the pinned output (or, with UPDATE_EXPORT_GOLDEN=1, pins it). */
function expectPinned(name: string, value: Record<string, unknown>): void {
  if (process.env['UPDATE_EXPORT_GOLDEN'] === '1') {
    fs.mkdirSync(path.dirname(GOLDEN), { recursive: true });
    const all = { ...golden(), [name]: value };
    fs.writeFileSync(GOLDEN, `${JSON.stringify(Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b))), null, 1)}\n`);
  }
  expect(value).toEqual(golden()[name]);
}

describe('export output', () => {
  let base: string;
  const metadata = createMetadataWriter();
  const open: Archive[] = [];

  const settings = (over: Partial<ExportSettings>): ExportSettings => ({
    name: 'golden',
    destination: '',
    template: '{person}/{date:%Y}/{name} {date:%B %d}',
    timeZone: 'Europe/Berlin',
    mode: 'hardlink',
    include: { stills: true, videos: true, profile: true, personal: true, fallback: true, removed: 'mark' },
    writeMetadata: false,
    sidecars: true,
    webPage: false,
    autoExport: false,
    ...over,
  });
  const setUp = (name: string, count: number) => {
    const archive = makeArchive(path.join(base, name, 'archive'), count);
    open.push(archive);
    const repo = new ExportRepo(archive.db);
    const profileId = repo.insertProfile(name, '{}', 0);
    const destination = path.join(base, name, 'export');
    const exportOnce = (over: Partial<ExportSettings>) =>
      new ExportRun({ archiveDir: archive.dir, repo, metadata, now: () => NOW }, profileId, settings({ ...over, destination })).run();
    return { archive, profileId, destination, exportOnce };
  };

  beforeAll(() => {
    base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'export-golden-')));
  });
  afterAll(async () => {
    await metadata.close();
    for (const archive of open) archive.close();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('hard links, then only what is new on the next run: names, index, sidecars and records as pinned', async () => {
    const { archive, profileId, destination, exportOnce } = setUp('links', 60);
    expect(await exportOnce({})).toMatchObject({ status: 'done', total: 70, written: 70, copiedInsteadOfLinked: 0, errors: [] });
    expectPinned('links', written(archive, profileId, destination));
    addPhotos(archive, photoRows(60, 24));
    expect(await exportOnce({})).toMatchObject({ status: 'done', total: 98, written: 28, unchanged: 70, errors: [] });
    expectPinned('links-incremental', written(archive, profileId, destination));
  });

  it('a link refused because the name is taken on disk goes the careful way, and the index lists the name it got', async () => {
    const { destination, exportOnce } = setUp('taken', 60);
    const theirs = path.join(destination, 'ALICE', '2017', 'ALICE July 20.jpg');
    fs.mkdirSync(path.dirname(theirs), { recursive: true });
    fs.writeFileSync(theirs, 'the person\'s own file');
    expect(await exportOnce({ sidecars: false })).toMatchObject({ status: 'done', total: 70, written: 70, errors: [] });
    expect(fs.readFileSync(theirs, 'utf8')).toBe('the person\'s own file');
    const index = JSON.parse(fs.readFileSync(path.join(destination, 'index.json'), 'utf8')) as { files: { path: string }[] };
    const paths = index.files.map((f) => f.path);
    expect(paths).toHaveLength(70);
    expect(paths).not.toContain('ALICE/2017/ALICE July 20.jpg');
    expect(paths).toContain('ALICE/2017/ALICE July 20_1000033.jpg');
    for (const p of paths) expect(fs.statSync(path.join(destination, p)).isFile()).toBe(true);
    const csvRows = fs.readFileSync(path.join(destination, 'index.csv'), 'utf8').trim().split('\r\n').slice(1);
    expect(csvRows.map((row) => row.split(',')[0])).toEqual(paths);
  });

  it('copies with the default template, removed photos left out, in UTC: as pinned', async () => {
    const { archive, profileId, destination, exportOnce } = setUp('copies', 60);
    const include = { ...settings({}).include, removed: 'omit' as const };
    expect(await exportOnce({ mode: 'copy', template: '{person_now} ({user_id})/{date}_{kind}_{photo_id}', timeZone: 'UTC', sidecars: false, include })).toMatchObject({
      status: 'done',
      errors: [],
    });
    expectPinned('copies', written(archive, profileId, destination));
  });
});
