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

/** One link to make: the archive's file, the name in the export, the time (Unix seconds) to give the file. */
export type LinkJob = readonly [source: string, target: string, time: number];

// Plain CommonJS run by the worker. The folder check is the one isWithin (file-ops.ts) makes on the main thread.
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
parentPort.on('message', ({ id, root, jobs }) => {
  const failed = [];
  for (let i = 0; i < jobs.length; i++) {
    const [source, target, time] = jobs[i];
    try {
      const dir = path.dirname(target);
      if (!checked.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        if (!inside(root, dir)) throw new Error('outside');
        checked.add(dir);
      }
      fs.linkSync(source, target);
      // On a hard link this dates the archive's own file too; nothing reads the archive's file times.
      fs.utimesSync(target, time, time);
    } catch {
      failed.push(i);
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

  constructor() {
    let worker: Worker | null;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true });
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

  /** Makes the links in `root` (the destination's real path); resolves with the positions of the jobs that failed. */
  link(root: string, jobs: readonly LinkJob[]): Promise<readonly number[]> {
    const all = jobs.map((_, i) => i);
    if (!this.#worker || jobs.length === 0) return Promise.resolve(all);
    const id = this.#nextId++;
    return new Promise((resolve) => {
      this.#pending.set(id, (failed) => resolve(failed ?? all));
      this.#worker!.postMessage({ id, root, jobs });
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
