/**
 * `export` on the command line, in a child process, over an archive synced
 * from the sandbox: profiles added, listed and run, a re-run that writes
 * nothing, refusals with their exit codes, a kill -9 in the middle and the
 * resume, and auto-export after `sync --once`.
 */
import { CliOutputs } from '../../../main/cli/json-envelope.js';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import { EXPORT_TARGETS, EXPORT_WORLD, walk } from '../export/support.js';
import { addTargets, loggedInHost, syncOnce, tempDir } from '../sync/support.js';
import { API, baseArgs, cliEnv, runCli, startCli, type CliEnv } from './support.js';

describe('the export command', () => {
  let sandbox: Sandbox;
  let env: CliEnv;
  let args: string[];
  let dir: string;
  let files: number;

  beforeAll(async () => {
    sandbox = await startSandbox({ world: EXPORT_WORLD });
    dir = tempDir('cli-export-');
    env = cliEnv(sandbox, dir);
    args = baseArgs(env);
    // The archive is made in-process; the CLI logs in with the same session through its own store below.
    const t = await loggedInHost(sandbox, env.archive);
    await addTargets(t.host, EXPORT_TARGETS, sandbox);
    expect((await syncOnce(t.host)).status).toBe('done');
    files = Number(t.host.archive.db.prepare('SELECT count(*) FROM files').pluck().get());
    await t.close();
  });
  afterAll(async () => {
    await sandbox?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists and runs a profile; the second run writes nothing', async () => {
    const out = path.join(dir, 'family');
    const add = await runCli(['export', 'profiles', 'add', 'Family', '--to', out, '--sidecars', '--time-zone', 'UTC', ...args]);
    expect(add.code, add.stderr).toBe(0);
    const list = await runCli(['export', 'profiles', 'list', '--json', ...args]);
    expect(CliOutputs['export profiles list'].parse(JSON.parse(list.stdout)).profiles).toEqual([expect.objectContaining({ settings: expect.objectContaining({ name: 'Family', destination: out, sidecars: true }) })]);

    const first = await runCli(['export', '--profile', 'Family', '--json', ...args]);
    expect(first.code, first.stderr).toBe(0);
    expect(CliOutputs.export.parse(JSON.parse(first.stdout)).exports[0]!.summary).toMatchObject({ status: 'done', total: files, written: files });
    expect(walk(out).filter((f) => f.endsWith('.jpg') || f.endsWith('.mp4'))).toHaveLength(files);

    const second = await runCli(['export', '--profile', 'Family', ...args]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain(`${files} files, 0 written, ${files} unchanged`);
  });

  it('refuses bad templates, unknown profiles and bad usage with their exit codes', async () => {
    const escape = await runCli(['export', '--to', path.join(dir, 'x'), '--template', '../{photo_id}', ...args]);
    expect(escape.code).toBe(2);
    expect(escape.stderr).toMatch(/"\.\." folder/);
    const unknown = await runCli(['export', '--profile', 'Nope', ...args]);
    expect(unknown.code).toBe(6);
    expect((await runCli(['export', ...args])).code).toBe(2);
    expect((await runCli(['export', '--to', path.join(dir, 'y'), '--mode', 'zip', ...args])).code).toBe(2);
  });

  it('killed in the middle, a re-run completes the export with no half file and nothing twice', async () => {
    const out = path.join(dir, 'killed');
    const started = startCli(['export', '--to', out, '--sidecars', ...args]);
    // Killed as soon as it has begun; whenever that lands, the resumed export must be whole.
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (fs.existsSync(path.join(out, '.photo-archiver-export.tmp'))) {
          clearInterval(check);
          resolve();
        }
      }, 5);
      void started.done.then(() => {
        clearInterval(check);
        resolve();
      });
    });
    started.child.kill('SIGKILL');
    await started.done;

    const resumed = await runCli(['export', '--to', out, '--json', ...args]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout).exports[0].summary;
    expect(summary.written + summary.unchanged).toBe(files);
    const media = walk(out).filter((f) => f.endsWith('.jpg') || f.endsWith('.mp4'));
    expect(media).toHaveLength(files);
    expect(media.filter((f) => /_(\d+)_\1(-\d+)?\.(jpg|mp4)$/.test(f))).toEqual([]); // nothing written twice under a collision name
    expect(fs.existsSync(path.join(out, '.photo-archiver-export.tmp'))).toBe(false);
  });

  it('exports after sync --once for a profile set to --auto', async () => {
    const out = path.join(dir, 'auto');
    expect((await runCli(['export', 'profiles', 'add', 'Auto', '--to', out, '--auto', '--no-metadata', ...args])).code).toBe(0);
    // The CLI logs in with the sandbox's session for this account (as after an earlier `login`).
    const login = await runCli(['login', '--phone', '+15550001000', '--code', '12345', ...API, ...args]);
    expect(login.code, login.stderr).toBe(0);
    const added = await sandbox.control.addPhoto(5001);
    const sync = await runCli(['sync', '--once', ...args]);
    expect(sync.code, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/export "Auto" done/);
    expect(walk(out).some((f) => f.includes(added.id))).toBe(true);
  });
});
