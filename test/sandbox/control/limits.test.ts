/**
 * The sandbox's download budget measure (limits.ts), on a fake clock: over the time the
 * account knows of download work (limits in flight, files shown and not yet asked for), the
 * bytes in flight against what could have been: the budget, or the work when it is less.
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

/** A photo whose largest still is `stillBytes` long (a smaller size beside it), with an MP4 of `videoBytes` if given. */
const photo = (id: number, dcId: number, stillBytes: number, videoBytes?: number): Api.Photo =>
  new Api.Photo({
    id: bigInt(id),
    accessHash: bigInt(1),
    fileReference: Buffer.alloc(0),
    date: 0,
    sizes: [new Api.PhotoSize({ type: 'a', w: 160, h: 160, size: 5000 }), new Api.PhotoSize({ type: 'c', w: 640, h: 640, size: stillBytes })],
    dcId,
    ...(videoBytes ? { videoSizes: [new Api.VideoSize({ type: 'u', w: 640, h: 640, size: videoBytes })] } : {}),
  });

const getFile = (id: number, limit: number, thumbSize = 'c'): Api.upload.GetFile =>
  new Api.upload.GetFile({ location: new Api.InputPhotoFileLocation({ id: bigInt(id), accessHash: bigInt(1), fileReference: Buffer.alloc(0), thumbSize }), offset: bigInt(0), limit });

const listing = new Api.photos.GetUserPhotos({ userId: new Api.InputUserSelf(), offset: 0, maxId: bigInt(0), limit: 100 });

describe('download budget use against what could be in flight', () => {
  it('counts the time with download work known, and compares what is in flight with the work when it is under the budget', async () => {
    let now = 0;
    const limits = new TelegramLimits(TELEGRAM_LIMITS, () => false, () => now);
    const answer = (photos: Api.Photo[]) => () => Promise.resolve(new Api.photos.Photos({ photos, users: [] }));
    const done: (() => void)[] = [];
    const download = (id: number, limit: number, thumbSize?: string): void => {
      void limits.middleware(ctx(2, 'upload.GetFile'), getFile(id, limit, thumbSize), () => new Promise((resolve) => done.push(() => resolve(null))));
    };

    now = 1000; // nothing shown yet: a second with no work does not count
    // first parts: 1 MiB (a 1 MB still), 512 KiB (300 KB) and 128 KiB (a 100 KB MP4): 1664 KiB of work
    await limits.middleware(ctx(2, 'photos.GetUserPhotos'), listing, answer([photo(1, 2, 1_000_000), photo(2, 2, 300_000, 100_000)]));
    await flush();
    now = 1100; // the client's reaction: nothing in flight of the 1664 KiB it could have
    download(1, 1024 * KIB);
    now = 1200; // 1 MiB in flight
    download(2, 512 * KIB);
    now = 1300; // 1.5 MiB
    download(2, 128 * KIB, 'u');
    now = 1400; // everything it knows of in flight: as full as it can be
    for (const finish of done.splice(0)) finish();
    await flush();
    now = 5000; // no work any more: these seconds do not count

    const [use] = limits.budgetUse();
    expect(use).toMatchObject({ dcId: 2, workMs: 400, busyMs: 300, budget: 2048 * KIB, averageFillable: 1664 * KIB });
    expect(use!.averageBytesInFlight).toBe(Math.round(((0 + 1024 + 1536 + 1664) * KIB * 100) / 400));
    expect(use!.use).toBeCloseTo((0 + 1024 + 1536 + 1664) / (4 * 1664), 5);
  });

  it('compares with the budget when more waits than it holds', async () => {
    let now = 0;
    const limits = new TelegramLimits(TELEGRAM_LIMITS, () => false, () => now);
    const photos = [1, 2, 3].map((id) => photo(id, 2, 1_000_000)); // 3 MiB of first parts
    await limits.middleware(ctx(2, 'photos.GetUserPhotos'), listing, () => Promise.resolve(new Api.photos.Photos({ photos, users: [] })));
    await flush();
    const done: (() => void)[] = [];
    for (const id of [1, 2]) void limits.middleware(ctx(2, 'upload.GetFile'), getFile(id, 1024 * KIB), () => new Promise((resolve) => done.push(() => resolve(null))));
    now = 100; // the budget full while photo 3 waits for room
    for (const finish of done.splice(0)) finish();
    await flush();
    await limits.middleware(ctx(2, 'upload.GetFile'), getFile(3, 1024 * KIB), () => Promise.resolve(null));
    await flush();
    expect(limits.budgetUse()[0]).toMatchObject({ workMs: 100, use: 1, averageFillable: 2048 * KIB });
  });

  it('a photo shown again after it was asked for does not wait again, and a reset starts over', async () => {
    let now = 0;
    const limits = new TelegramLimits(TELEGRAM_LIMITS, () => false, () => now);
    const full = () => Promise.resolve(new Api.users.UserFull({ fullUser: new Api.UserFull({ id: bigInt(5), settings: new Api.PeerSettings({}), notifySettings: new Api.PeerNotifySettings({}), commonChatsCount: 0, profilePhoto: photo(7, 1, 50_000) }), chats: [], users: [] }));
    await limits.middleware(ctx(1, 'users.GetFullUser'), new Api.users.GetFullUser({ id: new Api.InputUserSelf() }), full);
    await flush();
    now = 50;
    await limits.middleware(ctx(1, 'upload.GetFile'), getFile(7, 64 * KIB), () => Promise.resolve(null));
    now = 80;
    await limits.middleware(ctx(1, 'users.GetFullUser'), new Api.users.GetFullUser({ id: new Api.InputUserSelf() }), full);
    await flush();
    now = 500;
    expect(limits.budgetUse()[0]).toMatchObject({ dcId: 1, workMs: 50, use: 0 });
    limits.resetUse();
    expect(limits.budgetUse()).toEqual([]);
  });

  it('counts from the wire: files wait once their listing has left, and a getFile holds its limit until its answer has left', async () => {
    let now = 0;
    const limits = new TelegramLimits(TELEGRAM_LIMITS, () => false, () => now);
    const listingSent = Promise.withResolvers<void>();
    await limits.middleware(ctx(2, 'photos.GetUserPhotos', listingSent.promise), listing, () =>
      Promise.resolve(new Api.photos.Photos({ photos: [photo(1, 2, 1_000_000), photo(2, 2, 60_000)], users: [] })),
    );
    now = 30; // the DC's latency: the client cannot know of the photos yet
    listingSent.resolve();
    await flush();
    now = 40; // 10 ms of the client's own reaction, nothing in flight
    const fileSent = Promise.withResolvers<void>();
    await limits.middleware(ctx(2, 'upload.GetFile', fileSent.promise), getFile(1, 1024 * KIB), () => Promise.resolve(null));
    now = 70; // answered at once, on the wire after 30 ms: 1 MiB in flight all along
    fileSent.resolve();
    await flush();
    now = 80; // photo 2's 64 KiB wait 10 ms more with nothing in flight
    await limits.middleware(ctx(2, 'upload.GetFile'), getFile(2, 64 * KIB), () => Promise.resolve(null));
    await flush();

    const [use] = limits.budgetUse();
    expect(use).toMatchObject({ workMs: 50, busyMs: 30, peakBytesInFlight: 1024 * KIB });
    expect(use!.use).toBeCloseTo((1024 * 30) / (1088 * 40 + 64 * 10), 5);
  });
});
