import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileStore } from '../../../main/core/media/file-store.js';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('content-addressed file store', () => {
  it('writes through a .part file and names the result by its sha256', async () => {
    const store = new FileStore(tempDir());
    const bytes = Buffer.from('a jpeg, more or less');
    const writer = await store.begin('jpg');
    await writer.write(bytes.subarray(0, 5));
    await writer.write(bytes.subarray(5));
    expect(fs.readdirSync(path.join(store.mediaDir, '.parts'))).toHaveLength(1);
    const stored = await writer.commit();
    expect(stored).toEqual({ sha256: sha(bytes), path: `media/${sha(bytes).slice(0, 2)}/${sha(bytes)}.jpg`, bytes: bytes.length, deduplicated: false });
    expect(fs.readFileSync(store.absolute(stored.path))).toEqual(bytes);
    expect(fs.readdirSync(path.join(store.mediaDir, '.parts'))).toEqual([]);
  });

  it('stores identical bytes once', async () => {
    const store = new FileStore(tempDir());
    const bytes = Buffer.from('same bytes');
    const first = await (async () => {
      const w = await store.begin('mp4');
      await w.write(bytes);
      return w.commit();
    })();
    const w = await store.begin('mp4');
    await w.write(bytes);
    const second = await w.commit();
    expect(second).toMatchObject({ path: first.path, deduplicated: true });
    expect(fs.readdirSync(path.dirname(store.absolute(first.path)))).toHaveLength(1);
  });

  it('hashes a file as its pieces arrive: the name is the sha256 of the whole file on disk', async () => {
    const store = new FileStore(tempDir());
    const whole = randomBytes(3 * 1024 * 1024 + 123);
    const writer = await store.begin('mp4');
    for (let at = 0; at < whole.length; at += 100_000) await writer.write(whole.subarray(at, at + 100_000));
    const stored = await writer.commit();
    const onDisk = fs.readFileSync(store.absolute(stored.path));
    expect(onDisk.equals(whole)).toBe(true);
    expect(stored.sha256).toBe(sha(onDisk));
    expect(stored.bytes).toBe(whole.length);
  });

  it('stores only the bytes of a view, not the rest of the buffer it looks into', async () => {
    const store = new FileStore(tempDir());
    const big = randomBytes(10_000);
    const writer = await store.begin('jpg');
    await writer.write(big.subarray(1000, 1010));
    const stored = await writer.commit();
    expect(fs.readFileSync(store.absolute(stored.path)).equals(big.subarray(1000, 1010))).toBe(true);
  });

  it('a file-system failure keeps its errno code (what decides how a run ends)', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'media'), 'a file where the media folder should be');
    const store = new FileStore(dir);
    await expect(store.begin('jpg')).rejects.toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
  });

  it('abort leaves nothing behind', async () => {
    const store = new FileStore(tempDir());
    const w = await store.begin('jpg');
    await w.write(Buffer.from('half'));
    await w.abort();
    await w.abort();
    expect(fs.readdirSync(path.join(store.mediaDir, '.parts'))).toEqual([]);
  });

  it('the sweep after a crash removes .part files and files no row refers to, and keeps the rest', async () => {
    const store = new FileStore(tempDir());
    const kept = await (async () => {
      const w = await store.begin('jpg');
      await w.write(Buffer.from('kept'));
      return w.commit();
    })();
    const orphan = await (async () => {
      const w = await store.begin('jpg');
      await w.write(Buffer.from('orphan'));
      return w.commit();
    })();
    // A writer of a process that died (another FileStore on the same folder), mid-file.
    const crashed = await new FileStore(store.archiveDir).begin('jpg');
    await crashed.write(Buffer.from('interrupted'));
    const result = await store.sweep(() => new Set([kept.path]));
    expect(result).toEqual({ parts: 1, orphans: 1 });
    expect(fs.existsSync(store.absolute(kept.path))).toBe(true);
    expect(fs.existsSync(store.absolute(orphan.path))).toBe(false);
  });

  it('the sweep waits for its own writers still open (a cancelled run finishing a file) and keeps what they record', async () => {
    const store = new FileStore(tempDir());
    const straggler = await store.begin('jpg');
    await straggler.write(Buffer.from('landing late'));
    const rows = new Set<string>();
    const sweeping = store.sweep(() => rows);
    // The writer commits after the sweep began; its row is written as soon as the commit resolves.
    const stored = await straggler.commit();
    rows.add(stored.path);
    expect(await sweeping).toEqual({ parts: 0, orphans: 0 });
    expect(fs.existsSync(store.absolute(stored.path))).toBe(true);
  });

  it('remove never touches anything outside media/', async () => {
    const dir = tempDir();
    const store = new FileStore(dir);
    fs.writeFileSync(path.join(dir, 'archive.db'), 'db');
    await store.remove(['archive.db', '../x', 'media/../archive.db']);
    expect(fs.existsSync(path.join(dir, 'archive.db'))).toBe(true);
  });
});
