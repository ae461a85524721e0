import fs from 'node:fs';

/**
 * Narrows the mode of a file or folder this app made (perhaps by an older
 * version, more open). Missing is fine; on a read-only disk or someone else's
 * file it stays as it is, and opening it reports what is wrong.
 */
export function tightenMode(target: string, mode: number): void {
  let current: number;
  try {
    current = fs.statSync(target).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (current === mode) return;
  try {
    fs.chmodSync(target, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EROFS' && code !== 'EPERM') throw error;
  }
}
