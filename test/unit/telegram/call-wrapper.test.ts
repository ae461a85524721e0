import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openArchive, type Archive } from '../../../main/core/archive/archive.js';
import { CallWrapper, type RequestSender } from '../../../main/core/telegram/call-wrapper.js';
import { FloodWaitError, SessionRevokedError, TelegramRpcError } from '../../../main/core/telegram/caller.js';
import { MemoryFloodStore, SqliteFloodStore, type FloodStore } from '../../../main/core/telegram/flood-store.js';
import { floodSlack, requestJitter, retryDelay } from '../../../main/core/telegram/jitter.js';
import { DEFAULT_RETRY_POLICY } from '../../../main/core/telegram/retry-policy.js';

const rpc = (code: number, errorMessage: string, extra: object = {}): Error => Object.assign(new Error(errorMessage), { code, errorMessage, ...extra });
const floodError = (seconds: number): Error => rpc(420, 'FLOOD', { seconds });
const request = (): Api.users.GetUsers => new Api.users.GetUsers({ id: [new Api.InputUserSelf()] });

/** A sender that answers from a script: errors to throw first, then 'ok'. */
function scripted(...failures: Error[]): RequestSender & { calls: { method: string; dcId: number | undefined }[] } {
  const calls: { method: string; dcId: number | undefined }[] = [];
  const send = (async (req: Api.AnyRequest, dcId: number | undefined) => {
    calls.push({ method: (req as { className: string }).className, dcId });
    const next = failures.shift();
    if (next) throw next;
    return 'ok';
  }) as RequestSender & { calls: typeof calls };
  send.calls = calls;
  return send;
}

function wrapper(send: RequestSender, floods: FloodStore = new MemoryFloodStore(), extra: Partial<ConstructorParameters<typeof CallWrapper>[0]> = {}) {
  return new CallWrapper({
    accountId: 7,
    homeDcId: () => 2,
    send,
    floods,
    now: () => Date.now(),
    timing: { requestJitterMs: 0, floodSlackMs: () => 0, retry: { attempts: 4, baseMs: 1, capMs: 5 }, paces: {} },
    ...extra,
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('CallWrapper', () => {
  it('sends on the home DC unless another DC is asked for, and counts per method', async () => {
    const send = scripted();
    const w = wrapper(send);
    await w.call(request());
    await w.call(request(), { dcId: 2 });
    await w.call(request(), { dcId: 4 });
    expect(send.calls.map((c) => c.dcId)).toEqual([undefined, undefined, 4]);
    expect(w.requestCounts()).toEqual({ 'users.GetUsers': 3 });
  });

  it('sits out a short flood wait, records the deadline and reports it', async () => {
    vi.useFakeTimers();
    const floods = new MemoryFloodStore();
    const onFloodWait = vi.fn();
    const w = wrapper(scripted(floodError(3)), floods, { hooks: { onFloodWait } });
    let settled = false;
    const result = w.call(request()).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    const deadline = floods.get(7, 'users.GetUsers', Date.now());
    expect(deadline).toMatchObject({ method: 'users.GetUsers', seconds: 3 });
    expect(onFloodWait).toHaveBeenCalledWith('users.GetUsers', deadline!.until, 3);
    await vi.advanceTimersByTimeAsync(2999);
    expect(settled, 'still waiting 1 ms before the deadline').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(w.requestCounts()['users.GetUsers']).toBe(2);
  });

  it('rejects a wait longer than the caller accepts, and later calls without sending', async () => {
    const floods = new MemoryFloodStore();
    const send = scripted(floodError(600));
    const w = wrapper(send, floods);
    await expect(w.call(request())).rejects.toSatisfy((e) => e instanceof FloodWaitError && e.seconds === 600 && e.method === 'users.GetUsers');
    await expect(w.call(request(), { maxFloodWaitSeconds: 60 })).rejects.toBeInstanceOf(FloodWaitError);
    expect(send.calls).toHaveLength(1);
    // Another method is free.
    await expect(w.call(new Api.help.GetConfig())).resolves.toBe('ok');
  });

  it('honours a deadline persisted by an earlier run', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flood-'));
    let archive: Archive = openArchive(dir);
    new SqliteFloodStore(archive.db).set(7, { method: 'users.GetUsers', until: Date.now() + 3_600_000, seconds: 3600 });
    archive.close();
    archive = openArchive(dir);
    const send = scripted();
    await expect(wrapper(send, new SqliteFloodStore(archive.db)).call(request())).rejects.toBeInstanceOf(FloodWaitError);
    expect(send.calls).toHaveLength(0);
    archive.close();
  });

  it('retries transient failures with backoff, then gives up with TelegramRpcError', async () => {
    const send = scripted(rpc(-503, 'TIMEOUT'), rpc(500, 'RPC_CALL_FAIL'));
    await expect(wrapper(send).call(request())).resolves.toBe('ok');
    expect(send.calls).toHaveLength(3);
    const failing = scripted(...Array.from({ length: 10 }, () => rpc(-503, 'TIMEOUT')));
    await expect(wrapper(failing).call(request())).rejects.toSatisfy((e) => e instanceof TelegramRpcError && e.errorMessage === 'TIMEOUT');
    expect(failing.calls).toHaveLength(4); // the retry budget: 4 sends in all
  });

  it('passes other Telegram errors through as TelegramRpcError, and non-Telegram errors as they are', async () => {
    await expect(wrapper(scripted(rpc(400, 'FILE_REFERENCE_EXPIRED'))).call(request())).rejects.toMatchObject({
      code: 'TELEGRAM_ERROR',
      method: 'users.GetUsers',
      errorCode: 400,
      errorMessage: 'FILE_REFERENCE_EXPIRED',
    });
    const bug = new TypeError('bug');
    await expect(wrapper(scripted(bug)).call(request())).rejects.toBe(bug);
  });

  it('a dead session: reports it once, rejects with SessionRevokedError, and refuses further calls', async () => {
    let revoked = false;
    const onRevoked = vi.fn(() => {
      revoked = true;
    });
    const send = scripted(rpc(401, 'AUTH_KEY_UNREGISTERED'));
    const w = wrapper(send, new MemoryFloodStore(), { hooks: { onRevoked }, isRevoked: () => revoked });
    await expect(w.call(request())).rejects.toBeInstanceOf(SessionRevokedError);
    await expect(w.call(request())).rejects.toBeInstanceOf(SessionRevokedError);
    expect(onRevoked).toHaveBeenCalledExactlyOnceWith('AUTH_KEY_UNREGISTERED');
    expect(send.calls).toHaveLength(1);
  });

  describe('auth keys of other DCs', () => {
    const unregistered = (): Error => rpc(401, 'AUTH_KEY_UNREGISTERED');
    function dcHooks() {
      let revoked = false;
      const hooks = {
        onRevoked: vi.fn(() => {
          revoked = true;
        }),
        resetDc: vi.fn(async (_dcId: number) => undefined),
        onSuccess: vi.fn(),
      };
      return { hooks, isRevoked: () => revoked };
    }

    it('a revoked answer from another DC resets that DC, retries once and keeps the session', async () => {
      const send = scripted(unregistered());
      const { hooks, isRevoked } = dcHooks();
      const w = wrapper(send, new MemoryFloodStore(), { hooks, isRevoked });
      await expect(w.call(request(), { dcId: 4 })).resolves.toBe('ok');
      expect(hooks.resetDc).toHaveBeenCalledExactlyOnceWith(4);
      expect(hooks.onRevoked).not.toHaveBeenCalled();
      expect(send.calls.map((c) => c.dcId)).toEqual([4, 4]);
      expect(hooks.onSuccess, 'the success confirms the new key of DC 4').toHaveBeenCalledExactlyOnceWith('users.GetUsers', 4);
    });

    it('the retry waits for the reset to finish', async () => {
      const send = scripted(unregistered());
      let finishReset = (): void => undefined;
      const resetDc = vi.fn(() => new Promise<void>((resolve) => (finishReset = resolve)));
      const w = wrapper(send, new MemoryFloodStore(), { hooks: { resetDc } });
      const result = w.call(request(), { dcId: 4 });
      await vi.waitFor(() => expect(resetDc).toHaveBeenCalled());
      await new Promise((resolve) => setImmediate(resolve));
      expect(send.calls, 'no retry while the old sender is being dropped').toHaveLength(1);
      finishReset();
      await expect(result).resolves.toBe('ok');
      expect(send.calls).toHaveLength(2);
    });

    it('a second revoked answer from the same DC ends the session', async () => {
      const send = scripted(unregistered(), unregistered());
      const { hooks, isRevoked } = dcHooks();
      const w = wrapper(send, new MemoryFloodStore(), { hooks, isRevoked });
      await expect(w.call(request(), { dcId: 4 })).rejects.toBeInstanceOf(SessionRevokedError);
      expect(hooks.resetDc).toHaveBeenCalledTimes(1);
      expect(hooks.onRevoked).toHaveBeenCalledExactlyOnceWith('AUTH_KEY_UNREGISTERED');
      expect(send.calls).toHaveLength(2);
    });

    it('a revoked answer from the home DC ends the session without a reset', async () => {
      const send = scripted(unregistered());
      const { hooks, isRevoked } = dcHooks();
      const w = wrapper(send, new MemoryFloodStore(), { hooks, isRevoked });
      await expect(w.call(request(), { dcId: 2 })).rejects.toBeInstanceOf(SessionRevokedError);
      expect(hooks.resetDc).not.toHaveBeenCalled();
      expect(hooks.onRevoked).toHaveBeenCalledOnce();
      expect(send.calls).toHaveLength(1);
    });

    it('requests in flight on the refused key reset the DC once between them', async () => {
      let resets = 0;
      let release = (): void => undefined;
      const answered = new Promise<void>((resolve) => (release = resolve));
      const calls: number[] = [];
      const send: RequestSender = async () => {
        const keyGeneration = resets;
        calls.push(keyGeneration);
        if (keyGeneration > 0) return 'ok';
        await answered; // all three are sent on the old key before any answer arrives
        throw unregistered();
      };
      const resetDc = vi.fn(async () => {
        resets++;
      });
      const onRevoked = vi.fn();
      const w = wrapper(send, new MemoryFloodStore(), { hooks: { resetDc, onRevoked } });
      const results = Promise.all([1, 2, 3].map(() => w.call(request(), { dcId: 4 })));
      await vi.waitFor(() => expect(calls).toHaveLength(3));
      release();
      await expect(results).resolves.toEqual(['ok', 'ok', 'ok']);
      expect(resetDc).toHaveBeenCalledTimes(1);
      expect(onRevoked).not.toHaveBeenCalled();
      expect(calls).toEqual([0, 0, 0, 1, 1, 1]);
    });

    it('the retry is paid from the retry budget: with none left the DC is reset and only this request fails', async () => {
      const send = scripted(rpc(500, 'RPC_CALL_FAIL'), unregistered());
      const { hooks, isRevoked } = dcHooks();
      const w = wrapper(send, new MemoryFloodStore(), { hooks, isRevoked, timing: { requestJitterMs: 0, floodSlackMs: () => 0, retry: { attempts: 2, baseMs: 1, capMs: 5 }, paces: {} } });
      await expect(w.call(request(), { dcId: 4 })).rejects.toMatchObject({ code: 'TELEGRAM_ERROR', errorCode: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
      expect(send.calls).toHaveLength(2);
      expect(hooks.resetDc).toHaveBeenCalledExactlyOnceWith(4);
      expect(hooks.onRevoked).not.toHaveBeenCalled();
      expect(isRevoked()).toBe(false);
    });

    it('without a resetDc hook a revoked answer from another DC ends the session as before', async () => {
      const onRevoked = vi.fn();
      const w = wrapper(scripted(unregistered()), new MemoryFloodStore(), { hooks: { onRevoked } });
      await expect(w.call(request(), { dcId: 4 })).rejects.toBeInstanceOf(SessionRevokedError);
      expect(onRevoked).toHaveBeenCalledOnce();
    });
  });

  it('stops when aborted: before sending, while waiting for an answer, while sitting out a wait', async () => {
    const never: RequestSender = () => new Promise(() => undefined);
    const controller = new AbortController();
    const pending = wrapper(never).call(request(), { signal: controller.signal });
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(wrapper(scripted()).call(request(), { signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
    vi.useFakeTimers();
    const waiting = new AbortController();
    let settled = false;
    const flooded = wrapper(scripted(floodError(30))).call(request(), { signal: waiting.signal }).finally(() => (settled = true));
    const stopped = expect(flooded).rejects.toThrow('during wait');
    await vi.advanceTimersByTimeAsync(10_000); // a third of the way through the 30 s wait
    expect(settled).toBe(false);
    waiting.abort(new Error('during wait'));
    await stopped;
  });

  it('gives up on a server that keeps saying FLOOD_WAIT_0', async () => {
    vi.useFakeTimers();
    const send = scripted(...Array.from({ length: 20 }, () => floodError(0)));
    const result = wrapper(send).call(request()).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toBeInstanceOf(FloodWaitError);
    expect(send.calls.length).toBeLessThanOrEqual(6);
  });
});

describe('CallWrapper pipeline (fake clock)', () => {
  const getFile = (limit: number): Api.upload.GetFile =>
    new Api.upload.GetFile({ location: new Api.InputPhotoFileLocation({ id: bigInt(1), accessHash: bigInt(1), fileReference: Buffer.alloc(0), thumbSize: 'c' }), offset: bigInt(0), limit });
  const seeded = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;

  it('after a flood wait the queued calls come back spread over the slack, not in one burst at the deadline', async () => {
    vi.useFakeTimers();
    const sentAt: number[] = [];
    let first = true;
    const send: RequestSender = async () => {
      sentAt.push(Date.now());
      if (first) {
        first = false;
        throw floodError(10);
      }
      return 'ok';
    };
    const random = seeded(42);
    const w = wrapper(send, new MemoryFloodStore(), { timing: { requestJitterMs: 0, floodSlackMs: (s) => floodSlack(s, random), paces: {}, random } });
    const start = Date.now();
    const calls = [w.call(request())];
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 30; i++) calls.push(w.call(request()));
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(calls);
    const after = sentAt.slice(1).map((t) => t - start);
    expect(after).toHaveLength(31);
    expect(Math.min(...after)).toBeGreaterThanOrEqual(10_000 + 500);
    expect(Math.max(...after) - Math.min(...after)).toBeGreaterThan(700);
    for (const t of after) expect(after.filter((u) => u >= t && u < t + 50).length).toBeLessThanOrEqual(6);
  });

  it('other requests wait a random jitter before they go; a download goes at once (its budget window spreads downloads)', async () => {
    vi.useFakeTimers();
    const send = scripted();
    const w = wrapper(send, new MemoryFloodStore(), { timing: { requestJitterMs: 1000, floodSlackMs: () => 0, paces: {}, random: () => 0.999 } });
    const other = w.call(request());
    const download = w.call(getFile(64 * 1024));
    await vi.advanceTimersByTimeAsync(0);
    expect(send.calls.map((c) => c.method)).toEqual(['upload.GetFile']);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all([other, download]);
    expect(send.calls.map((c) => c.method)).toEqual(['upload.GetFile', 'users.GetUsers']);
  });

  it('one request costs at most the retry budget in sends, whatever transient failure the server keeps giving', async () => {
    vi.useFakeTimers();
    const failures: (() => Promise<unknown>)[] = [
      () => Promise.reject(rpc(-503, 'TIMEOUT')),
      () => Promise.reject(rpc(500, 'RPC_CALL_FAIL')),
      () => Promise.reject(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })),
      () => Promise.reject(new Error('Request was unsuccessful 2 time(s)')),
      () => new Promise(() => undefined), // never answers: the timeout counts as a failure
    ];
    for (const fail of failures) {
      let sends = 0;
      const w = wrapper(() => {
        sends++;
        return fail();
      }, new MemoryFloodStore(), { timing: { requestJitterMs: 0, paces: {} } });
      const result = w.call(getFile(128 * 1024), { dcId: 4, timeoutMs: 1000 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(120_000);
      expect(await result).toBeInstanceOf(Error);
      expect(sends).toBe(DEFAULT_RETRY_POLICY.attempts);
    }
  });

  it('keeps the bytes of getFile limits in flight per DC within the budget window', async () => {
    vi.useFakeTimers();
    let inFlight = 0;
    let peak = 0;
    const send: RequestSender = async (req) => {
      inFlight += (req as Api.upload.GetFile).limit;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 30));
      inFlight -= (req as Api.upload.GetFile).limit;
      return 'ok';
    };
    const w = wrapper(send, new MemoryFloodStore(), { timing: { requestJitterMs: 0, paces: {} } });
    const calls = Array.from({ length: 100 }, () => w.call(getFile(128 * 1024), { dcId: 4 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(inFlight).toBe(512 * 1024); // the gentle start: a quarter of 2 MiB
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(calls);
    expect(peak).toBe(2 * 1024 * 1024);
  });

  it('a getFile given up on after its timeout keeps its bytes counted until its late answer (Telegram still counts it)', async () => {
    vi.useFakeTimers();
    let answerLate!: () => void;
    let first = true;
    const send: RequestSender = () => {
      if (!first) return Promise.resolve('ok');
      first = false;
      return new Promise((resolve) => (answerLate = () => resolve('late')));
    };
    const w = wrapper(send, new MemoryFloodStore(), { timing: { requestJitterMs: 0, paces: {} } });
    const call = w.call(getFile(256 * 1024), { dcId: 4, timeoutMs: 3000 });
    await vi.advanceTimersByTimeAsync(4500); // timed out at 3 s, retried within 1 s, answered
    await expect(call).resolves.toBe('ok');
    expect(w.downloads.inFlight(4)).toBe(256 * 1024); // the lost send, still in flight at Telegram
    answerLate();
    await vi.advanceTimersByTimeAsync(0);
    expect(w.downloads.inFlight(4)).toBe(0);
  });

  it('a getFile granted its bytes just as its run is cancelled gives them back', async () => {
    const w = wrapper(() => new Promise(() => undefined), new MemoryFloodStore(), { timing: { requestJitterMs: 0, paces: {} } });
    void w.call(getFile(512 * 1024), { dcId: 4 });
    await vi.waitFor(() => expect(w.downloads.inFlight(4)).toBe(512 * 1024));
    const controller = new AbortController();
    const cancelled = w.call(getFile(512 * 1024), { dcId: 4, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve)); // it waits in the queue: the start window is full
    expect(w.downloads.inFlight(4)).toBe(512 * 1024);
    w.downloads.release(4, 512 * 1024, false); // room: the waiting call is granted...
    controller.abort(new Error('cancelled')); // ...and its run cancelled before it could send
    await expect(cancelled).rejects.toThrow('cancelled');
    expect(w.downloads.inFlight(4)).toBe(0);
  });

  it('FLOOD_PREMIUM_WAIT on one DC holds the downloads of that DC only', async () => {
    vi.useFakeTimers();
    const sends: (number | undefined)[] = [];
    let floodedOnce = false;
    const send: RequestSender = async (_req, dcId) => {
      sends.push(dcId);
      if (dcId === 4 && !floodedOnce) {
        floodedOnce = true;
        throw rpc(420, 'FLOOD_PREMIUM_WAIT_5', { seconds: 5 });
      }
      return 'ok';
    };
    const w = wrapper(send, new MemoryFloodStore(), { timing: { requestJitterMs: 0, floodSlackMs: () => 0, paces: {} } });
    const onDc4 = w.call(getFile(4096), { dcId: 4 });
    await vi.advanceTimersByTimeAsync(10);
    await expect(w.call(getFile(4096), { dcId: 3 })).resolves.toBe('ok');
    expect(sends).toEqual([4, 3]);
    await vi.advanceTimersByTimeAsync(5000);
    await expect(onDc4).resolves.toBe('ok');
    expect(sends).toEqual([4, 3, 4]);
  });
});

describe('flood store', () => {
  it.each([
    ['memory', () => new MemoryFloodStore()],
    [
      'sqlite',
      () => {
        const archive = openArchive(fs.mkdtempSync(path.join(os.tmpdir(), 'flood-')));
        return new SqliteFloodStore(archive.db);
      },
    ],
  ])('%s: per account and method, only future deadlines, never shortened', (_name, make) => {
    const store = make();
    store.set(1, { method: 'a', until: 5000, seconds: 5 });
    store.set(1, { method: 'a', until: 3000, seconds: 3 });
    store.set(1, { method: 'b', until: 2000, seconds: 2 });
    store.set(2, { method: 'a', until: 9000, seconds: 9 });
    expect(store.get(1, 'a', 1000)?.until).toBe(5000);
    expect(store.get(1, 'a', 5000)).toBeUndefined();
    expect(store.active(1, 1000).map((d) => d.method)).toEqual(['b', 'a']);
    store.clear(1, 'a');
    expect(store.get(1, 'a', 1000)).toBeUndefined();
    expect(store.get(2, 'a', 1000)?.until).toBe(9000);
  });
});

describe('jitter', () => {
  it('request jitter stays within [0, max]', () => {
    expect(requestJitter(0)).toBe(0);
    expect(requestJitter(20, () => 0)).toBe(0);
    expect(requestJitter(20, () => 0.999999)).toBe(20);
    for (let i = 0; i < 1000; i++) {
      const j = requestJitter(20);
      expect(j).toBeGreaterThanOrEqual(0);
      expect(j).toBeLessThanOrEqual(20);
    }
  });

  it('flood slack: 0.5 s to 1.5 s plus up to 10 % of the wait, capped at 30 s extra', () => {
    expect(floodSlack(10, () => 0)).toBe(500);
    expect(floodSlack(10, () => 1)).toBe(500 + 1000 + 1000);
    expect(floodSlack(100_000, () => 1)).toBe(500 + 1000 + 30_000);
  });

  it('retry delay: full jitter in [ceiling/2, ceiling], doubling up to the cap', () => {
    expect(retryDelay(1, 1000, 15_000, () => 0)).toBe(500);
    expect(retryDelay(1, 1000, 15_000, () => 1)).toBe(1000);
    expect(retryDelay(3, 1000, 15_000, () => 1)).toBe(4000);
    expect(retryDelay(10, 1000, 15_000, () => 1)).toBe(15_000);
    expect(retryDelay(10, 1000, 15_000, () => 0)).toBe(7500);
  });
});
