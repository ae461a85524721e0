/**
 * The file system side of an export: making a file by copy, reflink or hard
 * link, hashing, and writing text through a temporary name and a rename.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, constants as fsConstants, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

/** Where files are made before they are renamed into place: inside the destination, so the rename stays on one device. */
export const STAGING_DIR = '.photo-archiver-export.tmp';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export const sha256Text = (text: string): string => createHash('sha256').update(text).digest('hex');

export type MadeBy = 'copy' | 'hardlink' | 'reflink';

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException | null)?.code;

/**
 * Makes `target` from `source` the requested way. A hard link that the file
 * system refuses (another device, FAT/exFAT, no permission) becomes a copy;
 * a reflink where the file system has none is a copy too (COPYFILE_FICLONE).
 */
export async function makeFile(source: string, target: string, mode: MadeBy): Promise<MadeBy> {
  if (mode === 'hardlink') {
    try {
      await fs.link(source, target);
      return 'hardlink';
    } catch (error) {
      if (!['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS'].includes(errorCode(error) ?? '')) throw error;
    }
  }
  await fs.copyFile(source, target, mode === 'reflink' ? fsConstants.COPYFILE_FICLONE : 0);
  return mode === 'reflink' ? 'reflink' : 'copy';
}

/** Flushes a file's bytes to disk, so the rename that follows never exposes a half-written file after a crash. */
export async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export function stagingName(root: string, ext: string): string {
  return path.join(root, STAGING_DIR, `${randomBytes(8).toString('hex')}.${ext}`);
}

/** Writes text to a new name in the staging folder, flushed to disk: renamed into place, it is there whole or not at all. */
export async function stageText(root: string, text: string): Promise<string> {
  const temp = stagingName(root, 'txt');
  await fs.writeFile(temp, text);
  await fsyncFile(temp);
  return temp;
}

/** Writes text whole or not at all. */
export async function writeTextAtomic(root: string, target: string, text: string): Promise<void> {
  await fs.rename(await stageText(root, text), target);
}

export async function statOrNull(file: string): Promise<Stats | null> {
  try {
    return await fs.lstat(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
    throw error;
  }
}

export function isWithin(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
