/**
 * `sync --watch` end to end in a child process against the sandbox: it starts,
 * runs on a short interval, picks up a photo added and one removed over the
 * sandbox's control API between runs, refuses a second daemon on the same
 * archive (exit 5), and stops cleanly on SIGTERM. And `login --qr` draws a QR
 * code that logs in once approved. Nothing here sleeps: it waits for the
 * daemon's JSON lines.
 */
import { CliOutputs } from '../../../main/cli/json-envelope.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSecretStore, plainCipher } from '../../../main/core/secrets/file-secret-store.js';
import { createHost } from '../../../main/host.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { addTargets, API_HASH, API_ID, tempDir } from '../sync/support.js';
import { API, baseArgs, cliEnv, runCli, startCli, type CliEnv } from './support.js';

const ACCOUNT = 1000;
const QR_ACCOUNT = 1001;
const WORLD: WorldFileInput = {
  version: 1,
  seed: 7,
  dcs: [1, 2],
  accounts: [
    { userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Watcher' },
    { userId: QR_ACCOUNT, phone: '+15550001001', dc: 1, firstName: 'Scanner', startsLoggedIn: false },
  ],
  users: [
    { id: 5001, firstName: 'Alice', username: 'alice_archer', dc: 1, photos: [{ id: '5001000000001', date: 1600000000 }, { id: '5001000000002', date: 1600000100 }] },
    { id: 5002, firstName: 'Bob', username: 'bob_builder', dc: 2, photos: [{ id: '5002000000001', date: 1600000000 }] },
  ],
};

interface RunLine {
  run: { id: number; status: string; photosFound: number; photosRemoved: number; errors: number };
  schedule: { state: string };
}

/** The daemon's stdout as JSON lines, and a wait for the first line (from now on) that matches. */
function jsonLines(child: ReturnType<typeof startCli>) {
  const lines: RunLine[] = [];
  const waiters: { test: (l: RunLine) => boolean; resolve: (l: RunLine) => void; from: number }[] = [];
  let buffer = '';
  child.child.stdout!.on('data', (d: Buffer) => {
    buffer += d.toString();
    for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
      lines.push(CliOutputs['sync --watch'].parse(JSON.parse(buffer.slice(0, nl))) as RunLine); // as documented
      buffer = buffer.slice(nl + 1);
      for (const w of [...waiters]) {
        const hit = lines.slice(w.from).find(w.test);
        if (hit) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(hit);
        }
      }
    }
  });
  return {
    lines,
    next(test: (l: RunLine) => boolean): Promise<RunLine> {
      return new Promise((resolve, reject) => {
        waiters.push({ test, resolve, from: lines.length });
        void child.done.then((r) => reject(new Error(`the daemon exited (${r.code}) before the line came: ${r.stderr}`)));
      });
    },
  };
}

describe('sync --watch and login --qr against the sandbox', () => {
  let sandbox: Sandbox;
  let env: CliEnv;
  let args: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    env = cliEnv(sandbox, tempDir('cli-watch-'));
    args = baseArgs(env);
    // An archive logged in as the CLI keeps it: the session in the config folder's file.
    fs.mkdirSync(env.configDir, { recursive: true, mode: 0o700 });
    const secrets = new FileSecretStore(path.join(env.configDir, 'cli-sessions.json'), plainCipher);
    await secrets.set(`session:${ACCOUNT}`, sandbox.sessionString(ACCOUNT));
    const host = createHost({ archiveDir: env.archive, secrets, appVersion: 't', platform: 't', serverProfile: sandbox.serverProfile, telegramClientOptions: { logLevel: 'none' } });
    host.telegram.credentials.set({ apiId: API_ID, apiHash: API_HASH });
    host.repos.accounts.upsert({ id: ACCOUNT, phone: '+15550001000', firstName: 'Watcher', lastName: '', username: null, dcId: 2 }, Date.now());
    await addTargets(host, [5001, 5002], sandbox);
    await host.close();
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('runs on its interval, archives photos added and removed between runs, refuses a second daemon, and stops on SIGTERM', async () => {
    const daemon = startCli(['sync', '--watch', '--interval', '0.02', '--json', ...args]);
    const out = jsonLines(daemon);
    const first = await out.next(() => true);
    expect(first.run).toMatchObject({ status: 'done', photosFound: 3, errors: 0 });
    expect(first.schedule.state).toBe('waiting');

    const second = await runCli(['sync', '--watch', ...args]);
    expect(second.code, second.stderr).toBe(5);
    expect(second.stderr).toMatch(/already archives this folder on a schedule/);

    const added = await sandbox.control.addPhoto(5001);
    const withNew = await out.next((l) => l.run.photosFound > 0);
    expect(withNew.run).toMatchObject({ status: 'done', photosFound: 1, errors: 0 });

    sandbox.control.removePhoto(5001, added.id);
    const withRemoval = await out.next((l) => l.run.photosRemoved > 0);
    expect(withRemoval.run).toMatchObject({ status: 'done', photosRemoved: 1, errors: 0 });

    daemon.child.kill('SIGTERM');
    const ended = await daemon.done;
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.stderr).toMatch(/Stopping; everything downloaded so far is kept/);

    // Nothing left behind: no run marked running, both locks free, the removed photo kept as removed.
    const host = createHost({ archiveDir: env.archive, secrets: new FileSecretStore(path.join(env.configDir, 'cli-sessions.json'), plainCipher), appVersion: 't', platform: 't' });
    try {
      const runs = host.archive.db.prepare("SELECT count(*) AS n FROM runs WHERE status = 'running'").get() as { n: number };
      expect(runs.n).toBe(0);
      const locks = host.archive.db.prepare("SELECT count(*) AS n FROM settings WHERE key IN ('schedule.lock', 'sync.lock')").get() as { n: number };
      expect(locks.n).toBe(0);
      const removed = host.archive.db.prepare('SELECT removed_at AS removedAt FROM photos WHERE id = ?').get(BigInt(added.id)) as { removedAt: number | null };
      expect(removed.removedAt).not.toBeNull();
    } finally {
      await host.close();
    }
    // A new daemon may start now.
    const again = startCli(['sync', '--watch', '--interval', '0.02', '--json', ...args]);
    await jsonLines(again).next(() => true);
    again.child.kill('SIGINT');
    expect((await again.done).code).toBe(0);
  });

  it('login --qr draws the QR code in the terminal and logs in once it is scanned', async () => {
    const qrEnv = cliEnv(sandbox, tempDir('cli-qr-'));
    const login = startCli(['login', '--qr', '--json', ...baseArgs(qrEnv), ...API]);
    let stderr = '';
    const token = await new Promise<string>((resolve, reject) => {
      login.child.stderr!.on('data', (d: Buffer) => {
        stderr += d.toString();
        const match = /tg:\/\/login\?token=([A-Za-z0-9_-]+)/.exec(stderr);
        if (match) resolve(match[1]!);
      });
      void login.done.then((r) => reject(new Error(`login exited ${r.code}: ${r.stderr}`)));
    });
    expect(stderr).toMatch(/[▀▄█]/); // the code itself, in block characters
    sandbox.control.approveLoginToken(token, QR_ACCOUNT);
    const done = await login.done;
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ ok: true, account: { id: QR_ACCOUNT } });
  });
});
