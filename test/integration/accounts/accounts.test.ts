/**
 * Several accounts side by side, logout, and a restart that restores sessions
 * from the secret store without asking again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api } from 'telegram';
import { describe, expect, it } from 'vitest';
import { FileSecretStore, type SecretCipher } from '../../../main/core/secrets/file-secret-store.js';
import { SessionRevokedError } from '../../../main/core/telegram/caller.js';
import { DEMO, makeHost, phoneLogin, TWO_FA, useSandboxWorld } from './support.js';

const world = useSandboxWorld();

const self = (): Api.users.GetUsers => new Api.users.GetUsers({ id: [new Api.InputUserSelf()] });
const idOf = async (p: Promise<Api.TypeUser[]>): Promise<number> => Number((await p)[0]!.id);

/** A stand-in for safeStorage: bytes at rest are not the session string. */
const xorCipher: SecretCipher = {
  description: 'test cipher',
  encrypt: async (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: async (data) => Buffer.from(data.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('accounts', () => {
  it('two accounts at once, each with its own client and DC', async () => {
    const t = makeHost(world());
    await phoneLogin(t, DEMO);
    await phoneLogin(t, TWO_FA);
    const [a, b] = [t.host.telegram.caller(DEMO.userId), t.host.telegram.caller(TWO_FA.userId)];
    expect([a.homeDcId, b.homeDcId]).toEqual([2, 4]);
    expect(await Promise.all([idOf(a.call(self())), idOf(b.call(self())), idOf(a.call(self()))])).toEqual([DEMO.userId, TWO_FA.userId, DEMO.userId]);
    expect((await t.request('accounts.list', {})).map((x) => [x.id, x.status])).toEqual([
      [DEMO.userId, 'active'],
      [TWO_FA.userId, 'active'],
    ]);
    const connections = await t.request('accounts.connections', {});
    expect(connections.map((c) => c.state)).toEqual(['online', 'online']);
  });

  it('logout ends the session on Telegram, forgets it and keeps the account as logged_out', async () => {
    const t = makeHost(world());
    await phoneLogin(t, DEMO);
    await phoneLogin(t, TWO_FA);
    const caller = t.host.telegram.caller(DEMO.userId);
    await caller.call(self());
    expect(await t.request('accounts.logout', { accountId: DEMO.userId })).toEqual({});
    expect(world().control.metrics().requestsByMethod['auth.LogOut']).toBe(1);
    expect((await t.secrets.get(`session:${DEMO.userId}`)) === undefined).toBe(true);
    expect(t.host.repos.accounts.get(DEMO.userId)?.status).toBe('logged_out');
    await expect(caller.call(self())).rejects.toBeInstanceOf(SessionRevokedError);
    // The other account is untouched.
    expect(await idOf(t.host.telegram.caller(TWO_FA.userId).call(self()))).toBe(TWO_FA.userId);
    expect(t.eventsOf('accounts.connection')).toContainEqual({ accountId: DEMO.userId, state: 'logged_out', until: null, method: null });
    // Logging in again brings it back.
    expect(await phoneLogin(t, DEMO)).toMatchObject({ step: 'done', account: { id: DEMO.userId, status: 'active' } });
    expect(await idOf(t.host.telegram.caller(DEMO.userId).call(self()))).toBe(DEMO.userId);
    // An unknown account: nothing to do.
    expect(await t.request('accounts.logout', { accountId: 424242 })).toEqual({});
  });

  it('a restart on the same archive and secret store restores every session without asking again', async () => {
    const secretsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-')), 'sessions.json');
    const first = makeHost(world(), { secrets: new FileSecretStore(secretsFile, xorCipher) });
    await phoneLogin(first, DEMO);
    await phoneLogin(first, TWO_FA);
    const session = (await first.secrets.get(`session:${DEMO.userId}`))!;
    expect(fs.readFileSync(secretsFile, 'utf8')).not.toContain(session.slice(1, 40));
    await first.host.close();

    const logins = world().control.metrics().requestsByMethod['auth.SignIn'] ?? 0;
    const second = makeHost(world(), { dir: first.dir, secrets: new FileSecretStore(secretsFile, xorCipher) });
    expect(await second.request('credentials.get', {})).toMatchObject({ configured: true, apiId: 12345, apiHashMasked: '0123••••••••••••••••••••••••cdef' });
    expect((await second.request('accounts.connections', {})).map((c) => c.state)).toEqual(['idle', 'idle']);
    expect(await idOf(second.host.telegram.caller(DEMO.userId).call(self()))).toBe(DEMO.userId);
    expect(await idOf(second.host.telegram.caller(TWO_FA.userId).call(self()))).toBe(TWO_FA.userId);
    expect(world().control.metrics().requestsByMethod['auth.SignIn'] ?? 0).toBe(logins);
    expect(await second.request('login.current', {})).toEqual({ step: 'idle' });
  });
});

describe('API credentials', () => {
  it('validates, stores and only ever returns the hash masked', async () => {
    const t = makeHost(world());
    expect(await t.request('credentials.get', {})).toEqual({ configured: false, apiId: null, apiHashMasked: null });
    expect(await t.failure('credentials.set', { apiId: -5, apiHash: '0123456789abcdef0123456789abcdef' })).toMatchObject({
      code: 'API_CREDENTIALS_INVALID',
      message: expect.stringContaining('positive whole number'),
    });
    expect(await t.failure('credentials.set', { apiId: 12345, apiHash: 'not-a-hash' })).toMatchObject({
      code: 'API_CREDENTIALS_INVALID',
      message: expect.stringContaining('32 hexadecimal'),
    });
    const info = await t.request('credentials.set', { apiId: '7654321', apiHash: ' ABCDEF0123456789ABCDEF0123456789 ' });
    expect(info).toEqual({ configured: true, apiId: 7654321, apiHashMasked: 'abcd••••••••••••••••••••••••6789' });
    expect(JSON.stringify(await t.request('credentials.get', {}))).not.toContain('abcdef0123456789abcdef0123456789');
  });
});
