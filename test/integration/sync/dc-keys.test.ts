/**
 * Media DCs' auth keys kept across processes (main/core/telegram/dc-keys-session.ts):
 * a later run restored from the same secret store downloads from the media DCs on
 * the keys the first run made, with no key exchange and no export/import of the
 * authorization; a media key Telegram no longer accepts costs one new key, not
 * the account.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import { dcKeysKey } from '../../../main/core/telegram/gateway.js';
import { parseDcKeys, serializeDcKeys } from '../../../main/core/telegram/dc-keys-session.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { addTargets, expectArchiveExact, loggedInHost, numberedPhotos, syncOnce, tempDir, type SyncTestHost } from './support.js';

const ACCOUNT = 1000;
const ON_DC1 = 5001;
const ON_DC4 = 5002;
const AT_HOME = 5003;
const WORLD: WorldFileInput = {
  version: 1,
  seed: 71,
  dcs: [1, 2, 4],
  accounts: [{ userId: ACCOUNT, phone: '+15550001000', dc: 2, firstName: 'Kay' }],
  users: [
    { id: ON_DC1, firstName: 'Una', username: 'una_on_one', dc: 1, photos: numberedPhotos(ON_DC1, 3) },
    { id: ON_DC4, firstName: 'Quinn', username: 'quinn_on_four', dc: 4, photos: numberedPhotos(ON_DC4, 3) },
    { id: AT_HOME, firstName: 'Hal', username: 'hal_at_home', dc: 2, photos: numberedPhotos(AT_HOME, 2) },
  ],
};
const TARGETS = [ON_DC1, ON_DC4, AT_HOME];

describe('auth keys of media DCs across processes', () => {
  let sandbox: Sandbox;
  const secrets = new MemorySecretStore();
  const dir = tempDir('dc-keys-');
  const hosts: SyncTestHost[] = [];

  /** A new "process" (the next cron run of `cli sync`): a host on the same archive and secret store. */
  async function nextProcess(): Promise<SyncTestHost> {
    const t = await loggedInHost(sandbox, dir, { secrets });
    hosts.push(t);
    return t;
  }

  /** New photos on both media DCs, so the next run has to download from them. */
  async function newPhotosOnMediaDcs(): Promise<void> {
    await sandbox.control.addPhoto(ON_DC1, { dc: 1 });
    await sandbox.control.addPhoto(ON_DC4, { dc: 4 });
  }

  async function storedKeys(): Promise<ReadonlyMap<number, Buffer>> {
    const text = await secrets.get(dcKeysKey(ACCOUNT));
    if (!text) return new Map();
    const parsed = parseDcKeys(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return parsed.keys;
  }

  const counts = () => {
    const m = sandbox.control.metrics();
    return {
      exports: m.requestsByMethod['auth.ExportAuthorization'] ?? 0,
      imports: m.requestsByMethod['auth.ImportAuthorization'] ?? 0,
      authKeys: sandbox.control.serverStats().authKeys,
      getFileOn: (dc: number) => m.requestsByMethodAndDc[`upload.GetFile@${dc}`] ?? 0,
    };
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    const first = await nextProcess();
    await addTargets(first.host, TARGETS, sandbox);
    expect(await syncOnce(first.host)).toMatchObject({ status: 'done', errors: 0 });
    await first.close(); // waits for the last key write, as a CLI run's exit does
  });
  afterAll(async () => {
    for (const t of hosts) await t.close().catch(() => undefined);
    await sandbox?.stop();
  });

  it('the first run keeps one confirmed key per media DC in the secret store, none for the home DC', async () => {
    expect([...(await storedKeys()).keys()].sort()).toEqual([1, 4]);
    expect(await secrets.get(`session:${ACCOUNT}`)).toBe(sandbox.sessionString(ACCOUNT));
  });

  it('a later process downloads from the media DCs with no new auth key and no export/import of the authorization', async () => {
    const before = await storedKeys();
    await newPhotosOnMediaDcs();
    sandbox.control.resetMetrics();
    const keysBefore = sandbox.control.serverStats().authKeys;
    const t = await nextProcess();
    expect(await syncOnce(t.host)).toMatchObject({ status: 'done', errors: 0 });
    expectArchiveExact(t.host, sandbox, TARGETS);

    const after = counts();
    expect(after.getFileOn(1)).toBeGreaterThan(0);
    expect(after.getFileOn(4)).toBeGreaterThan(0);
    expect(after.exports).toBe(0);
    expect(after.imports).toBe(0);
    expect(after.authKeys, 'no key exchange anywhere').toBe(keysBefore);
    expect(await storedKeys()).toEqual(before);
    await t.close();
  });

  it('when Telegram no longer accepts the stored key of one media DC, the sync completes, the account stays active and a new key is made', async () => {
    const before = await storedKeys();
    expect(sandbox.control.revokeDcKeys(ACCOUNT, 4)).toEqual({ revoked: 1 });
    await newPhotosOnMediaDcs();
    sandbox.control.resetMetrics();
    const keysBefore = sandbox.control.serverStats().authKeys;
    const t = await nextProcess();
    const run = await syncOnce(t.host);
    expect(run).toMatchObject({ status: 'done', errors: 0 });
    expectArchiveExact(t.host, sandbox, TARGETS);
    expect(t.host.repos.accounts.get(ACCOUNT)?.status).toBe('active');
    expect(await secrets.get(`session:${ACCOUNT}`), 'the session was not ended').toBeDefined();

    const m = sandbox.control.metrics();
    expect(m.errorsSent['AUTH_KEY_UNREGISTERED'], 'the stale key was really used and refused').toBeGreaterThan(0);
    const after = counts();
    expect(after.authKeys, 'one new key, for DC 4').toBe(keysBefore + 1);
    expect(after.exports).toBe(1);
    expect(after.imports).toBe(1);
    expect(m.requestsByMethodAndDc['auth.ImportAuthorization@4']).toBe(1);

    await t.close();
    const now = await storedKeys();
    expect([...now.keys()].sort()).toEqual([1, 4]);
    expect(now.get(1)).toEqual(before.get(1));
    expect(now.get(4)?.equals(before.get(4)!), 'DC 4 has a new key').toBe(false);
  });

  it('when Telegram has forgotten the stored key of one media DC (transport -404), the sync completes and a new key is made', async () => {
    const before = await storedKeys();
    expect(sandbox.control.forgetDcKeys(ACCOUNT, 1)).toEqual({ forgotten: 1 });
    await newPhotosOnMediaDcs();
    sandbox.control.resetMetrics();
    const t = await nextProcess();
    // GramJS alone would leave the requests sent on the forgotten key waiting forever (here: 120 s each)
    const run = await syncOnce(t.host);
    expect(run).toMatchObject({ status: 'done', errors: 0 });
    expectArchiveExact(t.host, sandbox, TARGETS);
    expect(t.host.repos.accounts.get(ACCOUNT)?.status).toBe('active');
    const after = counts();
    expect(after.exports).toBe(1);
    expect(after.imports).toBe(1);
    await t.close();
    const now = await storedKeys();
    expect(now.get(4)).toEqual(before.get(4));
    expect(now.get(1)?.equals(before.get(1)!), 'DC 1 has a new key').toBe(false);
  });

  it('when Telegram ends the session, the DC keys are deleted with it', async () => {
    expect((await storedKeys()).size).toBe(2);
    sandbox.control.revokeSessions(ACCOUNT);
    const t = await nextProcess();
    await syncOnce(t.host);
    expect(t.host.repos.accounts.get(ACCOUNT)?.status).toBe('needs_login');
    // the session ends in the background of the failed call: poll until it is done
    await vi.waitFor(async () => expect(await secrets.get(dcKeysKey(ACCOUNT))).toBeUndefined(), { timeout: 10_000 });
    expect(await secrets.get(`session:${ACCOUNT}`)).toBeUndefined();
    await t.close();
  });

  it('logout deletes the DC keys with the session', async () => {
    await secrets.set(dcKeysKey(ACCOUNT), serializeDcKeys(new Map([[4, randomBytes(256)]])));
    const t = await nextProcess(); // the session again (revoked on the server: auth.logOut fails, the session is forgotten anyway)
    const result = await t.host.dispatch('accounts.logout', { accountId: ACCOUNT });
    expect(result.ok).toBe(true);
    expect(await secrets.get(`session:${ACCOUNT}`)).toBeUndefined();
    expect(await secrets.get(dcKeysKey(ACCOUNT))).toBeUndefined();
  });
});
