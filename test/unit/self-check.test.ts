import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../main/core/archive/archive.js';
import { runSelfCheck, selfCheckTarget } from '../../main/electron/self-check.js';

// The packaged app's --self-check, run here in Node on a real archive with the
// real better-sqlite3 and sharp (test/e2e-electron/packaged.spec.ts runs it inside
// the packaged app on CI).

let dir: string | null = null;
let archive: Archive | null = null;
afterEach(() => {
  archive?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  archive = dir = null;
});

describe('self-check', () => {
  it('takes its report path from --self-check=', () => {
    expect(selfCheckTarget(['electron', 'main.cjs', '--self-check=/tmp/r.json'])).toBe(path.resolve('/tmp/r.json'));
    expect(selfCheckTarget(['electron', 'main.cjs'])).toBeNull();
  });

  it('queries the archive with better-sqlite3, makes a WebP thumbnail with sharp and reports both', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'self-check-'));
    archive = openArchive(path.join(dir, 'archive'));
    const reportFile = path.join(dir, 'report.json');
    const report = await runSelfCheck(archive, reportFile);
    expect(report).toMatchObject({ ok: true, archive: { dir: archive.dir, sqliteVersion: expect.stringMatching(/^3\./) }, thumbnail: { format: 'webp', width: 320, height: 240 } });
    expect(report.archive!.schemaVersion).toBeGreaterThan(0);
    expect(JSON.parse(fs.readFileSync(reportFile, 'utf8'))).toEqual(report);
    const thumb = await sharp(report.thumbnail!.file).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 320, 240]);
    expect(path.dirname(report.thumbnail!.file)).toBe(archive.thumbsDir);
  });

  it('reports a failure instead of throwing', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'self-check-'));
    archive = openArchive(path.join(dir, 'archive'));
    archive.close();
    const report = await runSelfCheck(archive, path.join(dir, 'report.json'));
    expect(report.ok).toBe(false);
    expect(report.error).toMatch(/database connection is not open/i);
    archive = null;
  });
});
