/**
 * A lock file next to a file several processes write (the app and CLI runs
 * share the CLI's sessions file): created exclusively, naming the holder's pid.
 * A lock left by a process that died is taken over; a live holder is waited for.
 */
import fs from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isProcessAlive } from '../process-alive.js';

export class LockBusyError extends Error {
  readonly code = 'FILE_LOCKED';
  constructor(file: string, pid: number) {
    super(`Another program (process ${pid}) is writing ${file}; try again when it is done.`);
  }
}

export async function withFileLock<T>(lockFile: string, work: () => Promise<T>, options: { waitMs?: number; isAlive?: (pid: number) => boolean } = {}): Promise<T> {
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  const isAlive = options.isAlive ?? isProcessAlive;
  for (;;) {
    // The lock appears with the holder's pid already in it (written aside, then hard-linked into
    // place), so a process killed mid-way never leaves an empty lock nobody can judge.
    const aside = `${lockFile}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    await fs.writeFile(aside, String(process.pid), { mode: 0o600 });
    try {
      await fs.link(aside, lockFile);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      await fs.rm(aside, { force: true });
    }
    const holder = Number(await fs.readFile(lockFile, 'utf8').catch(() => ''));
    if (Number.isSafeInteger(holder) && holder > 0 && !isAlive(holder)) {
      await fs.rm(lockFile, { force: true }); // its holder died mid-write
      continue;
    }
    if (Date.now() >= deadline) throw new LockBusyError(lockFile.replace(/\.lock$/, ''), holder);
    await sleep(25);
  }
  try {
    return await work();
  } finally {
    await fs.rm(lockFile, { force: true });
  }
}
