/**
 * The archive's own safety through the CLI against the sandbox: a backup taken
 * while another process syncs opens and matches the archive; an archive.db with
 * bytes flipped mid-file is refused (exit 8, a message naming the recovery path)
 * by status and sync alike, and nothing is written into it; verify heals a file
 * of junk bytes.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CliFailure, CliOutputs } from '../../../main/cli/json-envelope.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { until } from '../accounts/support.js';
import { numberedPhotos, tempDir } from '../sync/support.js';
import { baseArgs, cliEnv, runCli, startCli, type CliEnv, type CliResult } from './support.js';

const ACCOUNT = 1000;
const WORLD: WorldFileInput = {
  version: 1,
  seed: 15,
  dcs: [1, 2],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Keeper', startsLoggedIn: false }],
  users: [
    { id: 5001, firstName: 'Alice', username: 'alice_archer', dc: 1, photos: numberedPhotos(5001, 40) },
    { id: 5002, firstName: 'Bob', username: 'bob_builder', dc: 2, photos: numberedPhotos(5002, 30) },
  ],
};

function parsed<S extends z.ZodType>(result: CliResult, schema: S): z.output<S> {
  expect(result.code, result.stderr).toBe(0);
  return schema.parse(JSON.parse(result.stdout.trim()));
}
const sha = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const ids = (file: string): string[] => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM photos ORDER BY id').safeIntegers(true).pluck().all() as bigint[]).map(String);
  } finally {
    db.close();
  }
};

describe('backup, a damaged database and verify through the CLI', () => {
  let sandbox: Sandbox;
  let env: CliEnv;
  let args: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    env = cliEnv(sandbox, tempDir('cli-archive-'));
    args = baseArgs(env);
    expect((await runCli(['login', ...args, '--api-id', '12345', '--api-hash', '0123456789abcdef0123456789abcdef', '--phone', '+15550001000', '--code', '12345'])).code).toBe(0);
    expect((await runCli(['targets', 'add', ...args, '@alice_archer', '@bob_builder'])).code).toBe(0);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('a backup taken while another process syncs opens, checks out and matches the archive', async () => {
    // The run lists everyone, then waits on its downloads: the archive holds still, mid-run.
    sandbox.control.holdRequests('upload.GetFile');
    const running = startCli(['sync', '--once', ...args]);
    try {
      await until(() => sandbox.control.heldRequests().held > 0);
      const to = path.join(path.dirname(env.archive), 'copy', 'archive-copy.db');
      const { backup } = parsed(await runCli(['backup', ...args, '--to', to, '--json']), CliOutputs.backup);
      expect(backup.path).toBe(to);
      expect(fs.statSync(to).mode & 0o777).toBe(0o600);
      const copy = new Database(to, { readonly: true });
      expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
      copy.close();
      expect(ids(to)).toHaveLength(70);
      expect(ids(to)).toEqual(ids(path.join(env.archive, 'archive.db')));
      const again = await runCli(['backup', ...args, '--to', to]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/exists already/);
    } finally {
      sandbox.control.resetFaults();
      expect((await running.done).code).toBe(0);
    }
  });

  it('verify finds a media file of junk bytes and fetches it again', async () => {
    const db = new Database(path.join(env.archive, 'archive.db'), { readonly: true });
    const file = db.prepare('SELECT path, sha256 FROM files ORDER BY path LIMIT 1').get() as { path: string; sha256: string };
    db.close();
    fs.writeFileSync(path.join(env.archive, file.path), Buffer.alloc(5000, 0x42));
    const check = await runCli(['verify', ...args, '--check-only', '--json']);
    expect(check.code).toBe(4);
    expect(CliOutputs.verify.parse(JSON.parse(check.stdout)).verify.problems).toEqual([expect.objectContaining({ path: file.path, problem: 'damaged' })]);
    const { verify } = parsed(await runCli(['verify', ...args, '--json']), CliOutputs.verify);
    expect(verify.healed.map((p) => p.path)).toEqual([file.path]);
    expect(sha(path.join(env.archive, file.path))).toBe(file.sha256);
  });

  it('an archive.db with bytes flipped mid-file is refused with its recovery path; nothing is written into it', async () => {
    const dbFile = path.join(env.archive, 'archive.db');
    const db = new Database(dbFile);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const root = (db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'photos'").pluck().get() as number) - 1;
    db.close();
    // Flip the bytes of the photos table's root page header: a b-tree SQLite can no longer walk.
    const fd = fs.openSync(dbFile, 'r+');
    const page = Buffer.alloc(16);
    fs.readSync(fd, page, 0, 16, root * pageSize);
    for (let i = 0; i < page.length; i++) page[i] = page[i]! ^ 0xff;
    fs.writeSync(fd, page, 0, 16, root * pageSize);
    fs.closeSync(fd);
    const before = sha(dbFile);

    for (const command of [['status'], ['sync', '--once'], ['targets', 'list']]) {
      const r = await runCli([...command, ...args, '--json']);
      expect(r.code, `${command.join(' ')}: ${r.stderr}`).toBe(8);
      expect(CliFailure.parse(JSON.parse(r.stdout)).error).toMatchObject({ code: 'ARCHIVE_CORRUPT', message: expect.stringMatching(/damaged.*backup.*\.recover/s) });
    }
    expect(sha(dbFile)).toBe(before);
  });
});
