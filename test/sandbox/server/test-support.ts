/**
 * Helpers for the protocol server's tests: a tiny account directory, a
 * users.GetUsers handler, and real GramJS clients pinned to the sandbox.
 */
import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api, TelegramClient } from 'telegram';
import { AuthKey } from 'telegram/crypto/AuthKey.js';
import { Logger, LogLevel } from 'telegram/extensions/Logger.js';
import { ConnectionTCPAbridged, ConnectionTCPObfuscated, type ConnectionTCPFull } from 'telegram/network/index.js';
import { StringSession } from 'telegram/sessions/index.js';
import { pinnedConnection, registerRsaKeys } from '../../../main/core/telegram/pinned-connection.js';
import type { ServerProfile } from '../../../main/core/telegram/server-profile.js';
import { RpcError, type AccountDirectory, type LoginAccount, type MtprotoServer, type MtprotoServerOptions, type RpcHandler } from './api.js';
import { startMtprotoServer } from './index.js';

export const API_ID = 12345;
export const API_HASH = '0123456789abcdef0123456789abcdef';

export const ALICE: LoginAccount = { userId: 1001, phone: '+15550001', dc: 2, loginCode: '12345' };
export const BOB: LoginAccount = { userId: 1002, phone: '+15550002', dc: 2, loginCode: '54321', password: 'hunter2' };
export const CAROL: LoginAccount = { userId: 1003, phone: '+15550003', dc: 4, loginCode: '11111' };

export class TestAccounts implements AccountDirectory {
  constructor(readonly accounts: readonly LoginAccount[] = [ALICE, BOB, CAROL]) {}

  findByPhone(phone: string): LoginAccount | undefined {
    return this.accounts.find((a) => a.phone === phone);
  }

  selfUser(userId: number): Api.User {
    const account = this.accounts.find((a) => a.userId === userId);
    return new Api.User({
      id: bigInt(userId),
      self: true,
      accessHash: bigInt(userId * 7),
      firstName: `User${userId}`,
      phone: account?.phone.slice(1),
    });
  }
}

/** users.GetUsers for inputUserSelf only (the world side owns the real one). */
export function getUsersHandler(accounts: AccountDirectory): RpcHandler {
  return (request, ctx) => {
    const ids = (request as Api.users.GetUsers).id;
    return ids.map((input) => {
      if (input instanceof Api.InputUserSelf && ctx.userId !== null) return accounts.selfUser(ctx.userId);
      throw new RpcError(400, 'USER_ID_INVALID');
    });
  };
}

export async function startTestServer(extra: Partial<MtprotoServerOptions> = {}): Promise<{ server: MtprotoServer; accounts: TestAccounts; preSharedKey: Buffer }> {
  const accounts = new TestAccounts();
  const preSharedKey = randomBytes(256);
  const handlers = new Map<string, RpcHandler>([['users.GetUsers', getUsersHandler(accounts)], ...(extra.handlers ?? [])]);
  const server = await startMtprotoServer({
    dcs: [{ id: 1 }, { id: 2 }, { id: 3 }, { id: 4 }, { id: 5 }],
    accounts,
    preSharedKeys: [{ dcId: 2, key: preSharedKey, userId: ALICE.userId }],
    log: () => {},
    ...extra,
    handlers,
  });
  return { server, accounts, preSharedKey };
}

export function profileOf(server: MtprotoServer): ServerProfile {
  return {
    version: 1,
    name: 'sandbox-test',
    dcs: Object.fromEntries([...server.ports].map(([id, port]) => [String(id), { host: '127.0.0.1', port }])),
    defaultDc: 2,
    rsaKeys: [{ fingerprint: server.rsa.fingerprint, publicKeyPem: server.rsa.publicKeyPem }],
  };
}

/** A session pointing at `dcId` (port 443: GramJS's save() cannot store ports above 32767). */
export async function sessionFor(dcId: number, key?: Buffer): Promise<StringSession> {
  const session = new StringSession('');
  session.setDC(dcId, '127.0.0.1', 443);
  if (key) {
    const authKey = new AuthKey();
    await authKey.setKey(key);
    session.setAuthKey(authKey);
  }
  return session;
}

type Transport = 'full' | 'abridged' | 'obfuscated';

function connectionFor(profile: ServerProfile, transport: Transport): typeof ConnectionTCPFull {
  if (transport === 'full') return pinnedConnection(profile);
  const base = transport === 'abridged' ? ConnectionTCPAbridged : ConnectionTCPObfuscated;
  type Params = ConstructorParameters<typeof ConnectionTCPAbridged>[0];
  return class PinnedOther extends base {
    constructor(params: Params) {
      const address = profile.dcs[String(params.dcId)];
      if (!address) throw new Error(`dc ${params.dcId} not in profile`);
      super({ ...params, ip: address.host, port: address.port });
    }
  } as unknown as typeof ConnectionTCPFull;
}

export function makeClient(server: MtprotoServer, session: StringSession, transport: Transport = 'full'): TelegramClient {
  const profile = profileOf(server);
  registerRsaKeys(profile);
  return new TelegramClient(session, API_ID, API_HASH, {
    connection: connectionFor(profile, transport),
    baseLogger: new Logger(LogLevel.NONE),
    connectionRetries: 3,
    retryDelay: 100,
    autoReconnect: true,
  });
}
