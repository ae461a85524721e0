/**
 * The sandbox's download budget measure (limits.ts), on a fake clock: it counts
 * only the time files shown to the account wait to be asked for, and averages the
 * bytes of getFile limits in flight over that time.
 */
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../server/api.js';
import { TELEGRAM_LIMITS, TelegramLimits } from './limits.js';

const KIB = 1024;
const ctx = (dcId: number, method: string, answered = Promise.resolve()): CallContext => ({ dcId, authKeyId: 'k', userId: 1000, method, connectionId: 1, answered });
/** Lets the callbacks waiting on `answered` run. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

const photo = (id: number, dcId: number, video = false): Api.Photo =>
  new Api.Photo({
    id: bigInt(id),
    accessHash: bigInt(1),
    fileReference: Buffer.alloc(0),
    date: 0,
    sizes: [],
    dcId,
    ...(video ? { videoSizes: [new Api.VideoSize({ type: 'u', w: 640, h: 640, size: 1000 })] } : {}),
  });

const getFile = (id: number, limit: number, thumbSize = 'c'): Api.upload.GetFile =>
  new Api.upload.GetFile({ location: new Api.InputPhotoFileLocation({ id: bigInt(id), accessHash: bigInt(1), fileReference: Buffer.alloc(0), thumbSize }), offset: bigInt(0), limit });

describe('download budget use while files wait', () => {
  it('counts only the time a shown file waits to be asked for, and averages what is in flight then', async () => {
    let now = 0;
    const limits = new TelegramLimits(TELEGRAM_LIMITS, () => false, () => now);
    const answer = (photos: Api.Photo[]) => () => Promise.resolve(new Api.photos.Photos({ photos, users: [] }));
    const done: (() => void)[] = [];
    const download = (id: number, limit: number, thumbSize?: string): void => {
      void limits.middleware(ctx(2, 'upload.GetFile'), getFile(id, limit, thumbSize), () => new Promise((resolve) => done.push(() => resolve(null))));
    };

    now = 1000; // nothing shown yet: a second with nothing waiting does not count
    await limits.middleware(ctx(2, 'photos.GetUserPhotos'), new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: bigInt(0), limit: 100 }), answer([photo(1, 2), photo(2, 2, true)]));
    await flush();
    now = 1100; // three files waited 100 ms with nothing in flight
    download(1, 1024 * KIB);
    now = 1200; // 1 MiB in flight for 100 ms while two files wait
    download(2, 512 * KIB);
    now = 1300; // the still of photo 2 is asked; its MP4 still waits with 1.5 MiB in flight
    download(2, 512 * KIB, 'u');
    now = 5000; // nothing waits any more: these seconds do not count
    for (const finish of done.splice(0)) finish();
    await flush();

    const [use] = limits.budgetUse();
    expect(use).toMatchObject({ dcId: 2, waitingMs: 300, budget: 2048 * KIB });
    // (0 * 100 + 1024 KiB * 100 + 1536 KiB * 100) / 300 ms
    expect(use!.averageBytesInFlight).toBe(Math.round(((1024 + 1536) * KIB * 100) / 300));
    expect(use!.use).toBeCloseTo((1024 + 1536) / 3 / 2048, 5);
  });

  it('a photo shown again after it was asked for does not wait again, and a reset starts over', async () => {
    let now = 0;
    const limits = new TelegramLimits(TELEGRAM_LIMITS, () => false, () => now);
    const full = () => Promise.resolve(new Api.users.UserFull({ fullUser: new Api.UserFull({ id: bigInt(5), settings: new Api.PeerSettings({}), notifySettings: new Api.PeerNotifySettings({}), commonChatsCount: 0, profilePhoto: photo(7, 1) }), chats: [], users: [] }));
    await limits.middleware(ctx(1, 'users.GetFullUser'), new Api.users.GetFullUser({ id: new Api.InputUserSelf() }), full);
    await flush();
    now = 50;
    await limits.middleware(ctx(1, 'upload.GetFile'), getFile(7, 64 * KIB), () => Promise.resolve(null));
    now = 80;
    await limits.middleware(ctx(1, 'users.GetFullUser'), new Api.users.GetFullUser({ id: new Api.InputUserSelf() }), full);
    await flush();
    now = 500;
    expect(limits.budgetUse()[0]).toMatchObject({ dcId: 1, waitingMs: 50, use: 0 });
    limits.resetUse();
    expect(limits.budgetUse()).toEqual([]);
  });

  it('counts from the wire: files wait once their listing has left, and a getFile holds its limit until its answer has left', async () => {
    let now = 0;
    const limits = new TelegramLimits(TELEGRAM_LIMITS, () => false, () => now);
    const listingSent = Promise.withResolvers<void>();
    const request = new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: bigInt(0), limit: 100 });
    await limits.middleware(ctx(2, 'photos.GetUserPhotos', listingSent.promise), request, () => Promise.resolve(new Api.photos.Photos({ photos: [photo(1, 2), photo(2, 2)], users: [] })));
    now = 30; // the DC's latency: the client cannot know of the photos yet
    listingSent.resolve();
    await flush();
    now = 40; // 10 ms of the client's own reaction, nothing in flight
    const fileSent = Promise.withResolvers<void>();
    await limits.middleware(ctx(2, 'upload.GetFile', fileSent.promise), getFile(1, 1024 * KIB), () => Promise.resolve(null));
    now = 70; // answered at once, on the wire after 30 ms: 1 MiB in flight all along while photo 2 waits
    fileSent.resolve();
    await flush();
    now = 80;
    await limits.middleware(ctx(2, 'upload.GetFile'), getFile(2, 64 * KIB), () => Promise.resolve(null));
    await flush();

    const [use] = limits.budgetUse();
    expect(use).toMatchObject({ waitingMs: 50, peakBytesInFlight: 1024 * KIB });
    expect(use!.averageBytesInFlight).toBe(Math.round((1024 * KIB * 30) / 50));
    // and the budget is enforced on the same span: 1 MiB left only once its answer did
    expect(use!.busyMs).toBe(30);
  });
});
