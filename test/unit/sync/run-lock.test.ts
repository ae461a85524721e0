import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openArchive, type Archive } from '../../../main/core/archive/archive.js';
import { isDeadState, isHolderAlive, isProcessAlive, processStartTime } from '../../../main/core/process-alive.js';
import { RunLock, SyncBusyError } from '../../../main/core/sync/run-lock.js';

const open: Archive[] = [];
afterEach(() => {
  for (const a of open.splice(0)) {
    a.close();
    fs.rmSync(a.dir, { recursive: true, force: true });
  }
});
const archive = (): Archive => {
  const a = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'run-lock-')));
  open.push(a);
  return a;
};

/** A child of a parent that never reaps (a shell exec'd into sleep): killed, it stays a zombie. */
async function zombie(): Promise<{ pid: number; cleanup: () => void }> {
  const parent = spawn('sh', ['-c', 'sleep 600 & echo $!; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const pid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
  // Kill only once the shell has become sleep: a shell still running may reap its child first.
  const parentIsSleep = () => fs.readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim() === 'sleep';
  while (!parentIsSleep()) await new Promise((r) => setTimeout(r, 5));
  process.kill(pid, 'SIGKILL');
  // Wait for the kernel to turn it into a zombie (a state change, not a timing assumption).
  while (!isDeadState(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) await new Promise((r) => setTimeout(r, 5));
  return { pid, cleanup: () => parent.kill('SIGKILL') };
}

describe('process liveness', () => {
  it('reads the state after the command name, whatever the name holds', () => {
    expect(isDeadState('123 (a) Z odd) S 1 2 3')).toBe(false);
    expect(isDeadState('123 (a) S odd) Z 1 2 3')).toBe(true);
    expect(isDeadState('123 (node) S 1 2 3')).toBe(false);
    expect(isDeadState('123 (node) X 1 2 3')).toBe(true);
  });

  it('tells a pid reused by another process from the holder by its start time', () => {
    const stat = (start: number) => () => `42 (x) S ${Array.from({ length: 18 }, (_, i) => i).join(' ')} ${start} 0 0`;
    expect(processStartTime(42, stat(777))).toBe('777');
    const self = { pid: process.pid, started: processStartTime(process.pid) };
    expect(isHolderAlive(self)).toBe(true);
    expect(isHolderAlive({ pid: process.ppid, started: '1' })).toBe(process.platform !== 'linux');
  });

  it.skipIf(process.platform !== 'linux')('counts a kill -9ed, unreaped process (a zombie) as dead', async () => {
    const z = await zombie();
    try {
      expect(isProcessAlive(z.pid)).toBe(false);
      expect(isProcessAlive(process.ppid)).toBe(true);
    } finally {
      z.cleanup();
    }
  });
});

describe('the archive sync lock', () => {
  it('refuses while a live holder has it and takes it over from a zombie', async () => {
    const a = archive();
    const lock = new RunLock(a.db);
    a.db.prepare("INSERT INTO settings (key, value) VALUES ('sync.lock', ?)").run(JSON.stringify({ pid: process.ppid, since: 1 }));
    expect(() => lock.acquire(2)).toThrow(SyncBusyError);
    if (process.platform !== 'linux') return;
    const z = await zombie();
    try {
      a.db.prepare("UPDATE settings SET value = ? WHERE key = 'sync.lock'").run(JSON.stringify({ pid: z.pid, since: 1 }));
      lock.acquire(3);
      const holder = JSON.parse((a.db.prepare("SELECT value FROM settings WHERE key = 'sync.lock'").get() as { value: string }).value);
      expect(holder).toMatchObject({ pid: process.pid, started: processStartTime(process.pid) });
      lock.release();
    } finally {
      z.cleanup();
    }
  });
});
