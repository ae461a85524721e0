/**
 * startMtprotoServer: one 127.0.0.1 listener per DC, all sharing one auth-key
 * store (keys from a key exchange work on every DC, but logins are per DC),
 * one RSA key and one set of login flows.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { Api } from 'telegram';
import type { DcConditions, MtprotoServer, MtprotoServerOptions } from './api.js';
import { AuthKeyState, AuthKeyStore } from './auth-keys.js';
import { configHandlers } from './config.js';
import { Connection } from './connection.js';
import { serverRsaKey } from './crypto/rsa.js';
import { dhEngine } from './key-exchange.js';
import { authHandlers } from './login/auth-handlers.js';
import { LoginTokens } from './login/login-tokens.js';
import { PhoneCodes } from './login/phone-codes.js';
import { SrpService } from './login/srp.js';
import { MessageHandler } from './message-handler.js';
import { RpcDispatcher } from './rpc-dispatch.js';
import { SaltSchedule } from './salts.js';

export async function startMtprotoServer(options: MtprotoServerOptions): Promise<MtprotoServer> {
  const log = options.log ?? ((line: string) => console.warn(`[mtproto] ${line}`));
  const rsa = await serverRsaKey();
  dhEngine(); // pay OpenSSL's DH prime check now rather than in the first key exchange
  const keys = new AuthKeyStore();
  const conditions = new Map<number, DcConditions>(options.conditions ?? []);
  const codes = new PhoneCodes(options.loginCodeTtlMs ?? 5 * 60_000);
  const tokens = new LoginTokens(options.loginTokenTtlSeconds ?? 30);
  const dcIds = new Set(options.dcs.map((dc) => dc.id));
  const ports = new Map<number, number>();
  const connections = new Set<Connection>();
  let nextConnectionId = 1;

  for (const { dcId, key, userId } of options.preSharedKeys ?? []) {
    const state = keys.add(new AuthKeyState(Buffer.from(key), 'preshared', dcId));
    for (const id of dcIds) state.users.set(id, userId);
  }

  const dispatcher = new RpcDispatcher({
    internal: authHandlers({ accounts: options.accounts, codes, tokens, srp: new SrpService(), dcIds }),
    builtins: configHandlers(ports),
    handlers: options.handlers,
    middleware: options.middleware ?? [],
    log,
  });
  const messages = new MessageHandler({
    keys,
    rsa,
    dispatcher,
    salts: new SaltSchedule(options.salts),
    latencyMs: (dcId) => conditions.get(dcId)?.latencyMs ?? 0,
    log,
  });
  const hooks = {
    onPayload: (conn: Connection, payload: Buffer) => messages.onPayload(conn, payload),
    onClose: (conn: Connection) => void connections.delete(conn),
    conditions: (dcId: number) => conditions.get(dcId) ?? {},
    log,
  };

  const servers: Server[] = [];
  try {
    for (const dc of options.dcs) {
      const server = createServer((socket: Socket) => {
        const conn = new Connection(nextConnectionId++, dc.id, socket, hooks);
        connections.add(conn);
      });
      server.on('error', (error) => log(`dc ${dc.id} listener: ${error.message}`));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(dc.port ?? 0, '127.0.0.1', () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      if (!address || typeof address === 'string') throw new Error('listener has no port');
      ports.set(dc.id, address.port);
      servers.push(server);
    }
  } catch (error) {
    for (const server of servers) server.close();
    throw error;
  }

  const dropConnections = (dcId?: number): number => {
    let n = 0;
    for (const conn of [...connections]) {
      if (dcId === undefined || conn.dcId === dcId) {
        conn.close();
        n++;
      }
    }
    return n;
  };

  /** The keys a client made on `dcId` by a key exchange and authorized there as `userId`, not revoked. */
  const dcKeysOf = (userId: number, dcId: number): AuthKeyState[] =>
    [...keys.all()].filter((key) => key.origin === 'dh' && key.homeDc === dcId && key.users.get(dcId) === userId && !key.revoked);

  return {
    ports,
    rsa: { publicKeyPem: rsa.publicKeyPem, fingerprint: rsa.fingerprint.toString() },
    setConditions(dcId, dcConditions) {
      conditions.set(dcId, dcConditions);
    },
    dropConnections,
    pendingLoginTokens: () => tokens.pending(),
    approveLoginToken(token, userId) {
      const { keyIdHex } = tokens.approve(token, userId);
      const key = keys.get(keyIdHex);
      if (key) messages.push(key, new Api.UpdateShort({ update: new Api.UpdateLoginToken(), date: Math.floor(Date.now() / 1000) }).getBytes());
    },
    revokeSessions(userId) {
      let n = 0;
      for (const key of keys.all()) {
        if ([...key.users.values()].includes(userId) && !key.revoked) {
          key.revoked = true;
          n++;
        }
      }
      return n;
    },
    revokeDcKeys(userId, dcId) {
      const found = dcKeysOf(userId, dcId);
      for (const key of found) key.revoked = true;
      return found.length;
    },
    forgetDcKeys(userId, dcId) {
      const found = dcKeysOf(userId, dcId);
      for (const key of found) keys.delete(key.idHex);
      return found.length;
    },
    expireLoginCodes: (phone) => codes.expire(phone),
    stats: () => ({ connections: connections.size, authKeys: [...keys.all()].length }),
    async close() {
      const closing = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
      dropConnections();
      await Promise.all(closing);
    },
  };
}
