/**
 * What `archive://media/…` and `archive://thumbs/…` answer, as a web-standard
 * Request → Response function: Electron's protocol.handle takes it as it is, and the
 * browser harness serves the very same function over HTTP.
 *
 * A file is served only from strictly inside its folder of the archive, with its
 * Content-Type and HTTP Range (206) support, and from one opened handle that is proven
 * to be the file that was checked: a path swapped for a symlink between the check and
 * the read is refused rather than followed.
 */
import { constants, type Stats } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { decideRange } from './byte-range.js';
import { resolveInside } from './resolve-inside.js';

export type ArchiveRequestHandler = (request: Request) => Promise<Response>;

/** The folders of an archive the renderer may read. */
export const SERVED_FOLDERS = ['media', 'thumbs'] as const;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.mp4': 'video/mp4',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

const plain = (status: number, text: string, extra: Record<string, string> = {}): Response =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...extra } });

/** `archiveDir` is read per request: the archive folder can change while the app runs. */
export function createArchiveRequestHandler(archiveDir: () => string): ArchiveRequestHandler {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'Bad request');
    }
    const folder = SERVED_FOLDERS.find((name) => name === url.host);
    if (!folder) return plain(404, 'Not found');
    const opened = await openInside(path.join(archiveDir(), folder), url.pathname);
    if (!opened) return plain(404, 'Not found');
    return respond(request, opened.handle, opened.stat, contentTypeFor(opened.file));
  };
}

interface OpenedFile {
  readonly handle: FileHandle;
  readonly stat: Stats;
  readonly file: string;
}

/** Opens the file `urlPath` names inside `root`, or null; the handle is the file that was checked. */
export async function openInside(root: string, urlPath: string): Promise<OpenedFile | null> {
  const file = await resolveInside(root, urlPath);
  if (!file) return null;
  // `file` is a real path: a symlink put in its place is refused by O_NOFOLLOW (where the OS has it).
  const handle = await fs.open(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0)).catch(() => null);
  if (!handle) return null;
  try {
    const [stat, again, checked] = await Promise.all([handle.stat(), fs.realpath(file).catch(() => null), fs.stat(file).catch(() => null)]);
    // A folder on the way swapped for a symlink changes the real path; swapped and back, the inode.
    const same = again === file && checked !== null && checked.ino === stat.ino && checked.dev === stat.dev;
    if (same && stat.isFile()) return { handle, stat, file };
  } catch {
    // fall through: refused
  }
  await handle.close();
  return null;
}

function respond(request: Request, handle: FileHandle, stat: Stats, contentType: string): Response {
  const size = stat.size;
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Accept-Ranges': 'bytes',
    'X-Content-Type-Options': 'nosniff',
    // Files are content-addressed: a name's bytes never change.
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
  const range = decideRange(request.headers.get('range'), size);
  if (range.kind === 'unsatisfiable') {
    void handle.close();
    return plain(416, 'Range not satisfiable', { 'Content-Range': `bytes */${size}` });
  }
  const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
  const status = range.kind === 'partial' ? 206 : 200;
  if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = String(Math.max(0, end - start + 1));
  if (request.method === 'HEAD' || size === 0) {
    void handle.close();
    return new Response(null, { status, headers });
  }
  const stream = handle.createReadStream({ start, end, autoClose: true });
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, { status, headers });
}
