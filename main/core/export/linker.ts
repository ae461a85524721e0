/**
 * Hard links made on a worker thread. An export of thousands of new files as
 * hard links is mostly folder creation, link and utimes calls: on the main
 * thread they would wait in turn with the naming, the records and the index;
 * here they run beside them, a batch at a time, and the main thread's event
 * loop stays free. A link is atomic and refuses an existing name, so no staging
 * is needed. Whatever fails (a name in use on disk, another device, a folder a
 * symbolic link leads out of the destination, no worker at all) is reported
 * back and goes the exporter's careful way.
 */
import { Worker } from 'node:worker_threads';

/** One link to make: the archive's file and the name in the export, both relative and '/'-separated, and the time (Unix seconds) to give the file. */
export type LinkJob = readonly [source: string, target: string, time: number];

// Plain CommonJS run by the worker. The folder check is the one isWithin (file-ops.ts) makes on the main thread.
// Paths come relative, flat in one array (cheap to pass) and are put together here, off the main thread:
// both halves are '/'-separated names without '.', '..' or empty parts, so joining is putting the separator in.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const path = require('node:path');
const checked = new Set();
const inside = (root, dir) => {
  const real = fs.realpathSync.native(dir);
  const rel = path.relative(root, real);
  return real === root || (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel));
};
const native = path.sep === '/' ? (relative) => relative : (relative) => relative.replaceAll('/', path.sep);
const withSep = (dir) => (dir.endsWith(path.sep) ? dir : dir + path.sep);
parentPort.on('message', ({ id, from, root, jobs }) => {
  const failed = [];
  const sourceBase = withSep(from);
  const targetBase = withSep(root);
  for (let i = 0; i < jobs.length; i += 3) {
    const to = jobs[i + 1];
    const time = jobs[i + 2];
    try {
      const target = targetBase + native(to);
      const slash = to.lastIndexOf('/');
      if (slash > 0) {
        const dir = target.slice(0, targetBase.length + slash);
        if (!checked.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          if (!inside(root, dir)) throw new Error('outside');
          checked.add(dir);
        }
      }
      fs.linkSync(sourceBase + native(jobs[i]), target);
      // On a hard link this dates the archive's own file too; nothing reads the archive's file times.
      fs.utimesSync(target, time, time);
    } catch {
      failed.push(i / 3);
    }
  }
  parentPort.postMessage({ id, failed });
});
`;

export class Linker {
  #worker: Worker | null;
  /** Batches sent and not answered yet. */
  readonly #pending = new Map<number, (failed: readonly number[] | null) => void>();
  #nextId = 0;

  /** Starts the worker: it boots while the caller reads the archive and settles the first names. */
  constructor() {
    let worker: Worker | null;
    try {
      // No inherited flags: a loader the parent runs under (tsx in development) has nothing to do in this plain CommonJS.
      worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [] });
    } catch {
      worker = null; // every link then goes the careful way
    }
    this.#worker = worker;
    worker?.on('message', ({ id, failed }: { id: number; failed: number[] }) => {
      this.#pending.get(id)?.(failed);
      this.#pending.delete(id);
    });
    worker?.on('error', () => this.#gone());
    worker?.on('exit', () => this.#gone());
  }

  /**
   * Links each job's source in `from` (the archive) to its target in `root`
   * (the destination's real path); resolves with the positions of the jobs
   * that failed. Batches are linked in the order sent.
   */
  link(from: string, root: string, jobs: readonly LinkJob[]): Promise<readonly number[]> {
    const all = jobs.map((_, i) => i);
    if (!this.#worker || jobs.length === 0) return Promise.resolve(all);
    const flat: (string | number)[] = [];
    for (const job of jobs) flat.push(...job);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (failed) => resolve(failed ?? all));
      this.#worker!.postMessage({ id, from, root, jobs: flat });
    });
  }

  /** Ends the worker; call when no batch is pending. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    await worker?.terminate();
  }

  /** The worker failed or ended: what it had not answered counts as failed, and so does what comes after. */
  #gone(): void {
    this.#worker = null;
    for (const settle of this.#pending.values()) settle(null);
    this.#pending.clear();
  }
}
