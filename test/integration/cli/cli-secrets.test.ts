/**
 * The CLI's secrets (API hash, login code, 2FA password) without flags, which
 * any user sees in `ps`: from standard input (`-`) or the environment. And its
 * config folder is the user's alone.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { tempDir } from '../sync/support.js';
import { baseArgs, cliEnv, runCli } from './support.js';

const API_HASH = '0123456789abcdef0123456789abcdef';
const WORLD: WorldFileInput = {
  version: 1,
  seed: 9,
  dcs: [1, 2],
  accounts: [
    { userId: 1000, phone: '+15550001000', dc: 2, firstName: 'Piped', password: 'hunter2', startsLoggedIn: false },
    { userId: 1001, phone: '+15550001001', dc: 2, firstName: 'Env', password: 'hunter3', startsLoggedIn: false },
  ],
  users: [],
};

describe('the CLI takes its secrets from standard input and the environment', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });

  it('reads the API hash, code and password as lines of standard input, in that order', async () => {
    const env = cliEnv(sandbox, tempDir('cli-stdin-'));
    const result = await runCli(['login', ...baseArgs(env), '--api-id', '12345', '--api-hash', '-', '--phone', '+15550001000', '--code', '-', '--password', '-', '--json'], {
      input: `${API_HASH}\n12345\nhunter2\n`,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, account: { id: 1000 } });
    if (process.platform !== 'win32') expect(fs.statSync(env.configDir).mode & 0o777).toBe(0o700);
  });

  it('says what is missing when standard input ends first', async () => {
    const env = cliEnv(sandbox, tempDir('cli-stdin-short-'));
    const result = await runCli(['login', ...baseArgs(env), '--api-id', '12345', '--api-hash', '-', '--phone', '+15550001000', '--code', '-'], { input: `${API_HASH}\n` });
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(2);
    expect(result.stderr).toMatch(/--code - reads a line of standard input, but the input ended/);
  });

  it('reads them from TG_API_HASH, TG_LOGIN_CODE and TG_LOGIN_PASSWORD', async () => {
    const env = cliEnv(sandbox, tempDir('cli-env-'));
    const result = await runCli(['login', ...baseArgs(env), '--api-id', '12345', '--phone', '+15550001001', '--json'], {
      env: { TG_API_HASH: API_HASH, TG_LOGIN_CODE: '12345', TG_LOGIN_PASSWORD: 'hunter3' },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, account: { id: 1001 } });
  });
});
