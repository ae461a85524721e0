/**
 * The request wrapper (TelegramCaller) against the world(): per-DC senders,
 * FLOOD_WAIT sat out and persisted, long waits rejected, transient retries,
 * cancellation, counters, and a session revoked mid-work.
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { describe, expect, it, onTestFinished } from 'vitest';
import { FloodWaitError, SessionRevokedError, TelegramRpcError } from '../../../main/core/telegram/caller.js';
import { makeHost, PRESET, seedAccount, startWorld, until, useSandboxWorld } from './support.js';

const world = useSandboxWorld();

const self = (): Api.users.GetUsers => new Api.users.GetUsers({ id: [new Api.InputUserSelf()] });

async function alicePhotos(caller: ReturnType<ReturnType<typeof makeHost>['host']['telegram']['caller']>): Promise<Api.Photo[]> {
  const alice = world().control.user(5001);
  const result = await caller.call(
    new Api.photos.GetUserPhotos({ userId: new Api.InputUser({ userId: bigInt(5001), accessHash: bigInt(alice.accessHash) }), offset: 0, maxId: bigInt(0), limit: 100 }),
  );
  return result.photos.filter((p): p is Api.Photo => p instanceof Api.Photo);
}

describe('TelegramCaller', () => {
  it('restores a stored session lazily and answers as the account', async () => {
    const t = makeHost(world());
    await seedAccount(t, world());
    const caller = t.host.telegram.caller(PRESET.userId);
    expect(caller.accountId).toBe(PRESET.userId);
    expect(caller.homeDcId).toBe(2);
    const [me] = await caller.call(self());
    expect(Number(me!.id)).toBe(PRESET.userId);
    expect(caller.requestCounts()).toEqual({ 'users.GetUsers': 1 });
    expect(t.eventsOf('accounts.connection').map((c) => c.state)).toContain('online');
  });

  it('downloads on the photo DC over one reused sender, many requests in flight', async () => {
    const t = makeHost(world());
    await seedAccount(t, world());
    const caller = t.host.telegram.caller(PRESET.userId);
    const photos = await alicePhotos(caller);
    expect(photos.map((p) => p.dcId).sort()).toEqual([3, 4]);
    const before = world().control.serverStats().connections;
    const photo = photos.find((p) => p.dcId === 4)!;
    const location = new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: 'a' });
    const getFile = (): Promise<Api.upload.TypeFile> => caller.call(new Api.upload.GetFile({ location, offset: bigInt(0), limit: 1024 * 1024 }), { dcId: 4 });
    const files = await Promise.all(Array.from({ length: 8 }, getFile));
    for (const file of files) expect((file as Api.upload.File).bytes.length).toBeGreaterThan(0);
    await getFile();
    // One extra connection for DC 4, shared by all nine requests.
    expect(world().control.serverStats().connections - before).toBe(1);
    expect(world().control.metrics().requestsByMethodAndDc['upload.GetFile@4']).toBe(9);
    expect(caller.requestCounts()['upload.GetFile']).toBe(9);
  });

  it('sits out a short FLOOD_WAIT and persists its deadline', async () => {
    const t = makeHost(world());
    await seedAccount(t, world());
    const caller = t.host.telegram.caller(PRESET.userId);
    await caller.call(self());
    world().control.queueError('users.GetUsers', 'FLOOD_WAIT_1');
    const started = Date.now();
    // Sat out, not failed: the same call succeeds after one more request (how long it waits: call-wrapper.test.ts, on a fake clock).
    await caller.call(self());
    const row = t.host.archive.db.prepare('SELECT method, until, seconds FROM flood_waits WHERE account_id = ?').get(PRESET.userId) as {
      method: string;
      until: number;
      seconds: number;
    };
    expect(row).toMatchObject({ method: 'users.GetUsers', seconds: 1 });
    expect(row.until).toBeGreaterThanOrEqual(started + 1000);
    expect(caller.requestCounts()['users.GetUsers']).toBe(3);
    expect(t.eventsOf('accounts.connection').some((c) => c.state === 'flood_wait' && c.method === 'users.GetUsers')).toBe(true);
    expect(t.eventsOf('accounts.connection').at(-1)?.state).toBe('online');
  });

  it('rejects a long FLOOD_WAIT with FloodWaitError, and keeps rejecting without asking Telegram until the deadline', async () => {
    const t = makeHost(world());
    await seedAccount(t, world());
    const caller = t.host.telegram.caller(PRESET.userId);
    await caller.call(self());
    world().control.queueError('users.GetUsers', 'FLOOD_WAIT_3600');
    const error = await caller.call(self()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FloodWaitError);
    expect(error).toMatchObject({ method: 'users.GetUsers', seconds: 3600 });
    const sent = world().control.metrics().requestsByMethod['users.GetUsers'];
    await expect(caller.call(self())).rejects.toBeInstanceOf(FloodWaitError);
    expect(world().control.metrics().requestsByMethod['users.GetUsers']).toBe(sent);
    // A caller willing to wait longer still gets the rejection right away (persisted deadline, 1 h).
    await expect(caller.call(self(), { maxFloodWaitSeconds: 10 })).rejects.toMatchObject({ seconds: expect.any(Number) });
    // Other methods are not affected.
    expect((await alicePhotos(caller)).length).toBe(2);
  });

  it('retries transient failures and gives other errors to the caller', async () => {
    const t = makeHost(world());
    await seedAccount(t, world());
    const caller = t.host.telegram.caller(PRESET.userId);
    await caller.call(self()); // connected (GramJS's own getMe on connect would take a queued error)
    world().control.queueError('users.GetUsers', 'INTERDC_2_CALL_ERROR', { times: 2 });
    const [me] = await caller.call(self());
    expect(Number(me!.id)).toBe(PRESET.userId);
    expect(caller.requestCounts()['users.GetUsers']).toBe(4);
    world().control.queueError('photos.GetUserPhotos', 'USER_ID_INVALID');
    await expect(alicePhotos(caller)).rejects.toSatisfy((e) => e instanceof TelegramRpcError && e.errorMessage === 'USER_ID_INVALID');
  });

  it('stops on AbortSignal, also while sitting out a flood wait', async () => {
    const t = makeHost(world());
    await seedAccount(t, world());
    const caller = t.host.telegram.caller(PRESET.userId);
    await caller.call(self());
    world().control.queueError('users.GetUsers', 'FLOOD_WAIT_30');
    const controller = new AbortController();
    const pending = caller.call(self(), { signal: controller.signal });
    await until(() => t.eventsOf('accounts.connection').some((c) => c.state === 'flood_wait'));
    controller.abort(new Error('stopped by test'));
    await expect(pending).rejects.toThrow('stopped by test');
    await expect(caller.call(self(), { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });

  it('a session revoked mid-work marks the account needs_login, emits events and pauses its calls', async () => {
    // Its own sandbox: a revocation would outlive this test in the shared one.
    const own = await startWorld();
    onTestFinished(() => own.stop());
    const t = makeHost(own);
    await seedAccount(t, own);
    const caller = t.host.telegram.caller(PRESET.userId);
    await caller.call(self());
    own.control.revokeSessions(PRESET.userId);
    await expect(caller.call(self())).rejects.toBeInstanceOf(SessionRevokedError);
    expect(t.host.repos.accounts.get(PRESET.userId)?.status).toBe('needs_login');
    await until(() => t.eventsOf('accounts.sessionEnded').length > 0);
    expect(t.eventsOf('accounts.sessionEnded')[0]).toMatchObject({ accountId: PRESET.userId });
    expect(t.eventsOf('accounts.connection').at(-1)).toMatchObject({ accountId: PRESET.userId, state: 'needs_login' });
    expect(t.eventsOf('archive.changed')).toContainEqual({ scope: 'accounts' });
    // Further work is refused at once, without a request.
    const sent = own.control.metrics().requests;
    await expect(caller.call(self())).rejects.toBeInstanceOf(SessionRevokedError);
    expect(own.control.metrics().requests).toBe(sent);
    expect((await t.secrets.get(`session:${PRESET.userId}`)) === undefined, 'the dead session is deleted').toBe(true);
    expect(await t.request('accounts.connections', {})).toEqual([{ accountId: PRESET.userId, state: 'needs_login', until: null, method: null }]);
  });
});

describe('connection state', () => {
  it('goes offline when the connection drops and online again; calls in flight survive', async () => {
    const t = makeHost(world());
    await seedAccount(t, world());
    const caller = t.host.telegram.caller(PRESET.userId);
    await caller.call(self());
    expect(t.eventsOf('accounts.connection').map((c) => c.state)).toEqual(['connecting', 'online']);
    world().control.setConditions(2, { latencyMs: 300 });
    const sent = world().control.metrics().requestsByMethod['users.GetUsers'] ?? 0;
    const inFlight = caller.call(self());
    // Dropped while the server holds the call (its 300 ms latency), not before it arrived.
    await until(() => (world().control.metrics().requestsByMethod['users.GetUsers'] ?? 0) > sent);
    world().control.dropConnections();
    await until(() => t.eventsOf('accounts.connection').some((c) => c.state === 'offline'));
    world().control.setConditions(2, {});
    const [me] = await inFlight;
    expect(Number(me!.id)).toBe(PRESET.userId);
    await until(() => t.eventsOf('accounts.connection').at(-1)?.state === 'online');
  });
});
