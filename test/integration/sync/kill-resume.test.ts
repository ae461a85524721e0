/**
 * kill -9 of the syncing CLI process at random moments, again and again, with
 * the world changing in between; then one run to the end. The archive must be
 * exact: nothing lost, nothing twice, no orphan or .part file.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import { createHost } from '../../../main/host.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { API, baseArgs, cliEnv, runCli, startCli, type CliEnv } from '../cli/support.js';
import { ACCOUNT, expectArchiveExact, tempDir } from './support.js';

const TRIALS = 10;

const WORLD: WorldFileInput = {
  version: 1,
  seed: 99,
  dcs: [1, 2, 3],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Killer', startsLoggedIn: false }],
  generate: { users: 24, photosPerUser: [2, 24], videoShare: 0.15, contactOf: [ACCOUNT], firstUserId: 400_000 },
};

/** A small deterministic generator, so a failing trial sequence can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function countFiles(archive: string): { rows: number; distinctPhotos: number } {
  const db = new Database(path.join(archive, 'archive.db'), { readonly: true });
  try {
    const row = db.prepare('SELECT count(*) AS rows, count(DISTINCT photo_id) AS distinctPhotos FROM files').get() as { rows: number; distinctPhotos: number };
    return row;
  } finally {
    db.close();
  }
}

describe('kill -9 of the syncing CLI, then resume', () => {
  let sandbox: Sandbox;
  let env: CliEnv;
  let args: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    env = cliEnv(sandbox, tempDir('kill-it-'));
    args = baseArgs(env);
    const login = await runCli(['login', ...args, ...API, '--phone', '+15550001000', '--code', '12345']);
    expect(login.code, login.stderr).toBe(0);
    const add = await runCli(['targets', 'add', ...args, '--from', 'contacts', '--all', '--quiet']);
    expect(add.code, add.stderr).toBe(0);
    for (const dc of [1, 2, 3]) sandbox.control.setConditions(dc, { latencyMs: 15 });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it(`survives ${TRIALS} kills at random moments and ends exact, without duplicates or orphans`, async () => {
    const next = random(20251125);
    const users = [...sandbox.world.users()].filter((u) => !sandbox.world.account(u.id)).map((u) => u.id);
    let killedMidRun = 0;
    const progress: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      // The world moves on between runs: a new photo here, stale references there.
      if (trial % 3 === 1) await sandbox.control.addPhoto(users[Math.floor(next() * users.length)]!, { kind: next() < 0.3 ? 'video' : 'image' });
      if (trial % 4 === 2) sandbox.control.rotateFileReferences(users[Math.floor(next() * users.length)]!);

      const run = startCli(['sync', '--once', ...args, '--quiet']);
      const exited = run.done.then(() => true);
      // Half the kills at a random time (start-up, the check, listings), half after a random
      // number of new files (in the middle of downloads, between rename and row, ...).
      const before = countFiles(env.archive).rows;
      const moment =
        trial % 2 === 0
          ? new Promise<false>((r) => setTimeout(() => r(false), 200 + next() * 2300))
          : (async (): Promise<false> => {
              const target = before + 1 + Math.floor(next() * 30);
              const start = Date.now();
              while (countFiles(env.archive).rows < target && Date.now() - start < 20_000) await new Promise((r) => setTimeout(r, 10));
              return false;
            })();
      const exitedEarly = await Promise.race([exited, moment]);
      if (!exitedEarly) {
        run.child.kill('SIGKILL');
        killedMidRun++;
      }
      const result = await run.done;
      if (exitedEarly) expect(result.code, result.stderr).toBe(0);
      else expect(result.signal).toBe('SIGKILL');
      const counts = countFiles(env.archive);
      progress.push(counts.rows);
    }
    console.log(`kills mid-run: ${killedMidRun}; files after each trial: ${progress.join(", ")}; total ${[...sandbox.world.photos()].length} photos`);
    expect(killedMidRun, `kills that landed mid-run (files after each trial: ${progress.join(', ')})`).toBeGreaterThanOrEqual(TRIALS / 2);

    const final = await runCli(['sync', '--once', ...args, '--json']);
    expect(final.code, final.stderr).toBe(0);
    expect(JSON.parse(final.stdout).run).toMatchObject({ status: 'done', errors: 0 });

    const host = createHost({ archiveDir: env.archive, secrets: new MemorySecretStore(), appVersion: 't', platform: 't', serverProfile: sandbox.serverProfile });
    try {
      expectArchiveExact(host, sandbox, host.repos.targets.all().map((t) => t.userId));
      const runs = host.archive.db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all() as { status: string; n: number }[];
      expect(runs.find((r) => r.status === 'running')).toBeUndefined();
      expect(runs.find((r) => r.status === 'interrupted')?.n ?? 0).toBeGreaterThanOrEqual(killedMidRun - 1);
      expect(fs.existsSync(path.join(env.archive, 'media', '.parts')) ? fs.readdirSync(path.join(env.archive, 'media', '.parts')) : []).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
