import { createHash, randomBytes, type Hash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { mainThread } from '../time-slicer.js';

export type MediaExtension = 'jpg' | 'mp4';

export interface StoredFile {
  readonly sha256: string;
  /** Relative to the archive folder, forward slashes: media/ab/<sha256>.jpg */
  readonly path: string;
  readonly bytes: number;
  /** The same bytes were already stored; nothing new was written. */
  readonly deduplicated: boolean;
}

/** A file being written: bytes go to a .part file that becomes the real file only on commit. */
export interface PartWriter {
  write(chunk: Uint8Array): Promise<void>;
  /** fsync, hash, rename into media/ab/<sha256>.<ext> (or drop if those bytes exist). */
  commit(): Promise<StoredFile>;
  /** Deletes the .part file. Safe to call after a failed write or twice. */
  abort(): Promise<void>;
}

export const PARTS_DIR = '.parts';

/**
 * The content-addressed media folder. Identical bytes are stored once; a file
 * only appears under its final name after its bytes are on disk (write .part,
 * fsync, rename, fsync the folder), so a crash leaves at most .part files, and
 * the sweep at the start of the next run removes those.
 */
export class FileStore {
  readonly archiveDir: string;
  readonly mediaDir: string;
  readonly #partsDir: string;
  /** Folders known to exist (media/ab/), so each file costs no mkdir. */
  readonly #dirs = new Set<string>();
  /** Writers begun and not yet committed or aborted; each settles when its writer does. */
  readonly #open = new Set<Promise<unknown>>();

  constructor(archiveDir: string) {
    this.archiveDir = path.resolve(archiveDir);
    this.mediaDir = path.join(this.archiveDir, 'media');
    this.#partsDir = path.join(this.mediaDir, PARTS_DIR);
  }

  absolute(relative: string): string {
    return path.join(this.archiveDir, ...relative.split('/'));
  }

  async begin(extension: MediaExtension): Promise<PartWriter> {
    await this.#ensureDir(this.#partsDir);
    const partPath = path.join(this.#partsDir, `${randomBytes(12).toString('hex')}.${extension}.part`);
    const handle = await fs.open(partPath, 'wx');
    const hash: Hash = createHash('sha256');
    let bytes = 0;
    let closed = false;
    const close = async (): Promise<void> => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    };
    return this.#tracked({
      write: async (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
        let offset = 0;
        while (offset < chunk.length) offset += (await handle.write(chunk, offset, chunk.length - offset)).bytesWritten;
      },
      commit: async () => {
        await handle.sync();
        await close();
        const sha256 = hash.digest('hex');
        const relative = `media/${sha256.slice(0, 2)}/${sha256}.${extension}`;
        const finalPath = this.absolute(relative);
        const dir = path.dirname(finalPath);
        await this.#ensureDir(dir);
        const deduplicated = await exists(finalPath);
        if (deduplicated) {
          await fs.rm(partPath, { force: true });
        } else {
          await fs.rename(partPath, finalPath);
          await syncDir(dir);
        }
        await mainThread.pause(); // the caller records the file next: in its share of the thread
        return { sha256, path: relative, bytes, deduplicated };
      },
      abort: async () => {
        await close().catch(() => undefined);
        await fs.rm(partPath, { force: true });
      },
    });
  }

  /** Counts a writer as open until its commit or abort settles (see sweep). */
  #tracked(writer: PartWriter): PartWriter {
    let ended: Promise<unknown> | null = null;
    let release!: () => void;
    const open = new Promise<void>((resolve) => (release = resolve));
    this.#open.add(open);
    const end = <T>(step: Promise<T>): Promise<T> => {
      ended ??= step.finally(() => {
        this.#open.delete(open);
        release();
      });
      return step;
    };
    return { write: writer.write, commit: () => end(writer.commit()), abort: () => end(writer.abort()) };
  }

  /**
   * Waits (up to `limitMs`) for writers of this store that are still open: a cancelled
   * run's last downloads may still be renaming files into place and recording their rows.
   */
  async settled(limitMs = 60_000): Promise<void> {
    if (this.#open.size === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => (timer = setTimeout(resolve, limitMs)));
    await Promise.race([Promise.allSettled([...this.#open]), limit]);
    clearTimeout(timer);
  }

  async #ensureDir(dir: string): Promise<void> {
    if (this.#dirs.has(dir)) return;
    await fs.mkdir(dir, { recursive: true });
    this.#dirs.add(dir);
  }

  /**
   * Removes .part files, and, given the set of paths the database refers to,
   * every media file outside it (a crash between rename and the row's commit).
   * Run only while no other sync writes to this archive.
   */
  async sweep(referencedNow: (() => ReadonlySet<string>) | null): Promise<{ parts: number; orphans: number }> {
    // A file renamed into place by a writer of the last run whose row is not written yet is no
    // orphan: let those writers finish, then ask the database what it refers to.
    await this.settled();
    const referenced = referencedNow?.() ?? null;
    let parts = 0;
    let orphans = 0;
    this.#dirs.clear(); // a sweep may follow someone deleting folders by hand
    for (const name of await readdirSafe(this.#partsDir)) {
      await fs.rm(path.join(this.#partsDir, name), { force: true, recursive: true });
      parts++;
    }
    if (!referenced) return { parts, orphans };
    for (const shard of await readdirSafe(this.mediaDir)) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of await readdirSafe(path.join(this.mediaDir, shard))) {
        const relative = `media/${shard}/${name}`;
        if (name.endsWith('.part') || !referenced.has(relative)) {
          await fs.rm(path.join(this.mediaDir, shard, name), { force: true });
          if (name.endsWith('.part')) parts++;
          else orphans++;
        }
      }
    }
    return { parts, orphans };
  }

  /** Deletes stored files (after their rows are gone). Missing files are fine. */
  async remove(relativePaths: readonly string[]): Promise<void> {
    for (const relative of relativePaths) {
      if (!/^media\/[0-9a-f]{2}\/[0-9a-f]{64}\.(jpg|mp4)$/.test(relative)) continue; // never outside media/
      await fs.rm(this.absolute(relative), { force: true });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

async function readdirSafe(dir: string): Promise<string[]> {
  try {
    return await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Makes a rename durable. Not every platform can open a folder (Windows); there it is skipped. */
async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function extensionFor(mime: string): MediaExtension {
  return mime === 'video/mp4' ? 'mp4' : 'jpg';
}
