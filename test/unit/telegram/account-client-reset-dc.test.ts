/**
 * AccountClient.resetDc against a real (never connected) GramJS client: the
 * exported sender of the DC leaves GramJS's Map at once, its key is forgotten,
 * and the sender is closed only after its requests in flight settled. GramJS's
 * network methods are stubbed on the instance: nothing is dialled.
 */
import { randomBytes } from 'node:crypto';
import { Api, type TelegramClient } from 'telegram';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import type { MTProtoSender } from 'telegram/network/index.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AccountClient, DcKeyUnknownError } from '../../../main/core/telegram/account-client.js';
import { classifyError } from '../../../main/core/telegram/errors.js';
import { createTelegramClient, freshSession } from '../../../main/core/telegram/client-factory.js';
import type { ServerProfile } from '../../../main/core/telegram/server-profile.js';
import type { Logger } from '../../../main/core/log.js';

const LOOPBACK: ServerProfile = {
  version: 1,
  name: 'loopback (never dialled)',
  dcs: { '2': { host: '127.0.0.1', port: 1 }, '4': { host: '127.0.0.1', port: 1 } },
  defaultDc: 2,
  rsaKeys: [],
};
const silent: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined } as unknown as Logger;

interface Internals {
  _cleanupExportedSender(dcId: number): Promise<void>;
  _exportedSenderPromises: Map<number, Promise<unknown>>;
  _exportedSenderReleaseTimeouts: Map<number, ReturnType<typeof setTimeout>>;
}

const clients: AccountClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
});

async function setUp() {
  const gram = createTelegramClient({ profile: LOOPBACK, session: freshSession(LOOPBACK), credentials: { apiId: 1, apiHash: '0123456789abcdef0123456789abcdef' }, options: { logLevel: 'none' }, log: silent });
  Object.defineProperty(gram, 'connected', { configurable: true, get: () => true }); // connect() never dials
  const client = new AccountClient(gram);
  clients.push(client);
  const key = new AuthKey();
  await key.setKey(randomBytes(256));
  client.session.setAuthKey(key, 4);
  client.session.confirm(4);

  const sender = { disconnect: vi.fn(async () => undefined) };
  const internals = gram as unknown as Internals;
  internals._exportedSenderPromises.set(4, Promise.resolve(sender));
  internals._exportedSenderReleaseTimeouts.set(4, setTimeout(() => undefined, 60_000));
  let answer = (_value: unknown): void => undefined;
  const stubs = gram as unknown as { getSender: TelegramClient['getSender']; invokeWithSender: TelegramClient['invokeWithSender'] };
  stubs.getSender = vi.fn(async () => sender as unknown as MTProtoSender);
  stubs.invokeWithSender = vi.fn(() => new Promise((resolve) => (answer = resolve))) as unknown as TelegramClient['invokeWithSender'];
  return { client, sender, internals, stubs, answer: (v: unknown) => answer(v) };
}

const request = (): Api.help.GetConfig => new Api.help.GetConfig();

describe('AccountClient.resetDc', () => {
  it('drops the exported sender and its release timer at once and forgets the DC key', async () => {
    const { client, sender, internals } = await setUp();
    const reset = client.resetDc(4);
    expect(internals._exportedSenderPromises.has(4), 'a request sent from now on gets a new sender').toBe(false);
    expect(internals._exportedSenderReleaseTimeouts.has(4)).toBe(false);
    expect(client.session.getAuthKey(4)).toBeUndefined();
    expect(client.session.storedDcs()).toEqual([]);
    await reset;
    expect(sender.disconnect, 'nothing in flight: closed now').toHaveBeenCalledOnce();
  });

  it('closes a sender with requests in flight only once they settled (a disconnect would leave them unanswered)', async () => {
    const { client, sender, stubs, answer } = await setUp();
    const inFlight = client.invoke(request(), 4);
    await vi.waitFor(() => expect(stubs.invokeWithSender).toHaveBeenCalledOnce());
    await client.resetDc(4);
    expect(sender.disconnect).not.toHaveBeenCalled();
    answer('late answer');
    await expect(inFlight).resolves.toBe('late answer');
    expect(sender.disconnect).toHaveBeenCalledOnce();
  });

  it('destroy closes a dropped sender that still has requests in flight', async () => {
    const { client, sender, stubs } = await setUp();
    const inFlight = client.invoke(request(), 4).catch((error: unknown) => error);
    await vi.waitFor(() => expect(stubs.invokeWithSender).toHaveBeenCalledOnce());
    await client.resetDc(4);
    await client.destroy();
    expect(await inFlight).toMatchObject({ code: 'CLIENT_CLOSED' });
    expect(sender.disconnect).toHaveBeenCalled();
  });

  it('a DC that forgot the key (-404: GramJS cleans the sender up) fails the requests waiting on it as transient, instead of never', async () => {
    const { client, sender, internals, stubs } = await setUp();
    const inFlight = client.invoke(request(), 4).catch((error: unknown) => error);
    await vi.waitFor(() => expect(stubs.invokeWithSender).toHaveBeenCalledOnce());
    await internals._cleanupExportedSender(4); // what the exported sender's onConnectionBreak runs
    const error = await inFlight;
    expect(error).toBeInstanceOf(DcKeyUnknownError);
    expect(classifyError(error).kind, 'retried by the call wrapper').toBe('transient');
    expect(client.session.getAuthKey(4), 'GramJS forgot the key through the session').toBeUndefined();
    expect(internals._exportedSenderPromises.has(4)).toBe(false);
    expect(sender.disconnect).toHaveBeenCalled();
  });
});
