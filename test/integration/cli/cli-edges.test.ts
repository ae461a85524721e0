/**
 * The CLI's edges, as a new user meets them against the sandbox: ids and phones
 * wherever a person is named, input refused before anything is sent, status that
 * never creates an archive, exit codes for nothing-to-do and not-logged-in, one
 * JSON envelope (validated against docs/cli-json.schema.json's source) for every
 * command, live status of a run in another process, and a restart right after a
 * kill -9 whose process is still an unreaped zombie.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliJsonOutput, CliOutputs } from '../../../main/cli/json-envelope.js';
import { isDeadState } from '../../../main/core/process-alive.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { numberedPhotos, tempDir } from '../sync/support.js';
import { API, baseArgs, cliEnv, runCli, startUnreapedCli, type CliEnv, type CliResult } from './support.js';

const ACCOUNT = 1000;
const WORLD: WorldFileInput = {
  version: 1,
  seed: 14,
  dcs: [1, 2],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Edge', startsLoggedIn: false }],
  users: [
    { id: 5001, firstName: 'Alice', username: 'alice_archer', dc: 1, contactOf: [ACCOUNT], photos: numberedPhotos(5001, 3) },
    // A contact with no username: only an id names her.
    { id: 8006, firstName: 'Nona', dc: 2, contactOf: [ACCOUNT], photos: numberedPhotos(8006, 2) },
    // Not a contact; findable by phone only.
    { id: 300004, firstName: 'Phoebe', phone: '+15550300004', dc: 1, photos: numberedPhotos(300004, 2) },
  ],
};

/** The one JSON object a --json command printed, checked against the documented envelope. */
function json(result: CliResult, command?: keyof typeof CliOutputs): Record<string, unknown> {
  const lines = result.stdout.trim().split('\n');
  expect(lines, result.stdout + result.stderr).toHaveLength(1);
  const value = JSON.parse(lines[0]!) as Record<string, unknown>;
  const schema = command && value['ok'] !== false ? CliOutputs[command] : CliJsonOutput;
  const parsed = schema.safeParse(value);
  expect(parsed.success, JSON.stringify(parsed.error?.issues ?? null)).toBe(true);
  expect(value['ok']).toBe(result.code === 0);
  return value;
}

describe('the CLI edges against the sandbox', () => {
  let sandbox: Sandbox;
  let env: CliEnv;
  let args: string[];

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    env = cliEnv(sandbox, tempDir('cli-edges-'));
    args = baseArgs(env);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('status on a path without an archive refuses (exit 2) and creates nothing', async () => {
    const missing = path.join(path.dirname(env.archive), 'no-such-archive');
    const status = await runCli(['status', '--archive', missing, '--config-dir', env.configDir, '--json']);
    expect(status.code).toBe(2);
    expect((json(status)['error'] as { message: string }).message).toMatch(/no archive at/i);
    expect(fs.existsSync(missing)).toBe(false);
    expect((await runCli(['targets', 'list', '--archive', missing, '--config-dir', env.configDir])).code).toBe(2);
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('refuses malformed names before anything is sent: exit 2, a plain message, no request', async () => {
    const before = sandbox.control.metrics().requests;
    for (const bad of ['@abcd', '', 'x'.repeat(5000), 'not a name!']) {
      const r = await runCli(['targets', 'add', ...args, '@alice_archer', bad, '--json']);
      expect(r.code, bad.slice(0, 20)).toBe(2);
      const { message } = json(r)['error'] as { message: string };
      expect(message).not.toMatch(/Invalid input for/);
      expect(message.length).toBeLessThan(300);
    }
    expect(sandbox.control.metrics().requests).toBe(before);
    expect(fs.existsSync(env.archive)).toBe(false);
  });

  it('sync with nobody logged in exits 3; logged in with no targets exits 7 (nothing to do)', async () => {
    const notLoggedIn = await runCli(['targets', 'add', ...args, ...API, '@alice_archer', '--json']);
    expect(notLoggedIn.code).toBe(3);
    json(notLoggedIn);
    const noLogin = await runCli(['sync', '--once', ...args, '--json']);
    expect(noLogin.code).toBe(3);
    expect(json(noLogin)['error']).toMatchObject({ code: 'NOT_LOGGED_IN' });

    const login = await runCli(['login', ...args, '--phone', '+15550001000', '--code', '12345', '--json']);
    expect(login.code, login.stderr).toBe(0);
    json(login, 'login');
    const nothing = await runCli(['sync', '--once', ...args, '--json']);
    expect(nothing.code).toBe(7);
    expect(json(nothing)['error']).toMatchObject({ code: 'NO_TARGETS' });
  });

  it('adds people by id (a contact without username) and by a bare phone number, each once', async () => {
    const r = await runCli(['targets', 'add', ...args, '8006', '15550300004', '@alice_archer', '5001', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = json(r, 'targets add');
    expect((out['added'] as { userId: number }[]).map((t) => t.userId)).toEqual([8006, 300004, 5001]);
    const unknown = await runCli(['targets', 'add', ...args, '999999', '--json']);
    expect(unknown.code).toBe(6);
    expect(json(unknown, 'targets add')['failed']).toEqual([expect.objectContaining({ query: '999999', code: 'TARGET_NOT_FOUND' })]);
  });

  it('syncs, then status shows per-person counts; every output has the envelope', async () => {
    const sync = await runCli(['sync', '--once', ...args, '--json']);
    expect(sync.code, sync.stderr).toBe(0);
    json(sync, 'sync');
    const status = await runCli(['status', ...args, '--json']);
    const s = json(status, 'status');
    expect(s['runningPid']).toBeNull();
    const people = s['people'] as { userId: number; photos: number; pending: number }[];
    // listed in the order added, and by id among those added in the same millisecond: compared by id
    expect(people.map((p) => [p.userId, p.photos, p.pending]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [5001, 3, 0],
      [8006, 2, 0],
      [300004, 2, 0],
    ]);
    json(await runCli(['targets', 'list', ...args, '--json']), 'targets list');
    json(await runCli(['targets', 'pause', ...args, '8006', '--json']), 'targets pause');
    json(await runCli(['targets', 'resume', ...args, '8006', '--json']), 'targets pause');
  });

  it('removing with purge twice is not an error', async () => {
    const first = await runCli(['targets', 'remove', ...args, '300004', '--purge', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(json(first, 'targets remove')['removed']).toEqual([{ userId: 300004, removed: true, photosPurged: 2, filesDeleted: expect.any(Number) }]);
    const again = await runCli(['targets', 'remove', ...args, '300004', '--purge', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(json(again, 'targets remove')['removed']).toEqual([{ userId: 300004, removed: false, photosPurged: 0, filesDeleted: 0 }]);
  });

  it.skipIf(process.platform !== 'linux')('status sees a run in another process live; after its kill -9, a zombie still, the next sync starts at once', async () => {
    // A new photo to fetch; the run lists it, then waits on its file: mid-way however slow the machine.
    await sandbox.control.addPhoto(5001);
    sandbox.control.holdRequests('upload.GetFile');
    const running = await startUnreapedCli(['sync', '--once', ...args]);
    const state = (): string => fs.readFileSync(`/proc/${running.pid}/stat`, 'utf8');
    try {
      while (sandbox.control.heldRequests().held === 0) {
        expect(isDeadState(state()), running.output()).toBe(false);
        await new Promise((r) => setTimeout(r, 10));
      }
      const status = json(await runCli(['status', ...args, '--json']), 'status');
      expect(status['runningPid']).toBe(running.pid);
      expect(status['current']).toMatchObject({ state: 'running' });

      process.kill(running.pid, 'SIGKILL');
      while (!isDeadState(state())) await new Promise((r) => setTimeout(r, 5));
      sandbox.control.resetFaults();
      const next = await runCli(['sync', '--once', ...args, '--json']);
      expect(next.code, next.stderr).toBe(0);
      expect(json(next, 'sync')['run']).toMatchObject({ status: 'done', errors: 0 });
    } finally {
      running.stop();
      sandbox.control.resetFaults();
    }
  });

  it('logout says what becomes of the people the account archived', async () => {
    const out = await runCli(['logout', ...args, '--json']);
    expect(out.code, out.stderr).toBe(0);
    // Nobody else is logged in here: the two people left wait for another account.
    expect(json(out, 'logout')).toMatchObject({ accountId: ACCOUNT, movedTargets: 0, unseenTargets: 2 });
    const sync = await runCli(['sync', '--once', ...args, '--json']);
    expect(sync.code).toBe(3);
  });
});
