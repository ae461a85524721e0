import type Database from 'better-sqlite3';

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed' | 'interrupted';

export interface RunCounts {
  readonly targetsTotal: number;
  readonly targetsDone: number;
  readonly photosFound: number;
  readonly photosRemoved: number;
  readonly filesDownloaded: number;
  readonly bytesDownloaded: number;
  readonly floodWaits: number;
  readonly floodWaitSeconds: number;
  readonly errors: number;
}

export interface RunRow extends RunCounts {
  readonly id: number;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  readonly status: RunStatus;
  readonly pid: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly error: string | null;
}

const SELECT = `SELECT id, started_at AS startedAt, finished_at AS finishedAt, status, pid, targets_total AS targetsTotal,
  targets_done AS targetsDone, photos_found AS photosFound, photos_removed AS photosRemoved,
  files_downloaded AS filesDownloaded, bytes_downloaded AS bytesDownloaded, flood_waits AS floodWaits,
  flood_wait_seconds AS floodWaitSeconds, errors, requests, error FROM runs`;

type RawRun = Omit<RunRow, 'requests'> & { requests: string };
const fromRaw = (r: RawRun): RunRow => ({ ...r, requests: JSON.parse(r.requests) as Record<string, number> });

/** One row per sync run: what it did, what it cost, how it ended. */
export class RunsRepo {
  readonly #db: Database.Database;
  /** Prepared once: a run saves its counts as it goes. */
  readonly #update: Database.Statement;
  constructor(db: Database.Database) {
    this.#db = db;
    this.#update = db.prepare(
      `UPDATE runs SET targets_total = @targetsTotal, targets_done = @targetsDone, photos_found = @photosFound,
         photos_removed = @photosRemoved, files_downloaded = @filesDownloaded, bytes_downloaded = @bytesDownloaded,
         flood_waits = @floodWaits, flood_wait_seconds = @floodWaitSeconds, errors = @errors, requests = @requests
       WHERE id = @id`,
    );
  }

  start(now: number, pid: number): number {
    return Number(this.#db.prepare("INSERT INTO runs (started_at, status, pid) VALUES (?, 'running', ?)").run(now, pid).lastInsertRowid);
  }

  update(id: number, counts: RunCounts, requests: Readonly<Record<string, number>>): void {
    this.#update.run({ ...counts, requests: JSON.stringify(requests), id });
  }

  finish(id: number, status: Exclude<RunStatus, 'running'>, now: number, error: string | null): void {
    this.#db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, now, error, id);
  }

  /**
   * Runs still marked running whose process is gone (killed, crashed, power cut)
   * become 'interrupted'. Returns how many: their work may have left orphans.
   */
  closeStale(isAlive: (pid: number) => boolean, now: number): number {
    const stale = (this.#db.prepare("SELECT id, pid FROM runs WHERE status = 'running'").all() as { id: number; pid: number }[]).filter(
      (r) => r.pid === process.pid || !isAlive(r.pid),
    );
    const stmt = this.#db.prepare("UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ?");
    for (const r of stale) stmt.run(now, r.id);
    return stale.length;
  }

  get(id: number): RunRow | undefined {
    const raw = this.#db.prepare(`${SELECT} WHERE id = ?`).get(id) as RawRun | undefined;
    return raw && fromRaw(raw);
  }

  latest(): RunRow | undefined {
    const raw = this.#db.prepare(`${SELECT} ORDER BY id DESC LIMIT 1`).get() as RawRun | undefined;
    return raw && fromRaw(raw);
  }

  recent(limit: number): RunRow[] {
    return (this.#db.prepare(`${SELECT} ORDER BY id DESC LIMIT ?`).all(limit) as RawRun[]).map(fromRaw);
  }
}
