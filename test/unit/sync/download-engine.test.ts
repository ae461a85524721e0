/**
 * The download engine's scheduling: a file holds its DC's slot only while it is
 * fetched, so a slow disk does not stop the next files from asking (the budget
 * stays full while files wait), and files fetched but not yet written are
 * bounded, so a disk slower than the network holds the downloads back. The
 * files are real (a FileStore in a temp folder); the disk's slowness is a gate
 * in front of each commit.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api } from 'telegram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FilesRepo } from '../../../main/core/archive/files-repo.js';
import type { PendingPhoto, PhotosRepo } from '../../../main/core/archive/photos-repo.js';
import { FileStore } from '../../../main/core/media/file-store.js';
import { DownloadEngine, MAX_WRITING } from '../../../main/core/sync/download-engine.js';
import { RunControl } from '../../../main/core/sync/run-control.js';
import type { TelegramCaller } from '../../../main/core/telegram/caller.js';
import { fileAnswer } from '../../fakes/file-answer-packet.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const photo = (id: number): PendingPhoto => ({
  id: BigInt(id),
  userId: 5,
  kind: 'profile',
  accessHash: 1n,
  fileReference: Buffer.alloc(4),
  dcId: 2,
  wanted: [{ type: 'c', w: 640, h: 640, size: 1000, mime: 'image/jpeg' }],
  done: [],
});

/** An engine on a real file store whose commits wait for `openDisk()`; counts getFile calls. */
function engineWithSlowDisk(concurrencyPerDc: number, answer = (asked: number) => new Api.upload.File({ type: new Api.storage.FileJpeg(), mtime: 0, bytes: Buffer.alloc(1000, asked) })) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-'));
  dirs.push(dir);
  const store = new FileStore(dir);
  let openDisk!: () => void;
  const disk = new Promise<void>((resolve) => (openDisk = resolve));
  const slowStore = {
    begin: async (extension: 'jpg' | 'mp4') => {
      const writer = await store.begin(extension);
      return { ...writer, commit: async () => (await disk, writer.commit()) };
    },
  } as unknown as FileStore;
  let asked = 0;
  const caller: TelegramCaller = {
    accountId: 1,
    homeDcId: 2,
    requestCounts: () => ({}),
    call: async (request) => {
      if (!(request instanceof Api.upload.GetFile)) throw new Error('unexpected request');
      return answer(++asked);
    },
  };
  const recorded: bigint[] = [];
  const engine = new DownloadEngine({
    caller,
    control: new RunControl(),
    photos: { has: () => true } as unknown as PhotosRepo, // every photo is still archived (none purged meanwhile)
    files: { record: (row: { photoId: bigint }) => (recorded.push(row.photoId), { photoComplete: true }) } as unknown as FilesRepo,
    store: slowStore,
    refresh: async () => null,
    now: () => 0,
    log: { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined },
    concurrencyPerDc,
    timeoutFor: () => 10_000,
  });
  return { engine, openDisk, asked: () => asked, recorded, store };
}

/** Lets every promise chain that can settle now settle (the fake caller answers at once). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('download engine scheduling', () => {
  it('a file waiting for the disk does not hold its slot: the next files are fetched meanwhile', async () => {
    const t = engineWithSlowDisk(1);
    for (const id of [1, 2, 3]) t.engine.enqueue(photo(id));
    await settle();
    expect(t.asked()).toBe(3); // one slot per DC, yet all three asked while the disk waits
    expect(t.recorded).toEqual([]);
    t.openDisk();
    await t.engine.idle();
    expect(t.recorded.sort()).toEqual([1n, 2n, 3n]);
  });

  it('files fetched but not written are bounded: a slow disk holds the downloads back', async () => {
    const t = engineWithSlowDisk(4);
    for (let id = 1; id <= MAX_WRITING + 10; id++) t.engine.enqueue(photo(id));
    await settle();
    // Starts stop once MAX_WRITING files wait for the disk; the 3 others then being fetched still land.
    expect(t.asked()).toBe(MAX_WRITING + 3);
    t.openDisk();
    await t.engine.idle();
    expect(t.asked()).toBe(MAX_WRITING + 10);
    expect(t.recorded).toHaveLength(MAX_WRITING + 10);
  });

  it('frees a file part that came in a packet of its own as soon as it is written, and stores it whole', async () => {
    const sent = randomBytes(10_000);
    const packets: Buffer[] = [];
    const t = engineWithSlowDisk(1, () => {
      const { packet, answer } = fileAnswer(sent);
      packets.push(packet);
      return answer;
    });
    const one = photo(1);
    t.engine.enqueue({ ...one, wanted: [{ ...one.wanted[0]!, size: sent.length }] });
    // written to the .part file, then freed: while the commit still waits for the disk
    await vi.waitFor(() => expect(packets[0]!.buffer.byteLength).toBe(0), { timeout: 10_000 });
    expect(t.recorded).toEqual([]);
    t.openDisk();
    await t.engine.idle();
    const [stored] = fs.readdirSync(t.store.mediaDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.jpg'));
    expect(fs.readFileSync(path.join(stored!.parentPath, stored!.name)).equals(sent)).toBe(true);
  });
});
