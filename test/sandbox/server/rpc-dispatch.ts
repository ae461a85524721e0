/**
 * RPC dispatch: unwraps invokeWithLayer / initConnection / invokeAfterMsg /
 * invokeWithoutUpdates & co., builds the CallContext, runs the middleware chain
 * and then the handler, and serializes the answer (result, Vector, Bool, or
 * rpc_error). Never throws: every failure becomes an rpc_error body.
 */
import { gzipSync } from 'node:zlib';
import bigInt from 'big-integer';
import type { Api } from 'telegram';
import { BinaryReader } from 'telegram/extensions/index.js';
import { LAYER } from 'telegram/tl/AllTLObjects.js';
import { RpcError, type CallContext, type RpcHandler, type RpcMiddleware } from './api.js';
import type { AuthKeyState, SessionState } from './auth-keys.js';
import type { Connection } from './connection.js';
import { gzipPacked, rpcErrorBody } from './service-messages.js';

/** What GramJS's reader yields for a request: an Api instance with its class name. */
export type TlRequest = Api.AnyRequest;

export interface CallEnv {
  readonly conn: Connection;
  readonly session: SessionState;
  readonly key: AuthKeyState;
  readonly msgId: bigint;
  /** Settles once the answer has left (CallContext.answered). */
  readonly answered: Promise<void>;
}

/** Handlers for auth internals also see the auth key itself. */
export type InternalHandler = (request: TlRequest, ctx: CallContext, key: AuthKeyState) => Promise<unknown> | unknown;

/** Results above this size are sent gzip_packed (file bytes excepted: they do not compress). */
const GZIP_THRESHOLD = 1024;
const UNCOMPRESSED_RESULTS = new Set(['upload.File', 'upload.WebFile', 'upload.CdnFile']);

/** Methods (GramJS class names) a key not logged in on this DC may call; the rest answer 401. */
const ALLOWED_UNAUTHORIZED = new Set([
  'auth.SendCode',
  'auth.ResendCode',
  'auth.CancelCode',
  'auth.SignIn',
  'auth.SignUp',
  'auth.CheckPassword',
  'auth.RequestPasswordRecovery',
  'auth.RecoverPassword',
  'auth.ExportLoginToken',
  'auth.ImportLoginToken',
  'auth.ImportAuthorization',
  'auth.ImportBotAuthorization',
  'auth.BindTempAuthKey',
  'auth.DropTempAuthKeys',
  'account.GetPassword',
]);
const ALLOWED_UNAUTHORIZED_PREFIXES = ['help.', 'langpack.'];

const WRAPPERS = new Set([
  'InvokeWithoutUpdates',
  'InvokeWithMessagesRange',
  'InvokeWithTakeout',
  'InvokeWithBusinessConnection',
  'InvokeWithGooglePlayIntegrity',
  'InvokeWithApnsSecret',
]);

export interface RpcDispatcherOptions {
  /** Auth internals: always these, whatever options.handlers says. */
  readonly internal: ReadonlyMap<string, InternalHandler>;
  /** Built-ins the world may override (help.getConfig, updates.getState, ...). */
  readonly builtins: ReadonlyMap<string, RpcHandler>;
  readonly handlers: ReadonlyMap<string, RpcHandler>;
  readonly middleware: readonly RpcMiddleware[];
  log(line: string): void;
}

interface Wrapped {
  readonly className?: string;
  readonly query?: unknown;
  readonly layer?: number;
  readonly msgId?: unknown;
  readonly msgIds?: readonly unknown[];
}

export class RpcDispatcher {
  constructor(private readonly options: RpcDispatcherOptions) {}

  /** rpc_error for a body GramJS's reader cannot parse (unknown constructor). */
  unparsable(body: Buffer): Buffer {
    const ctor = body.length >= 4 ? body.readUInt32LE(0) : 0;
    return rpcErrorBody(400, `INPUT_METHOD_INVALID_${ctor}`);
  }

  async call(request: TlRequest, env: CallEnv): Promise<Buffer> {
    try {
      const inner = await this.unwrap(request, env);
      const method = inner.className;
      const ctx: CallContext = {
        dcId: env.conn.dcId,
        authKeyId: env.key.idHex,
        userId: env.key.userOn(env.conn.dcId),
        method,
        connectionId: env.conn.id,
        answered: env.answered,
      };
      const result = await this.run(ctx, inner, env.key, 0);
      return serializeResult(result, method);
    } catch (error) {
      if (error instanceof RpcError) return rpcErrorBody(error.code, error.errorMessage);
      this.options.log(`RPC ${request.className ?? '?'} failed: ${(error as Error).stack ?? String(error)}`);
      return rpcErrorBody(500, 'INTERNAL');
    }
  }

  private run(ctx: CallContext, request: TlRequest, key: AuthKeyState, index: number): Promise<unknown> {
    const middleware = this.options.middleware[index];
    if (middleware) return middleware(ctx, request, () => this.run(ctx, request, key, index + 1));
    return Promise.resolve().then(() => this.handle(ctx, request, key));
  }

  private handle(ctx: CallContext, request: TlRequest, key: AuthKeyState): unknown {
    if (key.revoked) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
    if (key.userOn(ctx.dcId) === null && !allowedUnauthorized(ctx.method)) throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
    const internal = this.options.internal.get(ctx.method);
    if (internal) return internal(request, ctx, key);
    const handler = this.options.handlers.get(ctx.method) ?? this.options.builtins.get(ctx.method);
    if (handler) return handler(request, ctx);
    throw new RpcError(400, `INPUT_METHOD_INVALID_${request.CONSTRUCTOR_ID >>> 0}`);
  }

  /** Peels the invoke* wrappers, recording layer and initConnection on the key. */
  private async unwrap(request: TlRequest, env: CallEnv): Promise<TlRequest> {
    let current: unknown = request;
    let sawInit = false;
    for (;;) {
      current = await current; // GramJS's reader returns a Promise for a gzip_packed query
      const obj = current as Wrapped & { data?: Buffer; CONSTRUCTOR_ID?: number };
      if (obj.CONSTRUCTOR_ID === 0x3072cfa1 && Buffer.isBuffer(obj.data)) {
        current = new BinaryReader(obj.data).tgReadObject();
        continue;
      }
      switch (obj.className) {
        case 'InvokeWithLayer':
          if (obj.layer !== LAYER) {
            this.options.log(`client asked for layer ${obj.layer}; the sandbox speaks only layer ${LAYER}`);
            throw new RpcError(400, 'LAYER_INVALID');
          }
          env.key.layer = obj.layer;
          current = obj.query;
          continue;
        case 'InitConnection': {
          const init = current as Api.InitConnection;
          env.key.initConnection = {
            apiId: init.apiId,
            deviceModel: init.deviceModel,
            systemVersion: init.systemVersion,
            appVersion: init.appVersion,
            langCode: init.langCode,
          };
          sawInit = true;
          current = obj.query;
          continue;
        }
        case 'InvokeAfterMsg':
          await env.session.whenDone(BigInt(String(obj.msgId)));
          current = obj.query;
          continue;
        case 'InvokeAfterMsgs':
          await Promise.all((obj.msgIds ?? []).map((id) => env.session.whenDone(BigInt(String(id)))));
          current = obj.query;
          continue;
        default:
          if (obj.className && WRAPPERS.has(obj.className)) {
            current = obj.query;
            continue;
          }
      }
      break;
    }
    const inner = current as TlRequest;
    if (typeof inner?.className !== 'string' || (inner as { classType?: string }).classType !== 'request') {
      throw new RpcError(400, `INPUT_METHOD_INVALID_${(inner as { CONSTRUCTOR_ID?: number })?.CONSTRUCTOR_ID ?? 0}`);
    }
    // A key made by a key exchange must announce itself once (Telegram: CONNECTION_NOT_INITED);
    // pre-shared keys stand for clients that did so in an earlier life.
    if (env.key.origin === 'dh' && !env.key.initConnection && !sawInit) throw new RpcError(400, 'CONNECTION_NOT_INITED');
    return inner;
  }
}

function allowedUnauthorized(method: string): boolean {
  return ALLOWED_UNAUTHORIZED.has(method) || ALLOWED_UNAUTHORIZED_PREFIXES.some((prefix) => method.startsWith(prefix));
}

/** TL bytes of a handler's answer; large non-file results are gzip_packed as Telegram does. */
export function serializeResult(result: unknown, method: string): Buffer {
  const bytes = tlValue(result);
  if (bytes.length > GZIP_THRESHOLD && method !== 'upload.GetFile' && !UNCOMPRESSED_RESULTS.has(classNameOf(result))) {
    const compressed = gzipSync(bytes, { level: 1 });
    if (compressed.length + 8 < bytes.length) return gzipPacked(compressed);
  }
  return bytes;
}

function classNameOf(value: unknown): string {
  return (value as { className?: unknown })?.className === undefined ? '' : String((value as { className: unknown }).className);
}

const BOOL_TRUE = 0x997275b5;
const BOOL_FALSE = 0xbc799737;
const VECTOR = 0x1cb5c415;

function tlValue(value: unknown): Buffer {
  if (typeof value === 'boolean') {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value ? BOOL_TRUE : BOOL_FALSE);
    return b;
  }
  if (Array.isArray(value)) {
    const head = Buffer.alloc(8);
    head.writeUInt32LE(VECTOR, 0);
    head.writeInt32LE(value.length, 4);
    return Buffer.concat([head, ...value.map(vectorItem)]);
  }
  if (value && typeof (value as { getBytes?: unknown }).getBytes === 'function') {
    return (value as { getBytes(): Buffer }).getBytes();
  }
  throw new Error(`handler returned ${value === undefined ? 'undefined' : typeof value}, not a TL object`);
}

function vectorItem(item: unknown): Buffer {
  if (typeof item === 'number') {
    const b = Buffer.alloc(4);
    b.writeInt32LE(item);
    return b;
  }
  if (typeof item === 'bigint' || bigInt.isInstance(item)) {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(BigInt(String(item)));
    return b;
  }
  return tlValue(item);
}
