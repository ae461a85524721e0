/**
 * kill -9 of the syncing CLI process, again and again, with the world changing in
 * between; then one run to the end. The archive must be exact: nothing lost,
 * nothing twice, no orphan or .part file.
 *
 * Every kill lands mid-run by construction, not by timing: the sandbox runs in this
 * process, so its metrics show each request of the child as it arrives, and the
 * child is killed in the same tick as its trial's chosen request shows up (during
 * the check, a listing or the downloads). The world holds far more files than ten
 * trials may fetch before their kill moment, and each kill is proved mid-run twice:
 * the child had been sent fewer files than the archive lacked, and its run row was
 * left 'running'.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import { createHost } from '../../../main/host.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { API, baseArgs, cliEnv, runCli, startCli, whenRequested, type CliEnv } from '../cli/support.js';
import { ACCOUNT, expectArchiveExact, expectedPhotos, tempDir } from './support.js';

const USERS = 40;
const PHOTOS_PER_USER = 25; // one getUserPhotos page each

/**
 * ~1,040 files, mostly small 200 px stills (one 640 px video per user), so the final
 * run is quick while ten trials of at most ~40 files plus what is in flight (8 per
 * DC) cannot come near the end.
 */
const WORLD: WorldFileInput = {
  version: 1,
  seed: 99,
  dcs: [1, 2, 3],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Killer', startsLoggedIn: false }],
  users: Array.from({ length: USERS }, (_, u) => {
    const id = 400_000 + u;
    return {
      id,
      firstName: `Person ${u}`,
      dc: 1 + (u % 3),
      contactOf: [ACCOUNT],
      photos: Array.from({ length: PHOTOS_PER_USER }, (_, n) => ({
        id: String(id * 1000 + n + 1),
        date: 1_600_000_000 + n * 86_400,
        dc: 1 + ((u + n) % 3),
        ...(n === 7 ? { kind: 'video' as const } : { width: 200 }),
      })),
    };
  }),
};

/**
 * When each trial's child is killed: as the `count`-th request of `method` of that
 * trial reaches the sandbox. The check (users.getUsers, while the files an earlier
 * run listed already download), the listings, and the downloads at varied depths.
 */
type Moment = { readonly method: 'users.GetUsers' | 'photos.GetUserPhotos' | 'upload.GetFile'; readonly count: number };
const MOMENTS: readonly Moment[] = [
  { method: 'users.GetUsers', count: 1 },
  { method: 'photos.GetUserPhotos', count: 3 },
  { method: 'upload.GetFile', count: 1 },
  { method: 'photos.GetUserPhotos', count: 6 },
  { method: 'upload.GetFile', count: 12 },
  { method: 'users.GetUsers', count: 1 },
  { method: 'upload.GetFile', count: 40 },
  { method: 'upload.GetFile', count: 5 },
  { method: 'upload.GetFile', count: 27 },
  { method: 'upload.GetFile', count: 33 },
];

/** A small deterministic generator, so the world's changes can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function readArchive(archive: string): { files: number; lastRun: { id: number; status: string; pid: number } | undefined } {
  const db = new Database(path.join(archive, 'archive.db'), { readonly: true });
  try {
    return {
      files: (db.prepare('SELECT count(*) FROM files').pluck().get() as number) ?? 0,
      lastRun: db.prepare('SELECT id, status, pid FROM runs ORDER BY id DESC LIMIT 1').get() as { id: number; status: string; pid: number } | undefined,
    };
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
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  const expectedFileCount = (): number =>
    [...sandbox.world.users()]
      .filter((u) => !sandbox.world.account(u.id))
      .flatMap((u) => expectedPhotos(sandbox, u.id))
      .reduce((n, { photo }) => n + (photo.kind === 'video' ? 2 : 1), 0);
  const requestsOf = (method: Moment['method']): number => sandbox.control.metrics().requestsByMethod[method] ?? 0;

  it(`survives ${MOMENTS.length} kills, each landing mid-run, and ends exact, without duplicates or orphans`, { timeout: 600_000 }, async () => {
    // Slow links while the trials run, so the kill moments come long before any end.
    for (const dc of sandbox.world.dcs) sandbox.control.setConditions(dc, { latencyMs: 25, bytesPerSecond: 256 * 1024 });
    const next = random(20251125);
    const users = [...sandbox.world.users()].filter((u) => !sandbox.world.account(u.id)).map((u) => u.id);
    const trials: string[] = [];
    for (const [trial, moment] of MOMENTS.entries()) {
      // The world moves on between runs: a new photo here, stale references there.
      if (trial % 3 === 1) await sandbox.control.addPhoto(users[Math.floor(next() * users.length)]!, { kind: next() < 0.3 ? 'video' : 'image' });
      if (trial % 4 === 2) sandbox.control.rotateFileReferences(users[Math.floor(next() * users.length)]!);

      const before = readArchive(env.archive);
      const missing = expectedFileCount() - before.files;
      const filesBefore = requestsOf('upload.GetFile');
      const run = startCli(['sync', '--once', ...args, '--quiet']);
      const killed = await whenRequested(sandbox, moment.method, moment.count, run);
      // Same tick as the observation: the sandbox has answered nothing since.
      if (killed) run.child.kill('SIGKILL');
      const filesSent = requestsOf('upload.GetFile') - filesBefore;
      const result = await run.done;
      const label = `trial ${trial} (kill at ${moment.method} #${moment.count})`;
      expect(killed, `${label}: the sync ended by itself first (exit ${result.code}): ${result.stderr}`).toBe(true);
      expect(result.signal, label).toBe('SIGKILL');
      // Mid-run, twice over: it had asked for fewer files than were missing, and its run never ended.
      expect(filesSent, `${label}: files asked for before the kill, of ${missing} missing`).toBeLessThan(missing);
      const after = readArchive(env.archive);
      expect(after.lastRun, `${label}: its run row`).toMatchObject({ status: 'running', pid: run.child.pid });
      expect(after.lastRun!.id).toBeGreaterThan(before.lastRun?.id ?? 0);
      trials.push(`${after.files - before.files} files (${filesSent} asked)`);
    }
    const beforeFinal = readArchive(env.archive).files;
    expect(beforeFinal, `the trials left files to fetch: ${trials.join('; ')}`).toBeLessThan(expectedFileCount());

    for (const dc of sandbox.world.dcs) sandbox.control.setConditions(dc, {});
    const final = await runCli(['sync', '--once', ...args, '--json']);
    expect(final.code, final.stderr).toBe(0);
    expect(JSON.parse(final.stdout).run).toMatchObject({ status: 'done', errors: 0 });

    const host = createHost({ archiveDir: env.archive, secrets: new MemorySecretStore(), appVersion: 't', platform: 't', serverProfile: sandbox.serverProfile });
    try {
      expectArchiveExact(host, sandbox, host.repos.targets.all().map((t) => t.userId));
      const runs = Object.fromEntries(
        (host.archive.db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
      );
      expect(runs).toEqual({ interrupted: MOMENTS.length, done: 1 });
      const parts = path.join(env.archive, 'media', '.parts');
      expect(fs.existsSync(parts) ? fs.readdirSync(parts) : []).toEqual([]);
    } finally {
      await host.close();
    }
  });
});
