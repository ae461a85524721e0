import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveOpenError, openArchive } from '../../main/core/archive/archive.js';

/**
 * Makes a file unwritable even for root (which ignores modes): the immutable attribute where
 * chattr works, else the mode. Returns how to undo it, or null when neither can be done here.
 */
function readOnly(file: string): (() => void) | null {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(file, 0o444);
    fs.chmodSync(path.dirname(file), 0o555);
    return () => {
      fs.chmodSync(path.dirname(file), 0o755);
      fs.chmodSync(file, 0o644);
    };
  }
  try {
    execFileSync('chattr', ['+i', file], { stdio: 'ignore' });
    return () => execFileSync('chattr', ['-i', file], { stdio: 'ignore' });
  } catch {
    return null;
  }
}

const undo: (() => void)[] = [];
afterEach(() => undo.splice(0).forEach((u) => u()));

describe('a read-only archive', () => {
  it('is refused with what to fix, not "attempt to write a readonly database"', (context) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-ro-'));
    openArchive(dir).close();
    const restore = readOnly(path.join(dir, 'archive.db'));
    if (!restore) return context.skip('neither file modes (as root) nor chattr can make a file read-only here');
    undo.push(restore);
    let error: unknown;
    try {
      openArchive(dir).close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ArchiveOpenError);
    expect((error as ArchiveOpenError).code).toBe('ARCHIVE_READ_ONLY');
    expect((error as Error).message).toMatch(/cannot be written.*write access/s);
  });
});
