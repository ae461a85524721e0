/**
 * A tiny on-disk cache for rendered JPEG pools, so only the first sandbox on a machine
 * pays for sharp. Entries are keyed by everything that shapes the bytes
 * (seed, parameters, encoder versions); a corrupt or foreign entry is just re-rendered.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FORMAT = 'tg-sandbox-pool-v1';

export function cacheDirectory(): string {
  return process.env.TG_SANDBOX_MEDIA_CACHE ?? join(tmpdir(), 'tg-sandbox-media-cache');
}

/** Returns the cached buffers for `key`, or renders, stores and returns them. */
export async function cachedBuffers(key: object, render: () => Promise<Buffer[]>): Promise<Buffer[]> {
  const name = createHash('sha256').update(FORMAT).update(JSON.stringify(key)).digest('hex').slice(0, 32);
  const dir = cacheDirectory();
  const file = join(dir, `${name}.bin`);
  const hit = await readFile(file).then(decode, () => null);
  if (hit) return hit;
  const buffers = await render();
  try {
    await mkdir(dir, { recursive: true });
    // Write then rename, so a concurrent sandbox never reads half a file.
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, encode(buffers));
    await rename(temp, file);
  } catch {
    // The cache is an optimisation; a read-only tmpdir must not stop the sandbox.
  }
  return buffers;
}

function encode(buffers: Buffer[]): Buffer {
  const head = Buffer.alloc(8 + 4 * buffers.length);
  head.writeUInt32LE(0x7462_7331, 0); // magic
  head.writeUInt32LE(buffers.length, 4);
  buffers.forEach((b, i) => head.writeUInt32LE(b.length, 8 + 4 * i));
  const body = Buffer.concat(buffers);
  const digest = createHash('sha256').update(head).update(body).digest();
  return Buffer.concat([head, body, digest]);
}

function decode(data: Buffer): Buffer[] | null {
  if (data.length < 40 || data.readUInt32LE(0) !== 0x7462_7331) return null;
  const count = data.readUInt32LE(4);
  const bodyStart = 8 + 4 * count;
  if (bodyStart + 32 > data.length) return null;
  const digest = createHash('sha256').update(data.subarray(0, data.length - 32)).digest();
  if (!digest.equals(data.subarray(data.length - 32))) return null;
  const out: Buffer[] = [];
  let offset = bodyStart;
  for (let i = 0; i < count; i++) {
    const length = data.readUInt32LE(8 + 4 * i);
    out.push(Buffer.from(data.subarray(offset, offset + length)));
    offset += length;
  }
  return offset === data.length - 32 ? out : null;
}
