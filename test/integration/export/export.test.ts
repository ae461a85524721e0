/**
 * Export on a real archive synced from the sandbox: templates and their
 * preview, hostile names, collisions, dates and people written into the files
 * (read back by exifr and by a box parser, the image and media bytes
 * unchanged), file times, index and sidecars, idempotent re-runs, a file the
 * person edited, an interrupted export resumed, hard links, removed photos,
 * and auto-export after an archive run.
 */
import fs from 'node:fs';
import path from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSettings } from '../../../preload/contract/export.js';
import { collisionKey } from '../../../main/core/export/safe-name.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { addTargets, loggedInHost, syncOnce, tempDir, type SyncTestHost } from '../sync/support.js';
import { EXPORT_TARGETS, EXPORT_WORLD, jpegImageData, mp4CreationTime, mp4MediaData, walk } from './support.js';

describe('export folders', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;
  let base: string;

  const settings = (over: Partial<ExportSettings> = {}): ExportSettings => ({
    name: `p${Math.random().toString(36).slice(2, 8)}`,
    destination: path.join(base, `out-${Math.random().toString(36).slice(2, 8)}`),
    template: '{person_now} ({user_id})/{date:%Y}/{date}_{kind}_{name}',
    timeZone: 'Europe/Berlin',
    mode: 'copy',
    include: { stills: true, videos: true, profile: true, personal: true, fallback: true, removed: 'mark' },
    writeMetadata: true,
    sidecars: true,
    webPage: false,
    autoExport: false,
    ...over,
  });

  const save = (s: ExportSettings) => t.host.exports.save(s);
  const run = (id: number) => t.host.exports.run(id);
  const archivedFiles = () =>
    t.host.archive.db
      .prepare('SELECT f.photo_id AS photoId, f.size_type AS sizeType, f.path, f.mime, p.date, p.user_id AS userId FROM files f JOIN photos p ON p.id = f.photo_id')
      .safeIntegers(true)
      .all() as { photoId: bigint; sizeType: string; path: string; mime: string; date: bigint; userId: bigint }[];
  const recordsOf = (profileId: number) =>
    t.host.archive.db.prepare('SELECT photo_id AS photoId, size_type AS sizeType, path FROM export_files WHERE profile_id = ?').safeIntegers(true).all(profileId) as {
      photoId: bigint;
      sizeType: string;
      path: string;
    }[];
  const statsOf = (dir: string) => new Map(walk(dir).map((f) => [f, fs.statSync(path.join(dir, f))] as const));

  beforeAll(async () => {
    base = tempDir('export-it-');
    sandbox = await startSandbox({ world: EXPORT_WORLD });
    t = await loggedInHost(sandbox, path.join(base, 'archive'));
    await addTargets(t.host, EXPORT_TARGETS, sandbox);
    expect((await syncOnce(t.host)).status).toBe('done');
    // Alice renames after her photos were set: names "then" and "now" differ from here on.
    sandbox.control.renameUser(5001, { firstName: 'Alicia', lastName: 'Stone', username: 'alicia_stone' });
    expect((await syncOnce(t.host)).status).toBe('done');
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
    if (base) fs.rmSync(base, { recursive: true, force: true });
  });

  it('previews the first names: names as they were and as they are, collisions resolved', async () => {
    const preview = t.host.exports.preview(settings({ template: '{username} then, {username_now} now/{kind}', include: { stills: true, videos: false, profile: true, personal: true, fallback: true, removed: 'mark' } }), 100);
    if (!preview.ok) throw new Error(preview.message);
    const alice = preview.paths.filter((p) => p.startsWith('alice_archer then, alicia_stone now/'));
    expect(alice).toContain('alice_archer then, alicia_stone now/profile.jpg');
    // Three profile photos in one name: the later ones get their photo id, the same way every time.
    expect(alice.filter((p) => /\/profile(_\d+)?\.jpg$/.test(p))).toHaveLength(3);
    expect(new Set(preview.paths.map(collisionKey)).size).toBe(preview.paths.length);
    expect(preview.total).toBe(archivedFiles().filter((f) => f.mime === 'image/jpeg').length);
    const bad = t.host.exports.preview(settings({ template: '../{photo_id}' }), 5);
    expect(bad).toEqual({ ok: false, message: expect.stringMatching(/"\.\." folder/) });
  });

  it('refuses to save a template that could escape, a relative folder, metadata on hard links', () => {
    expect(() => save(settings({ template: '/abs/{photo_id}' }))).toThrow(/absolute/);
    expect(() => save(settings({ destination: 'relative/dir' }))).toThrow(/full path/);
    expect(() => save(settings({ mode: 'hardlink', writeMetadata: true }))).toThrow(/Hard links/);
    expect(() => save(settings({ destination: path.join(t.host.archive.dir, 'media', 'x') }))).toThrow(/inside the archive/);
  });

  it('exports every file with the date and the person written in, image and media bytes unchanged, times set, index and sidecars', async () => {
    const s = settings();
    const profile = save(s);
    const summary = await run(profile.id);
    expect(summary.status, summary.error ?? '').toBe('done');
    expect(summary.errors).toEqual([]);
    const files = archivedFiles();
    expect(summary.total).toBe(files.length);
    expect(summary.written).toBe(files.length);

    const records = recordsOf(profile.id);
    expect(records).toHaveLength(files.length);
    const dest = s.destination;
    const onDisk = walk(dest);
    expect(onDisk.filter((f) => !f.endsWith('.json') && !f.endsWith('.csv')).sort()).toEqual(records.map((r) => r.path).sort());
    expect(onDisk.some((f) => f.includes('.photo-archiver-export.tmp'))).toBe(false);

    for (const file of files) {
      const record = records.find((r) => r.photoId === file.photoId && r.sizeType === file.sizeType)!;
      const exported = fs.readFileSync(path.join(dest, record.path));
      const original = fs.readFileSync(path.join(t.host.archive.dir, file.path));
      const date = Number(file.date);
      expect(fs.statSync(path.join(dest, record.path)).mtimeMs, record.path).toBe(date * 1000);
      if (file.mime === 'image/jpeg') {
        expect(jpegImageData(exported).equals(jpegImageData(original)), `image data of ${record.path}`).toBe(true);
        const exif = await exifr.parse(exported, { tiff: true, exif: true, xmp: true, reviveValues: false });
        const berlin = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin', dateStyle: 'short', timeStyle: 'medium' }).format(new Date(date * 1000));
        expect(exif.DateTimeOriginal).toBe(berlin.replace(/-/g, ':'));
        expect(exif.OffsetTimeOriginal).toMatch(/^\+0[12]:00$/);
        const person = Number(file.userId) === 5001 ? 'Alice Archer (@alice_archer)' : '';
        if (person) expect(exif.ImageDescription).toContain(person);
      } else {
        expect(file.mime).toBe('video/mp4');
        expect(mp4CreationTime(exported)).toBe(date);
        expect(mp4MediaData(exported).equals(mp4MediaData(original))).toBe(true);
      }
      const sidecar = JSON.parse(fs.readFileSync(path.join(dest, `${record.path}.json`), 'utf8'));
      expect(sidecar).toMatchObject({ photoId: String(file.photoId), userId: Number(file.userId), date: new Date(date * 1000).toISOString() });
    }

    const index = JSON.parse(fs.readFileSync(path.join(dest, 'index.json'), 'utf8'));
    expect(index.files).toHaveLength(files.length);
    const alice = index.files.find((f: { userId: number; kind: string }) => f.userId === 5001 && f.kind === 'fallback');
    expect(alice.person).toEqual({ then: { firstName: 'Alice', lastName: 'Archer', username: 'alice_archer' }, now: { firstName: 'Alicia', lastName: 'Stone', username: 'alicia_stone' } });
    const csv = fs.readFileSync(path.join(dest, 'index.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFpath,photo_id,')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(files.length + 1);
    // Folders are named as people are called now; the file names as they were when each photo was set.
    expect(onDisk).toContain(records.find((r) => r.path.startsWith('alicia_stone (5001)/'))!.path);
    expect(records.filter((r) => r.path.startsWith('alicia_stone (5001)/')).every((r) => r.path.includes('Alice Archer'))).toBe(true);
  });

  it('keeps hostile names inside the folder: no traversal, no bidi or control characters, no device names', async () => {
    const s = settings({ template: '{name}/{name_now} {username}_{photo_id}', writeMetadata: false, sidecars: false });
    const summary = await run(save(s).id);
    expect(summary.status).toBe('done');
    const outside = path.dirname(s.destination);
    expect(fs.readdirSync(outside).filter((f) => f === 'etc' || f.endsWith('.exe'))).toEqual([]);
    const files = walk(s.destination);
    for (const f of files) {
      expect(fs.realpathSync(path.join(s.destination, f)).startsWith(fs.realpathSync(s.destination) + path.sep)).toBe(true);
      expect(f).not.toMatch(/[\p{Cc}\u202a-\u202e\u2066-\u2069\\:]/u);
      for (const segment of f.split('/')) expect(segment).not.toMatch(/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)|^\.|[. ]$/i);
    }
    expect(files.filter((f) => f.startsWith('_.._.._etc x'))).toHaveLength(2);
    expect(files.some((f) => f.startsWith('_NUL/'))).toBe(true);
    expect(files.some((f) => f.startsWith('C__Windows_ __host_share/'))).toBe(true);
  });

  it('a second run writes nothing', async () => {
    const s = settings();
    const profile = save(s);
    expect((await run(profile.id)).written).toBeGreaterThan(0);
    const before = statsOf(s.destination);
    const again = await run(profile.id);
    expect(again).toMatchObject({ status: 'done', written: 0, unchanged: again.total, keptEdited: [] });
    const after = statsOf(s.destination);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [file, stat] of after) {
      expect(stat.ino, file).toBe(before.get(file)!.ino);
      expect(stat.mtimeMs, file).toBe(before.get(file)!.mtimeMs);
    }
  });

  it('never overwrites a file the person edited: reports it and writes the archive\'s version under another name', async () => {
    const s = settings({ sidecars: false });
    const profile = save(s);
    await run(profile.id);
    const [victim] = recordsOf(profile.id).filter((r) => r.path.endsWith('.jpg'));
    const file = path.join(s.destination, victim!.path);
    fs.writeFileSync(file, 'my own edit');
    const summary = await run(profile.id);
    expect(summary.keptEdited).toEqual([victim!.path]);
    expect(summary.written).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('my own edit');
    const moved = recordsOf(profile.id).find((r) => r.photoId === victim!.photoId && r.sizeType === victim!.sizeType)!;
    expect(moved.path).toBe(victim!.path.replace(/\.jpg$/, `_${victim!.photoId}.jpg`));
    expect(fs.readFileSync(path.join(s.destination, moved.path)).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect((await run(profile.id)).written).toBe(0);
  });

  it('an interrupted export resumes: nothing half-written, nothing twice', async () => {
    const s = settings();
    const profile = save(s);
    const abort = new AbortController();
    const { ExportRun } = await import('../../../main/core/export/exporter.js');
    const { ExportRepo } = await import('../../../main/core/archive/export-repo.js');
    const { createMetadataWriter } = await import('../../../main/core/export/metadata-writer.js');
    const metadata = createMetadataWriter();
    const deps = { archiveDir: t.host.archive.dir, repo: new ExportRepo(t.host.archive.db), metadata, now: () => Date.now() };
    const first = await new ExportRun(deps, profile.id, s).run({ signal: abort.signal, onProgress: (p) => p.done === 3 && abort.abort() });
    await metadata.close();
    expect(first.status).toBe('cancelled');
    const partial = recordsOf(profile.id).length;
    expect(partial).toBe(3);

    // A crash after a rename and before its record, and a half-made file in the staging folder.
    const lost = recordsOf(profile.id)[0]!;
    t.host.archive.db.prepare('DELETE FROM export_files WHERE profile_id = ? AND photo_id = ? AND size_type = ?').run(profile.id, lost.photoId, lost.sizeType);
    fs.mkdirSync(path.join(s.destination, '.photo-archiver-export.tmp'), { recursive: true });
    fs.writeFileSync(path.join(s.destination, '.photo-archiver-export.tmp', 'dead.jpg'), 'half');

    const resumed = await run(profile.id);
    expect(resumed.status).toBe('done');
    expect(resumed.unchanged).toBe(3); // two unchanged, the unrecorded one taken over as it was
    expect(resumed.written).toBe(resumed.total - 3);
    const records = recordsOf(profile.id);
    expect(records).toHaveLength(resumed.total);
    expect(records.find((r) => r.photoId === lost.photoId && r.sizeType === lost.sizeType)!.path).toBe(lost.path);
    const media = walk(s.destination).filter((f) => f.endsWith('.jpg') || f.endsWith('.mp4'));
    expect(media.sort()).toEqual(records.map((r) => r.path).sort());
    expect(fs.existsSync(path.join(s.destination, '.photo-archiver-export.tmp'))).toBe(false);
  });

  it('hard links share the archive\'s bytes and write nothing into them', async () => {
    const s = settings({ mode: 'hardlink', writeMetadata: false, sidecars: false });
    const profile = save(s);
    const summary = await run(profile.id);
    expect(summary).toMatchObject({ status: 'done', copiedInsteadOfLinked: 0 });
    for (const file of archivedFiles()) {
      const record = recordsOf(profile.id).find((r) => r.photoId === file.photoId && r.sizeType === file.sizeType)!;
      expect(fs.statSync(path.join(s.destination, record.path)).ino).toBe(fs.statSync(path.join(t.host.archive.dir, file.path)).ino);
    }
    expect((await run(profile.id)).written).toBe(0);
  });

  it('removed photos are exported and marked, or left out, as the profile says; auto-export follows an archive run', async () => {
    const marked = settings({ autoExport: true, writeMetadata: false });
    const omitted = settings({ autoExport: true, writeMetadata: false, include: { ...marked.include, removed: 'omit' } });
    const markedId = save(marked).id;
    const omittedId = save(omitted).id;
    const gone = sandbox.world.user(5001)!.photos.find((p) => !p.removed && p.kind === 'image')!;
    sandbox.control.removePhoto(5001, gone.id);
    const added = await sandbox.control.addPhoto(7002);
    expect((await syncOnce(t.host, { deep: true })).status).toBe('done');
    await t.host.exports.settled();

    const markedRecords = recordsOf(markedId);
    const removedRecord = markedRecords.find((r) => String(r.photoId) === gone.id)!;
    expect(removedRecord).toBeDefined();
    expect(JSON.parse(fs.readFileSync(path.join(marked.destination, `${removedRecord.path}.json`), 'utf8')).removed).toBe(true);
    const index = JSON.parse(fs.readFileSync(path.join(marked.destination, 'index.json'), 'utf8'));
    expect(index.files.find((f: { photoId: string }) => f.photoId === gone.id).removed).toBe(true);
    expect(markedRecords.some((r) => String(r.photoId) === added.id)).toBe(true);

    const omittedRecords = recordsOf(omittedId);
    expect(omittedRecords.some((r) => String(r.photoId) === gone.id)).toBe(false);
    expect(omittedRecords.some((r) => String(r.photoId) === added.id)).toBe(true);
    expect(t.host.exports.profile(markedId).lastRun).toMatchObject({ status: 'done' });
  });
});
