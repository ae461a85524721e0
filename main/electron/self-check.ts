/**
 * `--self-check=<report.json>`: the packaged app proves its native modules load
 * where electron-builder put them (asarUnpack, never rebuilt): it queries the
 * archive it opened with better-sqlite3, makes a thumbnail with sharp into the
 * archive's thumbs folder, writes what it found as JSON and exits (0 when all
 * worked). test/e2e-electron/packaged.spec.ts runs it on each CI build.
 *
 * The thumbnail is made here with sharp directly because this branch has no
 * thumbnail service yet; once core/media has one, this should call it instead.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Archive } from '../core/archive/archive.js';

export interface SelfCheckReport {
  readonly ok: boolean;
  readonly versions: Readonly<Record<string, string | undefined>>;
  readonly archive?: { readonly dir: string; readonly sqliteVersion: string; readonly schemaVersion: number };
  readonly thumbnail?: { readonly file: string; readonly format: string; readonly width: number; readonly height: number };
  readonly error?: string;
}

const FLAG = '--self-check=';

/** The report path from argv, or null when the flag is absent. */
export function selfCheckTarget(argv: readonly string[]): string | null {
  const arg = argv.find((a) => a.startsWith(FLAG));
  return arg ? path.resolve(arg.slice(FLAG.length)) : null;
}

export async function runSelfCheck(archive: Archive, reportFile: string): Promise<SelfCheckReport> {
  // Loaded here, not at start-up: a failure to load is part of the report.
  let versions: Record<string, string | undefined> = { electron: process.versions['electron'], node: process.versions.node };
  let report: SelfCheckReport;
  try {
    const { default: sharp } = await import('sharp');
    versions = { ...versions, vips: sharp.versions.vips, sharp: sharp.versions.sharp };
    const { sqliteVersion } = archive.db.prepare('SELECT sqlite_version() AS sqliteVersion').get() as { sqliteVersion: string };
    const schemaVersion = archive.db.pragma('user_version', { simple: true }) as number;
    // A photo-sized JPEG, as Telegram sends them, then a grid thumbnail of it.
    const photo = await sharp({ create: { width: 1280, height: 960, channels: 3, background: { r: 55, g: 174, b: 226 } } })
      .jpeg({ quality: 85 })
      .toBuffer();
    const file = path.join(archive.thumbsDir, 'self-check.webp');
    const info = await sharp(photo).resize({ width: 320, height: 320, fit: 'inside' }).webp({ quality: 80 }).toFile(file);
    report = {
      ok: true,
      versions,
      archive: { dir: archive.dir, sqliteVersion, schemaVersion },
      thumbnail: { file, format: info.format, width: info.width, height: info.height },
    };
  } catch (error) {
    report = { ok: false, versions, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  await fs.mkdir(path.dirname(reportFile), { recursive: true });
  await fs.writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
