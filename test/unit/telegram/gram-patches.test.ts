/**
 * The patches under GramJS (see main/core/telegram/patch-status.ts) apply on
 * the pinned telegram version, each says so in one log line, and none falls
 * back silently; a GramJS whose shape changed gets GramJS's own code and one
 * log line saying why, not a crash and not a quietly slower app.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import bigInt from 'big-integer';
import type { TelegramClient } from 'telegram';
import { helpers } from 'telegram';
import { Factorizator } from 'telegram/crypto/Factorizator.js';
import { IGE } from 'telegram/crypto/IGE.js';
import { _serverKeys } from 'telegram/crypto/RSA.js';
import { BinaryReader } from 'telegram/extensions/index.js';
import { ConnectionTCPFull } from 'telegram/network/index.js';
import { MTProtoPlainSender } from 'telegram/network/MTProtoPlainSender.js';
import { MTProtoState } from 'telegram/network/MTProtoState.js';
import { FullPacketCodec } from 'telegram/network/connection/TCPFull.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../main/core/log.js';
import { AccountClient } from '../../../main/core/telegram/account-client.js';
import { createTelegramClient, freshSession } from '../../../main/core/telegram/client-factory.js';
import { aesIgeEncrypt } from '../../../main/core/telegram/crypto/aes-ige.js';
import { installFastIge, uninstallFastIge } from '../../../main/core/telegram/crypto/install.js';
import { installSlicedDecrypt, uninstallSlicedDecrypt } from '../../../main/core/telegram/crypto/sliced-decrypt.js';
import { installFastFactorize, uninstallFastFactorize } from '../../../main/core/telegram/fast-factorize.js';
import { installFastLongs, uninstallFastLongs } from '../../../main/core/telegram/fast-longs.js';
import { installNativeBitwise, uninstallNativeBitwise } from '../../../main/core/telegram/native-bitwise.js';
import { installNativeModExp, uninstallNativeModExp } from '../../../main/core/telegram/native-modexp.js';
import { GRAM_PATCHES, patchStatus, patchStatuses, resetPatchStatuses, setPatchLog } from '../../../main/core/telegram/patch-status.js';
import { NativeCrcPacketCodec, checkNativeCrc, pinnedConnection, registerRsaKeys } from '../../../main/core/telegram/pinned-connection.js';
import { TELEGRAM_PRODUCTION } from '../../../main/core/telegram/server-profile.js';

const require = createRequire(import.meta.url);

/** A logger that keeps its lines. */
function capturingLog(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (...parts: unknown[]): void => {
      lines.push(`${level}: ${parts.map(String).join(' ')}`);
    };
  return { log: { error: keep('error'), warn: keep('warn'), info: keep('info'), debug: keep('debug') } as Logger, lines };
}

const clients: AccountClient[] = [];
function newClient(log: Logger): AccountClient {
  const client = new AccountClient(
    createTelegramClient({
      profile: TELEGRAM_PRODUCTION,
      session: freshSession(TELEGRAM_PRODUCTION),
      credentials: { apiId: 1, apiHash: '0123456789abcdef0123456789abcdef' },
      options: { logLevel: 'none' },
      log,
    }),
  );
  clients.push(client);
  return client;
}

/** Defines `prop` on `proto` for the length of a test, as a GramJS with another shape would have it. */
const restores: (() => void)[] = [];
function reshape(proto: object, prop: string, descriptor: PropertyDescriptor): void {
  const before = Object.getOwnPropertyDescriptor(proto, prop);
  Object.defineProperty(proto, prop, { configurable: true, ...descriptor });
  restores.push(() => {
    if (before) Object.defineProperty(proto, prop, before);
    else delete (proto as Record<string, unknown>)[prop];
  });
}

afterEach(async () => {
  for (const restore of restores.splice(0).reverse()) restore();
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  uninstallFastIge();
  uninstallFastLongs();
  uninstallNativeBitwise();
  uninstallSlicedDecrypt();
  uninstallFastFactorize();
  uninstallNativeModExp();
  resetPatchStatuses();
});

const ALL_APPLIED = Object.fromEntries(GRAM_PATCHES.map((patch) => [patch, { state: 'applied' }]));

describe('GramJS patches on the pinned telegram version', () => {
  it('package.json pins telegram to exactly the installed version the patches were written against', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    const installed = (require('telegram/package.json') as { version: string }).version;
    expect(pkg.dependencies['telegram']).toBe(installed);
  });

  it('every patch applies when a client is created, each saying so in one log line', () => {
    const { log, lines } = capturingLog();
    newClient(log);
    expect(patchStatuses()).toEqual(ALL_APPLIED);
    expect(lines.filter((l) => l.startsWith('info: GramJS patch')).sort()).toEqual(GRAM_PATCHES.map((p) => `info: GramJS patch ${p}: applied`).sort());
    expect(lines.filter((l) => l.startsWith('warn'))).toEqual([]);
    const before = lines.length;
    newClient(log);
    expect(lines.length, 'a second client logs nothing new').toBe(before);
  });

  it('the fast paths stay applied under traffic: none defers to GramJS at run time', () => {
    newClient(capturingLog().log);
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const data = randomBytes(4096);
    const encrypted = new IGE(key, iv).encryptIge(data);
    expect(encrypted.equals(aesIgeEncrypt(data, key, iv))).toBe(true);
    expect(new IGE(key, iv).decryptIge(encrypted).equals(data)).toBe(true);
    const reader = new BinaryReader(Buffer.from('ffffffffffffff7f0000000000000080', 'hex'));
    expect([reader.readLong().toString(), reader.readLong().toString()]).toEqual(['9223372036854775807', '-9223372036854775808']);
    const Connection = pinnedConnection(TELEGRAM_PRODUCTION, { nativeCrc: true });
    const params = { ip: '', port: 0, dcId: 2, loggers: null, proxy: undefined, socket: class {}, testServers: false };
    expect(new Connection(params as unknown as ConstructorParameters<typeof Connection>[0]).PacketCodecClass).toBe(NativeCrcPacketCodec);
    expect(patchStatuses()).toEqual(ALL_APPLIED);
  });
});

describe('a GramJS with another shape gets its own code back, with one log line', () => {
  it('aes-ige: an IGE that keeps its key elsewhere', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    // as if @cryptography/aes renamed AES_IGE's `key`
    reshape(IGE.prototype, 'ige', {
      set(this: object, aes: { key?: unknown; keyWords?: unknown }) {
        aes.keyWords = aes.key;
        delete aes.key;
        Object.defineProperty(this, 'ige', { value: aes, writable: true, enumerable: true });
      },
    });
    expect(installFastIge()).toEqual({ state: 'fell-back', reason: expect.stringMatching(/key and iv/) });
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch aes-ige fell back to GramJS's own code: .*key and iv/)]);
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const data = randomBytes(64);
    expect(new IGE(key, iv).encryptIge(data).equals(aesIgeEncrypt(data, key, iv))).toBe(true);
  });

  it('aes-ige: an IGE instance without its key words at call time makes the applied patch fall back, and says so', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    expect(installFastIge()).toEqual({ state: 'applied' });
    const key = randomBytes(32);
    const iv = randomBytes(32);
    const broken = new IGE(key, iv);
    delete (broken as unknown as { ige: { key?: unknown } }).ige.key;
    const data = randomBytes(64);
    expect(broken.encryptIge(data).equals(aesIgeEncrypt(data, key, iv))).toBe(true);
    expect(patchStatus('aes-ige')).toEqual({ state: 'fell-back', reason: expect.stringMatching(/at call time/) });
    broken.encryptIge(data);
    expect(lines).toEqual(['info: GramJS patch aes-ige: applied', expect.stringMatching(/^warn: GramJS patch aes-ige fell back.*at call time/)]);
  });

  it('fast-longs: numbers from another copy of big-integer', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    reshape(BinaryReader.prototype, 'readLong', {
      value: function readLong(this: { offset: number }) {
        this.offset += 8;
        return 1n;
      },
      writable: true,
    });
    expect(installFastLongs()).toEqual({ state: 'fell-back', reason: expect.stringMatching(/big-integer/) });
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch fast-longs fell back/)]);
  });

  it("native-bitwise: a big-integer whose bitwise operations no longer mean two's complement", () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    reshape(Object.getPrototypeOf(bigInt(1)) as object, 'and', { value: (n: unknown) => bigInt(n as number).abs(), writable: true });
    expect(installNativeBitwise()).toEqual({ state: 'fell-back', reason: expect.stringMatching(/native and disagrees/) });
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch native-bitwise fell back/)]);
  });

  it('native-crc: a TCP-full connection that no longer names its codec class', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    reshape(ConnectionTCPFull.prototype, 'PacketCodecClass', {
      set(this: object, codec: unknown) {
        Object.defineProperty(this, 'codecClass', { value: codec });
      },
      get: () => undefined,
    });
    expect(checkNativeCrc()).toEqual({ state: 'fell-back', reason: expect.stringMatching(/PacketCodecClass/) });
    const Connection = pinnedConnection(TELEGRAM_PRODUCTION, { nativeCrc: true });
    const params = { ip: '', port: 0, dcId: 2, loggers: null, proxy: undefined, socket: class {}, testServers: false };
    const connection = new Connection(params as unknown as ConstructorParameters<typeof Connection>[0]) as unknown as { codecClass: unknown };
    expect(connection.codecClass).toBe(FullPacketCodec);
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch native-crc fell back/)]);
  });

  it('rsa-keys: a key table in another form', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    _serverKeys.set('1', { n: 5n, e: 3 } as never);
    restores.push(() => _serverKeys.delete('1'));
    expect(registerRsaKeys(TELEGRAM_PRODUCTION)).toEqual({ state: 'fell-back', reason: expect.stringMatching(/RSA key table/) });
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch rsa-keys fell back/)]);
  });

  it('sliced-decrypt: a state that keeps its message ids elsewhere', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    reshape(MTProtoState.prototype, 'msgIds', { set() {}, get: () => undefined });
    expect(installSlicedDecrypt()).toEqual({ state: 'fell-back', reason: expect.stringMatching(/msgIds/) });
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch sliced-decrypt fell back/)]);
  });

  it('fast-factorize: no plain sender to factor ahead in; factorize itself is still ours', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    const theirs = Factorizator.factorize;
    reshape(MTProtoPlainSender.prototype, 'send', { value: undefined, writable: true });
    expect(installFastFactorize()).toEqual({ state: 'fell-back', reason: expect.stringMatching(/MTProtoPlainSender/) });
    expect(Factorizator.factorize).not.toBe(theirs);
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch fast-factorize fell back/)]);
  });

  it('native-modexp: a modExp that answers another kind of number', () => {
    const { log, lines } = capturingLog();
    setPatchLog(log);
    reshape(helpers, 'modExp', { value: () => 1n, writable: true });
    expect(installNativeModExp()).toEqual({ state: 'fell-back', reason: expect.stringMatching(/big-integer/) });
    expect(lines).toEqual([expect.stringMatching(/^warn: GramJS patch native-modexp fell back/)]);
  });

  it('client-internals: a client without the exported-sender Maps still closes', async () => {
    const { log, lines } = capturingLog();
    const gram = createTelegramClient({
      profile: TELEGRAM_PRODUCTION,
      session: freshSession(TELEGRAM_PRODUCTION),
      credentials: { apiId: 1, apiHash: '0123456789abcdef0123456789abcdef' },
      options: { logLevel: 'none' },
      log,
    });
    delete (gram as unknown as { _exportedSenderPromises?: unknown })._exportedSenderPromises;
    const client = new AccountClient(gram as TelegramClient);
    expect(patchStatus('client-internals')).toEqual({ state: 'fell-back', reason: expect.stringMatching(/exported senders/) });
    expect(lines.filter((l) => l.startsWith('warn'))).toEqual([expect.stringMatching(/^warn: GramJS patch client-internals fell back/)]);
    await expect(client.destroy()).resolves.toBeUndefined();
  });
});
