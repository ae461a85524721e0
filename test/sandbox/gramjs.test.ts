/**
 * The sandbox through the real GramJS client: listings, every file byte-exact, DC
 * placement, and each injected error reaching the client as Telegram sends it.
 */
import { createHash } from 'node:crypto';
import { Api, type TelegramClient } from 'telegram';
import { FloodWaitError, RPCError } from 'telegram/errors/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClient, startSandbox, type Sandbox } from './index.js';
import { smallWorld } from './rpc/test-helpers.js';
import { long } from './rpc/tl.js';
import type { FileType } from './world/world.js';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
/** downloadMedia is typed for message media; a photo is wrapped the way messages carry it. */
const asMedia = (photo: Api.Photo): Api.MessageMediaPhoto => new Api.MessageMediaPhoto({ photo });
/** GramJS's types omit the size-type string form of `thumb` that its getThumb accepts ('a', 'c', 'u'). */
const thumb = (type: string): Api.TypePhotoSize => type as unknown as Api.TypePhotoSize;

describe('the sandbox through a real GramJS client', () => {
  let sandbox: Sandbox;
  const clients: TelegramClient[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ world: smallWorld(), log: () => {} });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    sandbox.control.resetFaults();
  });

  async function connect(userId = 100, options: Parameters<typeof sandboxClient>[2] = {}): Promise<TelegramClient> {
    const client = sandboxClient(sandbox, userId, options);
    clients.push(client);
    await client.connect();
    return client;
  }
  const inputUser = (id: number) => new Api.InputUser({ userId: long(id), accessHash: long(sandbox.world.user(id)!.accessHash) });
  const listPhotos = (client: TelegramClient, userId: number, offset: number, maxId: bigint | string, limit: number) =>
    client.invoke(new Api.photos.GetUserPhotos({ userId: inputUser(userId), offset, maxId: long(maxId), limit }));

  it('logs in with the pre-shared session and serves getMe', async () => {
    const client = await connect();
    const me = await client.getMe();
    expect([me.id.toString(), me.firstName, me.self]).toEqual(['100', 'Viewer', true]);
    expect(sandbox.serverProfile.rsaKeys).toHaveLength(1);
    expect(Object.keys(sandbox.serverProfile.dcs)).toEqual(['1', '2', '3', '4']);
    expect(sandbox.serverProfile.defaultDc).toBe(2);
  });

  it('pages getUserPhotos exactly as the world says, offset -1 included', async () => {
    const client = await connect();
    const ids = sandbox.world.listedPhotos(204, 100).map((p) => p.id);
    for (const [offset, maxId, limit] of [
      [0, '0', 100],
      [0, ids[99]!, 100],
      [30, '0', 100],
      [0, '0', 1000],
      [-1, ids[57]!, 1],
      [-1, ids[0]!, 1],
      [-1, ids[129]!, 1],
      [129, '0', 5],
      [130, '0', 5],
      [-2, ids[10]!, 3],
    ] as const) {
      const answer = await listPhotos(client, 204, offset, maxId, limit);
      const start = Math.max(0, (maxId === '0' ? 0 : ids.indexOf(maxId) + 1) + offset);
      const want = ids.slice(start, start + Math.min(limit, 100));
      expect(answer.photos.map((p) => (p as Api.Photo).id.toString()), `${offset}/${maxId}/${limit}`).toEqual(want);
      expect(answer.className).toBe('photos.PhotosSlice');
      expect((answer as Api.photos.PhotosSlice).count).toBe(130);
    }
    const whole = await listPhotos(client, 200, 0, '0', 100);
    expect(whole.className).toBe('photos.Photos');
  });

  it('downloads every size and every MP4 with the sha256 of the world, on home and foreign DCs', async () => {
    const client = await connect();
    const answer = await listPhotos(client, 200, 0, '0', 100);
    const dcs = new Set<number>();
    let files = 0;
    for (const photo of answer.photos as Api.Photo[]) {
      const types: FileType[] = photo.videoSizes?.some((v) => v instanceof Api.VideoSize) ? ['a', 'c', 'u'] : ['a', 'c'];
      for (const type of types) {
        const bytes = (await client.downloadMedia(asMedia(photo), { thumb: thumb(type) })) as Buffer;
        expect(sha(bytes), `${photo.id} ${type}`).toBe(sandbox.world.expectedSha256(photo.id.toString(), type));
        files++;
      }
      // One request of 1 MiB, as the app's download engine does.
      const whole = await client.downloadFile(
        new Api.InputPhotoFileLocation({ id: photo.id, accessHash: photo.accessHash, fileReference: photo.fileReference, thumbSize: 'c' }),
        { dcId: photo.dcId, partSizeKb: 1024 },
      );
      expect(sha(whole as Buffer)).toBe(sandbox.world.expectedSha256(photo.id.toString(), 'c'));
      dcs.add(photo.dcId);
    }
    expect(files).toBe(15);
    expect(dcs).toEqual(new Set([2, 3])); // the account lives on DC 2; one photo is on DC 3
    const stripped = (await client.downloadMedia(asMedia(answer.photos[0] as Api.Photo), { thumb: thumb('i') })) as Buffer;
    expect(stripped.subarray(0, 2).toString('hex')).toBe('ffd8');
  });

  it('downloads the profile photo by peer (small and big)', async () => {
    const client = await connect();
    const [alice] = (await client.invoke(new Api.users.GetUsers({ id: [inputUser(203)] }))) as Api.User[];
    const current = sandbox.world.currentPhoto(203)!;
    const big = (await client.downloadProfilePhoto(alice!, { isBig: true })) as Buffer;
    const small = (await client.downloadProfilePhoto(alice!, { isBig: false })) as Buffer;
    expect(sha(big)).toBe(sandbox.world.expectedSha256(current.id, 'c'));
    expect(sha(small)).toBe(sandbox.world.expectedSha256(current.id, 'a'));
  });

  it('sleeps through short FLOOD_WAITs and throws long ones as FloodWaitError', async () => {
    const client = await connect(100, { floodSleepThreshold: 5 });
    sandbox.control.queueError('photos.GetUserPhotos', 'FLOOD_WAIT_1');
    const before = sandbox.control.metrics();
    await listPhotos(client, 200, 0, '0', 1);
    // Slept through, not thrown: the FLOOD_WAIT_1, then the same call again (GramJS's own sleep decides how long).
    const after = sandbox.control.metrics();
    expect((after.errorsSent['FLOOD_WAIT_1'] ?? 0) - (before.errorsSent['FLOOD_WAIT_1'] ?? 0)).toBe(1);
    expect(after.requestsByMethod['photos.GetUserPhotos']! - (before.requestsByMethod['photos.GetUserPhotos'] ?? 0)).toBe(2);
    sandbox.control.queueError('photos.getUserPhotos', 'FLOOD_WAIT_30');
    const error = await listPhotos(client, 200, 0, '0', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FloodWaitError);
    expect([(error as FloodWaitError).code, (error as FloodWaitError).seconds]).toEqual([420, 30]);
  });

  it.each([
    ['users.GetFullUser', 'AUTH_KEY_UNREGISTERED', 401],
    ['photos.GetUserPhotos', 'USER_ID_INVALID', 400],
    ['photos.GetUserPhotos', 'MAX_ID_INVALID', 400],
    ['users.GetFullUser', { code: 500, message: 'INTERNAL' }, 500],
  ] as const)('passes %s %j through as RPCError %i', async (method, injected, code) => {
    const client = await connect();
    sandbox.control.queueError(method, injected);
    const call =
      method === 'users.GetFullUser' ? client.invoke(new Api.users.GetFullUser({ id: inputUser(200) })) : listPhotos(client, 200, 0, '0', 1);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RPCError);
    const message = typeof injected === 'string' ? injected : injected.message;
    expect([(error as RPCError).code, (error as RPCError).errorMessage]).toEqual([code, message]);
  });

  it('FILE_REFERENCE_EXPIRED: injected and after a rotation; offset -1 refreshes the reference', async () => {
    const client = await connect();
    const [photo] = (await listPhotos(client, 200, 0, '0', 1)).photos as Api.Photo[];
    const download = (p: Api.Photo) => client.downloadMedia(asMedia(p), { thumb: thumb('a') });
    sandbox.control.queueError('upload.GetFile', 'FILE_REFERENCE_EXPIRED');
    await expect(download(photo!)).rejects.toMatchObject({ code: 400, errorMessage: 'FILE_REFERENCE_EXPIRED' });
    sandbox.control.rotateFileReferences(200);
    await expect(download(photo!)).rejects.toMatchObject({ code: 400, errorMessage: 'FILE_REFERENCE_EXPIRED' });
    const [fresh] = (await listPhotos(client, 200, -1, photo!.id.toString(), 1)).photos as Api.Photo[];
    expect(fresh!.id.toString()).toBe(photo!.id.toString());
    expect(Buffer.from(fresh!.fileReference).equals(Buffer.from(photo!.fileReference))).toBe(false);
    expect(sha((await download(fresh!)) as Buffer)).toBe(sandbox.world.expectedSha256(photo!.id.toString(), 'a'));
  });

  it('FILE_MIGRATE_X sends GramJS to another DC and back; TIMEOUT is retried once', async () => {
    const client = await connect();
    const [photo] = (await listPhotos(client, 200, 0, '0', 1)).photos as Api.Photo[];
    sandbox.control.resetMetrics();
    sandbox.control.queueError('upload.GetFile', 'FILE_MIGRATE_4', { dcId: 2 });
    const bytes = (await client.downloadMedia(asMedia(photo!), { thumb: thumb('a') })) as Buffer;
    expect(sha(bytes)).toBe(sandbox.world.expectedSha256(photo!.id.toString(), 'a'));
    const metrics = sandbox.control.metrics();
    expect(metrics.errorsSent).toMatchObject({ FILE_MIGRATE_4: 1, FILE_MIGRATE_2: 1 });
    expect(metrics.requestsByMethodAndDc['upload.GetFile@4']).toBe(1);

    sandbox.control.queueError('upload.GetFile', 'TIMEOUT');
    expect(sha((await client.downloadMedia(asMedia(photo!), { thumb: thumb('a') })) as Buffer)).toBe(sandbox.world.expectedSha256(photo!.id.toString(), 'a'));
    sandbox.control.queueError('upload.GetFile', 'TIMEOUT', { times: 2 });
    await expect(client.downloadMedia(asMedia(photo!), { thumb: thumb('a') })).rejects.toMatchObject({ errorMessage: 'TIMEOUT' });
  });

  it('rate limits with token buckets answering FLOOD_WAIT_X', async () => {
    const client = await connect(100, { floodSleepThreshold: 0 });
    sandbox.control.setRateLimit('users.GetFullUser', { perSecond: 0.5, burst: 2 });
    const call = () => client.invoke(new Api.users.GetFullUser({ id: inputUser(200) }));
    await call();
    await call();
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FloodWaitError);
    expect((error as FloodWaitError).seconds).toBe(2);
    // Other methods are not limited.
    await listPhotos(client, 200, 0, '0', 1);
  });

  it('resolves usernames and phones, lists contacts and dialogs through GramJS helpers', async () => {
    const client = await connect();
    const alice = (await client.getEntity('alice_a')) as Api.User;
    expect(alice.id.toString()).toBe('200');
    const dialogs = await client.getDialogs({});
    expect(dialogs.map((d) => d.id?.toString())).toEqual(expect.arrayContaining(['200']));
    const contacts = (await client.invoke(new Api.contacts.GetContacts({ hash: long(0) }))) as Api.contacts.Contacts;
    expect(contacts.users.map((u) => u.id.toString())).toEqual(['200']);
    await expect(client.invoke(new Api.contacts.ResolveUsername({ username: 'nobody_here' }))).rejects.toMatchObject({ errorMessage: 'USERNAME_NOT_OCCUPIED' });
  });

  it('reflects world changes: new photo, removal, hidden history, deleted account', async () => {
    const client = await connect();
    const before = (await listPhotos(client, 203, 0, '0', 100)).photos.length;
    const added = await sandbox.control.addPhoto(203, { kind: 'video', dc: 4 });
    const after = await listPhotos(client, 203, 0, '0', 100);
    expect(after.photos.length).toBe(before + 1);
    const newest = after.photos[0] as Api.Photo;
    expect([newest.id.toString(), newest.dcId]).toEqual([added.id, 4]);
    expect(sha((await client.downloadMedia(asMedia(newest), { thumb: thumb('u') })) as Buffer)).toBe(sandbox.world.expectedSha256(added.id, 'u'));
    sandbox.control.removePhoto(203, added.id);
    expect((await listPhotos(client, 203, 0, '0', 100)).photos.length).toBe(before);
    sandbox.control.hideHistory(203, 100);
    expect((await listPhotos(client, 203, 0, '0', 100)).photos).toEqual([]);
    sandbox.control.showHistory(203, 100);
    sandbox.control.deleteAccount(204);
    const gone = await listPhotos(client, 204, 0, '0', 100);
    expect([gone.photos.length, (gone.users[0] as Api.User).deleted]).toEqual([0, true]);
  });
});
