import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Maps a URL path to a file strictly inside `root`, or null. Used by the
 * custom-scheme handlers that serve the UI and the archive's media, so that
 * `..`, encoded separators, absolute paths and symlinks pointing out of the
 * folder can never reach another file on disk.
 */
export async function resolveInside(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.replace(/^\/+/, '');
  if (relative === '' || path.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) return null;

  const realRoot = await fs.realpath(root).catch(() => null);
  if (!realRoot) return null;
  const candidate = path.resolve(realRoot, relative);
  if (!isWithin(realRoot, candidate)) return null;
  const real = await fs.realpath(candidate).catch(() => null);
  if (!real || !isWithin(realRoot, real)) return null;
  const stat = await fs.stat(real).catch(() => null);
  return stat?.isFile() ? real : null;
}

function isWithin(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}
