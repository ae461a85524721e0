/**
 * The CLI end to end in a child process against the sandbox: login with 2FA,
 * adding targets each way, sync, status --json, exit codes, and Ctrl-C in the
 * middle of a sync followed by a resume that completes the archive.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import { createHost } from '../../../main/host.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { expectArchiveExact, tempDir } from '../sync/support.js';
import { API, baseArgs, cliEnv, runCli, startCli, whenRequested, type CliEnv } from './support.js';

const ACCOUNT = 1000;
const WORLD: WorldFileInput = {
  version: 1,
  seed: 5,
  dcs: [1, 2, 3],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Cli', password: 'hunter2', startsLoggedIn: false }],
  users: [
    { id: 5001, firstName: 'Alice', username: 'alice_archer', dc: 3, contactOf: [ACCOUNT], photos: [{ id: '5001000000001', date: 1600000000 }, { id: '5001000000002', date: 1600000100, kind: 'video', dc: 1 }] },
    { id: 5002, firstName: 'Bob', username: 'bob_builder', dc: 1, photos: [{ id: '5002000000001', date: 1600000000 }] },
    { id: 5003, firstName: 'Carol', username: 'carol_c', dc: 2, photos: [{ id: '5003000000001', date: 1600000000, dc: 3 }] },
    { id: 5004, firstName: 'Dave', phone: '+15550005004', dc: 2, photos: [{ id: '5004000000001', date: 1600000000 }] },
    { id: 5005, firstName: 'Robo', username: 'robo_bot', bot: true, photos: [] },
  ],
  generate: { users: 12, photosPerUser: [4, 12], videoShare: 0.1, contactOf: [ACCOUNT], firstUserId: 300_000 },
};

describe('the CLI against the sandbox', () => {
  let sandbox: Sandbox;
  let env: CliEnv;
  let args: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    env = cliEnv(sandbox, tempDir('cli-it-'));
    args = baseArgs(env);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('usage errors exit 2, and a sync before any login exits 3 once there are targets', async () => {
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli(['sync', '--bogus'])).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('exit codes');
    const noCreds = await runCli(['login', ...args, '--phone', '+15550001000', '--code', '12345']);
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toMatch(/api-id/);

    // An archive with a target but nobody logged in.
    const other = cliEnv(sandbox, tempDir('cli-nologin-'));
    const host = createHost({ archiveDir: other.archive, secrets: new MemorySecretStore(), appVersion: 't', platform: 't' });
    host.repos.targets.upsert({ userId: 5001, accountId: null, accessHash: null, firstName: 'A', lastName: '', username: null }, Date.now());
    await host.close();
    const noLogin = await runCli(['sync', '--once', ...baseArgs(other)]);
    expect(noLogin.code, noLogin.stderr).toBe(3);
    expect(noLogin.stderr).toMatch(/login/);
  });

  it('logs in with 2FA: a wrong password exits 6, the right one logs in and warns where the login is kept', async () => {
    const wrong = await runCli(['login', ...args, ...API, '--phone', '+15550001000', '--code', '12345', '--password', 'nope', '--json']);
    expect(wrong.code).toBe(6);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    const right = await runCli(['login', ...args, '--phone', '+15550001000', '--code', '12345', '--password', 'hunter2', '--json']);
    expect(right.code, right.stderr).toBe(0);
    expect(JSON.parse(right.stdout)).toMatchObject({ ok: true, account: { id: ACCOUNT } });
    expect(right.stderr).toMatch(/NOT encrypted/);
    expect(fs.statSync(`${env.configDir}/cli-sessions.json`).mode & 0o777).toBe(0o600);
  });

  it('adds targets by @username, t.me link, tg:// link and phone; refuses bots and unknown names with exit 6', async () => {
    const ok = await runCli(['targets', 'add', ...args, '@alice_archer', 'https://t.me/bob_builder', 'tg://resolve?domain=carol_c', '+1 555 000 5004', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).added.map((t: { userId: number }) => t.userId)).toEqual([5001, 5002, 5003, 5004]);
    const bad = await runCli(['targets', 'add', ...args, '@robo_bot', '@nobody_here']);
    expect(bad.code).toBe(6);
    expect(bad.stderr).toMatch(/bot/);
    expect(bad.stderr).toMatch(/No Telegram user has this username/);
  });

  it('lists contacts and private chats to pick from, and adds all contacts', async () => {
    const dialogs = await runCli(['targets', 'add', ...args, '--from', 'dialogs', '--json']);
    expect(dialogs.code).toBe(0);
    expect(JSON.parse(dialogs.stdout).candidates.length).toBeGreaterThan(12);
    const all = await runCli(['targets', 'add', ...args, '--from', 'contacts', '--all', '--json']);
    expect(all.code, all.stderr).toBe(0);
    expect(JSON.parse(all.stdout).added).toHaveLength(12); // the generated contacts; Alice was already a target
    const list = await runCli(['targets', 'list', ...args, '--json']);
    expect(JSON.parse(list.stdout).targets).toHaveLength(16);
  });

  it('Ctrl-C in the middle of a sync stops cleanly (exit 130); the next run completes the archive exactly', async () => {
    // One file comes, then the sandbox holds the downloads: the run is mid-way when Ctrl-C comes, however slow the machine.
    sandbox.control.holdRequests('upload.GetFile', { pass: 1 });
    const first = startCli(['sync', '--once', ...args]);
    expect(await whenRequested(sandbox, 'upload.GetFile', 2, first), first.output().stderr).toBe(true);
    first.child.kill('SIGINT');
    const interrupted = await first.done;
    expect(interrupted.code, interrupted.stderr).toBe(130);
    expect(interrupted.stdout).toMatch(/sync cancelled/);
    sandbox.control.resetFaults();

    const resumed = await runCli(['sync', '--once', ...args, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(JSON.parse(resumed.stdout).run).toMatchObject({ status: 'done', errors: 0 });

    const status = await runCli(['status', ...args, '--json']);
    expect(status.code).toBe(0);
    const s = JSON.parse(status.stdout);
    expect(s.totals).toMatchObject({ targets: 16, pendingPhotos: 0 });
    expect(s.lastRun.status).toBe('done');

    const host = createHost({ archiveDir: env.archive, secrets: new MemorySecretStore(), appVersion: 't', platform: 't', serverProfile: sandbox.serverProfile });
    try {
      expectArchiveExact(host, sandbox, host.repos.targets.all().map((t) => t.userId));
    } finally {
      await host.close();
    }
  });

  it('a second sync while one runs exits 5; a sync of one @user works', async () => {
    const host = createHost({ archiveDir: env.archive, secrets: new MemorySecretStore(), appVersion: 't', platform: 't' });
    // Another live process holds the archive's sync lock.
    host.repos.settings.set('sync.lock', { pid: process.pid, since: Date.now() });
    await host.close();
    const busy = await runCli(['sync', '--once', ...args]);
    expect(busy.code, busy.stderr).toBe(5);
    const h2 = createHost({ archiveDir: env.archive, secrets: new MemorySecretStore(), appVersion: 't', platform: 't' });
    h2.repos.settings.delete('sync.lock');
    await h2.close();
    const one = await runCli(['sync', '--once', '--user', '@alice_archer', ...args, '--json']);
    expect(one.code, one.stderr).toBe(0);
    expect(JSON.parse(one.stdout).run.targetsTotal).toBe(1);
  });
});
