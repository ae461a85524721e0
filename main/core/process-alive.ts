import fs from 'node:fs';

/**
 * Whether a process id names a live process (one of another user counts as alive). Locks held by dead processes are stale.
 * A zombie (killed, not yet reaped by its parent) still answers signal 0 but does no work and holds nothing: on Linux
 * its state in /proc/PID/stat is Z (or X while being reaped), and it counts as dead.
 */
export function isProcessAlive(pid: number, readStat: (pid: number) => string | null = readProcStat): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  const stat = readStat(pid);
  return stat === null || !isDeadState(stat);
}

/** The state letter of /proc/PID/stat: after the command in parentheses, which may itself contain ") ". */
export function isDeadState(stat: string): boolean {
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state === 'Z' || state === 'X' || state === 'x';
}

/** /proc/PID/stat, or null where there is no procfs (macOS, Windows) or the process just went away. */
function readProcStat(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
}

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/PID/stat), or null where unknown. With the pid
 * it names one process: a pid reused after a crash and a reboot has another start time.
 */
export function processStartTime(pid: number, readStat: (pid: number) => string | null = readProcStat): string | null {
  const stat = readStat(pid);
  if (stat === null) return null;
  // Fields after the command: state is field 3, so starttime (22) is the 20th after it.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

/** A lock holder recorded as pid (and start time, where known) is still that live process. */
export function isHolderAlive(holder: { pid: number; started?: string | null }, readStat: (pid: number) => string | null = readProcStat): boolean {
  if (!isProcessAlive(holder.pid, readStat)) return false;
  if (holder.pid === process.pid || !holder.started) return true;
  const started = processStartTime(holder.pid, readStat);
  return started === null || started === holder.started;
}
