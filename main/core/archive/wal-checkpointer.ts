/**
 * Checkpoints the archive's write-ahead log from a worker thread. SQLite's
 * automatic checkpoint runs inside whichever commit crosses 1000 pages, on the
 * caller's thread, with an fsync of the whole database: on a busy disk that
 * commit took hundreds of milliseconds, holding the thread that answers the
 * window. Here the main connection never checkpoints; a second connection in a
 * worker does (PASSIVE: it never blocks writers), every second. If the worker
 * cannot run, the main connection checkpoints itself again, as SQLite would.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

const INTERVAL_MS = 1000;
const SQLITE_AUTOCHECKPOINT = 1000; // SQLite's default, restored if the worker fails

// Plain CommonJS run by the worker: better-sqlite3 from the path the main thread resolved.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage({ error: String(error) }); } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export class WalCheckpointer {
  readonly #worker: Worker | null;
  readonly #exited: Promise<void>;

  constructor(db: Database.Database, onProblem: (message: string) => void) {
    let worker: Worker | null = null;
    try {
      const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite, file: db.name, intervalMs: INTERVAL_MS } });
    } catch (error) {
      onProblem(`WAL checkpoints stay on the main thread: ${(error as Error).message}`);
    }
    this.#worker = worker;
    if (!worker) {
      this.#exited = Promise.resolve();
      return;
    }
    db.pragma('wal_autocheckpoint = 0');
    const fallBack = (message: string): void => {
      onProblem(`WAL checkpoints back on the main thread: ${message}`);
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT}`);
    };
    worker.on('message', (message: { error?: string }) => {
      if (message.error) onProblem(`WAL checkpoint failed: ${message.error}`);
    });
    worker.on('error', (error) => fallBack(error.message));
    worker.unref(); // a process that is otherwise done does not wait for the next checkpoint
    this.#exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Stops checkpointing: the worker checkpoints once more and closes its connection. Resolves when it has. */
  close(): Promise<void> {
    // Whoever awaits the close keeps the process alive until the worker is done (unref'd, it would not).
    this.#worker?.ref();
    this.#worker?.postMessage('close');
    return this.#exited;
  }
}
