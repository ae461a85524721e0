import { Api } from 'telegram';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { RpcError, type CallContext } from '../server/api.js';
import { ctx, smallWorld } from '../rpc/test-helpers.js';
import { World } from '../world/world.js';
import { SandboxControl } from './control.js';
import { telegramErrorCode } from './errors.js';
import { RateLimiter } from './rate-limit.js';
import { startControlHttp } from './http.js';

/** Runs a request through the control's middleware chain around `handler`. */
async function through(control: SandboxControl, c: CallContext, handler: () => unknown): Promise<unknown> {
  const chain = control.middleware();
  const request = new Api.help.GetConfig() as unknown as Api.AnyRequest;
  const step = (i: number): Promise<unknown> => (i < chain.length ? chain[i]!(c, request, () => step(i + 1)) : Promise.resolve(handler()));
  return step(0);
}

const errorOf = async (p: Promise<unknown>): Promise<RpcError> => {
  const error = await p.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(RpcError);
  return error as RpcError;
};

describe('control', () => {
  let world: World;
  beforeAll(async () => {
    world = await World.create(smallWorld());
  });

  it("maps error messages to Telegram's codes", () => {
    expect(
      ['FLOOD_WAIT_3', 'FLOOD_PREMIUM_WAIT_5', 'FILE_MIGRATE_3', 'USER_MIGRATE_4', 'AUTH_KEY_UNREGISTERED', 'SESSION_PASSWORD_NEEDED', 'TIMEOUT', 'RPC_CALL_FAIL', 'USER_ID_INVALID', 'FILE_REFERENCE_EXPIRED', 'CHAT_WRITE_FORBIDDEN'].map(
        telegramErrorCode,
      ),
    ).toEqual([420, 420, 303, 303, 401, 401, -503, 500, 400, 400, 403]);
  });

  it('queues errors per method, times and DC, in order', async () => {
    const control = new SandboxControl(world);
    control.queueError('upload.getFile', 'FILE_MIGRATE_3', { times: 2, dcId: 2 });
    control.queueError('Upload.GetFile', 'FLOOD_WAIT_7');
    const getFile = (dcId: number) => through(control, ctx(100, dcId, 'upload.GetFile'), () => 'ok');
    // On DC 4 the DC-bound error does not apply; the flood wait (any DC) does.
    const flood = await errorOf(getFile(4));
    expect([flood.code, flood.errorMessage]).toEqual([420, 'FLOOD_WAIT_7']);
    expect(await getFile(4)).toBe('ok');
    expect(control.queuedErrors().map((e) => e.error)).toEqual(['FILE_MIGRATE_3']);
    const migrate = await errorOf(getFile(2));
    expect([migrate.code, migrate.errorMessage]).toEqual([303, 'FILE_MIGRATE_3']);
    await errorOf(getFile(2));
    expect(await getFile(2)).toBe('ok');
    expect(await through(control, ctx(100, 2, 'users.GetUsers'), () => 'ok')).toBe('ok');
    control.queueError('*', { code: 500, message: 'INTERNAL' });
    expect((await errorOf(through(control, ctx(100, 2, 'users.GetUsers'), () => 'ok'))).code).toBe(500);
    expect(() => control.queueError('x', 'FLOOD_WAIT_1', { times: 0 })).toThrow();
  });

  it('counts requests, errors and bytes', async () => {
    const control = new SandboxControl(world);
    const file = new Api.upload.File({ type: new Api.storage.FileJpeg(), mtime: 0, bytes: Buffer.alloc(1234) });
    await through(control, ctx(100, 4, 'upload.GetFile'), () => file);
    await through(control, ctx(100, 4, 'upload.GetFile'), () => file);
    control.queueError('users.GetUsers', 'FLOOD_WAIT_3');
    await errorOf(through(control, ctx(100, 2, 'users.GetUsers'), () => []));
    const m = control.metrics();
    expect(m.requestsByMethod).toEqual({ 'upload.GetFile': 2, 'users.GetUsers': 1 });
    expect(m.requestsByDc).toEqual({ '4': 2, '2': 1 });
    expect(m.requestsByMethodAndDc).toEqual({ 'upload.GetFile@4': 2, 'users.GetUsers@2': 1 });
    expect([m.bytesServed, m.errorsSent]).toEqual([2468, { FLOOD_WAIT_3: 1 }]);
    control.resetMetrics();
    expect(control.metrics().requests).toBe(0);
  });

  it('token buckets answer FLOOD_WAIT_X with the seconds until a token', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    limiter.set('photos.GetUserPhotos', { perSecond: 2, burst: 3 });
    expect([0, 0, 0].map(() => limiter.take('photos.GetUserPhotos', 'a'))).toEqual([0, 0, 0]);
    expect(limiter.take('photos.GetUserPhotos', 'a')).toBe(1);
    expect(limiter.take('photos.GetUserPhotos', 'b')).toBe(0); // per account
    expect(limiter.take('users.GetUsers', 'a')).toBe(0); // per method
    now = 500;
    expect(limiter.take('photos.GetUserPhotos', 'a')).toBe(0);
    limiter.set('photos.GetUserPhotos', { perSecond: 0.1, burst: 1 });
    expect(limiter.take('photos.GetUserPhotos', 'a')).toBe(0);
    expect(limiter.take('photos.GetUserPhotos', 'a')).toBe(10);
    now += 4000;
    expect(limiter.take('photos.GetUserPhotos', 'a')).toBe(6);
    limiter.set('photos.GetUserPhotos', null);
    expect(limiter.take('photos.GetUserPhotos', 'a')).toBe(0);
  });

  it('adds per-DC latency', async () => {
    vi.useFakeTimers();
    try {
      const control = new SandboxControl(world);
      control.setConditions(3, { latencyMs: 120 });
      let served = false;
      const slow = through(control, ctx(100, 3, 'users.GetUsers'), () => (served = true));
      await vi.advanceTimersByTimeAsync(119);
      expect(served).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(served).toBe(true);
      await slow;
      // Another DC has none: no timer at all.
      const fast = through(control, ctx(100, 2, 'users.GetUsers'), () => 1);
      expect(vi.getTimerCount()).toBe(0);
      await expect(fast).resolves.toBe(1);
      expect(() => control.setConditions(9, {})).toThrow(/DC 9/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('holds calls of a method after the first few until released', async () => {
    const control = new SandboxControl(world);
    control.holdRequests('upload.getFile', { pass: 1 });
    const served: string[] = [];
    const call = (method: string, n: number) => through(control, ctx(100, 2, method), () => served.push(`${method} ${n}`));
    await call('upload.GetFile', 1); // passes
    const held = [call('upload.GetFile', 2), call('upload.GetFile', 3)];
    await call('users.GetUsers', 1); // other methods go on
    await Promise.resolve();
    expect(control.heldRequests()).toEqual({ held: 2 });
    expect(served).toEqual(['upload.GetFile 1', 'users.GetUsers 1']);
    expect(control.metrics().requestsByMethod['upload.GetFile']).toBe(3); // counted as they arrive
    expect(control.releaseRequests()).toEqual({ released: 2 });
    await Promise.all(held);
    expect(served).toEqual(['upload.GetFile 1', 'users.GetUsers 1', 'upload.GetFile 2', 'upload.GetFile 3']);
    await call('upload.GetFile', 4); // no longer held
    control.holdRequests('*');
    const parked = call('help.GetConfig', 1);
    await Promise.resolve();
    expect(control.heldRequests()).toEqual({ held: 1 });
    control.resetFaults();
    await parked;
    expect(() => control.holdRequests('*', { pass: -1 })).toThrow(/pass/);
  });

  it('serves the same operations over loopback HTTP', async () => {
    const control = new SandboxControl(world);
    const http = await startControlHttp(control);
    try {
      expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const post = async (op: string, body: unknown) => {
        const response = await fetch(`${http.url}/control/${op}`, { method: 'POST', body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as { ok: boolean; result?: unknown; error?: string } };
      };
      const added = await post('addPhoto', { userId: 203, spec: { kind: 'emoji' } });
      expect(added.status).toBe(200);
      const photo = added.body.result as { id: string; kind: string };
      expect(photo.kind).toBe('emoji');
      expect(world.currentPhoto(203)!.id).toBe(photo.id);
      expect((await post('removePhoto', { userId: 203, photoId: photo.id })).body.ok).toBe(true);
      expect((await post('setBio', { userId: 200, bio: 'new bio' })).body.result).toMatchObject({ bio: 'new bio' });
      expect((await post('queueError', { method: 'upload.GetFile', error: 'FLOOD_WAIT_3', times: 2 })).body.ok).toBe(true);
      expect(control.queuedErrors()).toEqual([{ method: 'upload.getfile', error: 'FLOOD_WAIT_3', remaining: 2 }]);
      expect((await post('setRateLimit', { method: 'upload.GetFile', limit: { perSecond: 5, burst: 5 } })).body.ok).toBe(true);
      const bad = await post('addPhoto', { userId: 'x' });
      expect([bad.status, bad.body.error]).toEqual([400, expect.stringMatching(/^userId: /)]);
      expect((await post('hideHistory', { userId: 200, fromAccount: 999 })).status).toBe(409);
      expect((await post('dropConnections', {})).body.error).toMatch(/needs a running protocol server/);
      expect((await post('nope', {})).status).toBe(404);
      const metrics = await fetch(`${http.url}/metrics`);
      expect(await metrics.json()).toMatchObject({ requests: 0, bytesServed: 0 });
    } finally {
      await http.close();
    }
  });
});
