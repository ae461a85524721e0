/**
 * Two accounts in one archive against the sandbox, with different visibility:
 * a person whose photos are hidden from A is archived through B once B adds
 * them (all their photos, not the one A sees); a personal photo only B set is
 * archived through B; logging A out in the middle of a run moves A's people to
 * B (who sees them too) and the run goes on to the end without an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';
import { until } from '../accounts/support.js';
import { archivedPhotos, expectNoOrphans, loggedInHost, numberedPhotos, syncOnce, type SyncTestHost, tempDir } from './support.js';

const A = 1000;
const B = 2000;
const HEDY = 5001;
const PAULA = 5002;
const SAM = 5003;
const OLGA = 5004;
const WORLD: WorldFileInput = {
  version: 1,
  seed: 60,
  dcs: [1, 2],
  accounts: [
    { userId: A, phone: '+15550001000', dc: 2, firstName: 'Ann' },
    { userId: B, phone: '+15550002000', dc: 1, firstName: 'Ben' },
  ],
  users: [
    { id: HEDY, firstName: 'Hedy', username: 'hedy_hidden', dc: 1, photosHiddenFrom: [A], photos: numberedPhotos(HEDY, 10) },
    { id: PAULA, firstName: 'Paula', username: 'paula_p', dc: 2, contactOf: [B], photos: numberedPhotos(PAULA, 2), personalPhoto: { id: String(PAULA * 1_000_000 + 50), date: 1_650_000_000 } },
    { id: SAM, firstName: 'Sam', username: 'sam_shared', dc: 2, photos: numberedPhotos(SAM, 30) },
    { id: OLGA, firstName: 'Olga', username: 'olga_o', dc: 1, contactOf: [B], photos: numberedPhotos(OLGA, 3), personalPhoto: { id: String(OLGA * 1_000_000 + 50), date: 1_650_000_000 } },
  ],
};

describe('two accounts in one archive', () => {
  let sandbox: Sandbox;
  let t: SyncTestHost;

  beforeAll(async () => {
    sandbox = await startSandbox({ world: WORLD });
    const secrets = new MemorySecretStore();
    t = await loggedInHost(sandbox, tempDir(), { secrets }, A);
    await secrets.set(`session:${B}`, sandbox.sessionString(B));
    t.host.repos.accounts.upsert({ id: B, phone: '15550002000', firstName: 'Ben', lastName: '', username: null, dcId: 1 }, Date.now() + 1);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  const add = async (query: string, accountId?: number) => {
    const r = await t.host.dispatch('targets.add', { query, ...(accountId ? { accountId } : {}) });
    if (!r.ok) throw new Error(`${query}: ${r.error.message}`);
    return r.value as { userId: number; accountId: number };
  };
  const photosOf = (userId: number) => [...archivedPhotos(t.host).values()].filter((p) => Number(p.user_id) === userId);

  it('archives through the account that sees someone: hidden from A, all of them through B; B\'s personal photo too', async () => {
    expect(await add('@hedy_hidden')).toMatchObject({ accountId: A });
    expect(await add('@paula_p')).toMatchObject({ accountId: A });
    expect(await syncOnce(t.host)).toMatchObject({ status: 'done', errors: 0 });
    expect(photosOf(HEDY).length).toBeLessThan(10);
    expect(photosOf(PAULA).map((p) => p.kind)).not.toContain('personal');

    expect(await add('@hedy_hidden', B)).toMatchObject({ userId: HEDY, accountId: B });
    expect(await add('@paula_p', B)).toMatchObject({ accountId: B });
    expect(await syncOnce(t.host, { deep: true })).toMatchObject({ status: 'done', errors: 0 });
    expect(photosOf(HEDY).filter((p) => p.kind === 'profile' && p.removed_at === null && p.files_complete === 1n)).toHaveLength(10);
    const personal = photosOf(PAULA).filter((p) => p.kind === 'personal');
    expect(personal.map((p) => [p.id.toString(), p.files_complete])).toEqual([[String(PAULA * 1_000_000 + 50), 1n]]);
    expect(t.host.repos.targets.access(HEDY).map((a) => a.accountId).sort()).toEqual([A, B]);
  });

  it('keeps the personal photo only B sees of someone archived through A, and A\'s full reads never mark it removed', async () => {
    expect(await add('@olga_o', B)).toMatchObject({ accountId: B });
    expect(await add('@olga_o', A)).toMatchObject({ accountId: A });
    const run = await syncOnce(t.host, { userIds: [OLGA], deep: true });
    expect(run).toMatchObject({ status: 'done', errors: 0 });
    const olga = () => photosOf(OLGA).map((p) => [p.kind, p.observed_by, p.removed_at, p.files_complete]);
    expect(olga()).toContainEqual(['personal', BigInt(B), null, 1n]);
    expect(olga().filter(([kind]) => kind === 'profile')).toHaveLength(3);
    // Another deep run through A: A sees no personal photo, B's stays.
    expect(await syncOnce(t.host, { userIds: [OLGA], deep: true })).toMatchObject({ status: 'done', errors: 0 });
    expect(olga()).toContainEqual(['personal', BigInt(B), null, 1n]);
    await t.host.dispatch('targets.remove', { userId: OLGA, purge: true });
  });

  it('logging A out in the middle of a run moves A\'s people to B, and the run completes', async () => {
    expect(await add('@sam_shared')).toMatchObject({ accountId: A });
    expect(await add('@sam_shared', B)).toMatchObject({ accountId: B });
    // Sam is archived through A again (the default), B sees him too.
    expect(await add('@sam_shared', A)).toMatchObject({ accountId: A });
    sandbox.control.holdRequests('upload.GetFile');
    const run = await t.host.sync.service.start({ userIds: [SAM] });
    await until(() => sandbox.control.heldRequests().held > 0);
    const out = await t.host.dispatch('accounts.logout', { accountId: A });
    expect(out.ok).toBe(true);
    sandbox.control.resetFaults();
    const done = await run.done;
    expect(done, done.error ?? '').toMatchObject({ status: 'done', errors: 0 });
    expect(t.host.repos.targets.get(SAM)).toMatchObject({ accountId: B });
    expect(photosOf(SAM).filter((p) => p.files_complete === 1n)).toHaveLength(30);
    expectNoOrphans(t.host);

    // A is gone: the next run works through B alone, for everyone B sees.
    expect(await syncOnce(t.host)).toMatchObject({ status: 'done', errors: 0 });
    expect(t.host.repos.targets.all().map((x) => x.accountId)).toEqual([B, B, B]);
  });
});
