/**
 * The auth.* side of Telegram the protocol server owns: phone code, 2FA (SRP),
 * QR login tokens, log out, and exporting/importing an authorization to
 * another DC. These handlers see the auth key, which is where a login lands.
 */
import { randomBytes } from 'node:crypto';
import bigInt from 'big-integer';
import { Api } from 'telegram';
import { RpcError, type AccountDirectory, type CallContext, type LoginAccount } from '../api.js';
import type { AuthKeyState } from '../auth-keys.js';
import type { InternalHandler } from '../rpc-dispatch.js';
import type { LoginTokens } from './login-tokens.js';
import { normalizePhone, type PhoneCodes } from './phone-codes.js';
import type { SrpService } from './srp.js';

export interface AuthDeps {
  readonly accounts: AccountDirectory;
  readonly codes: PhoneCodes;
  readonly tokens: LoginTokens;
  readonly srp: SrpService;
  readonly dcIds: ReadonlySet<number>;
}

interface ExportedAuthorization {
  readonly userId: number;
  readonly dcId: number;
  readonly bytes: Buffer;
}

/** The user id of a pending code for a number no account uses, and the code such numbers get. */
const UNREGISTERED = 0;
export const UNREGISTERED_CODE = '12345';

export function authHandlers(deps: AuthDeps): Map<string, InternalHandler> {
  const { accounts, codes, tokens, srp } = deps;
  const exported = new Map<string, ExportedAuthorization>();

  const accountOf = (userId: number): LoginAccount | undefined => {
    if (accounts.findByUserId) return accounts.findByUserId(userId);
    const phone = accounts.selfUser(userId).phone;
    return phone ? accounts.findByPhone(normalizePhone(phone) ?? phone) : undefined;
  };

  const authorization = (key: AuthKeyState, dcId: number, userId: number): Api.auth.Authorization => {
    key.users.set(dcId, userId);
    key.passwordPending = undefined;
    return new Api.auth.Authorization({ user: accounts.selfUser(userId) });
  };

  /** The code (or QR) was right: log in, unless the account has a 2FA password. */
  const completeLogin = (key: AuthKeyState, dcId: number, userId: number): Api.auth.Authorization => {
    if (accountOf(userId)?.password !== undefined) {
      key.passwordPending = { userId, dcId };
      throw new RpcError(401, 'SESSION_PASSWORD_NEEDED');
    }
    return authorization(key, dcId, userId);
  };

  const findAccount = (phoneNumber: string, ctx: CallContext): LoginAccount => {
    const account = accountOrUnregistered(phoneNumber, ctx);
    if (!account) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
    return account;
  };

  /**
   * The account with this phone, or null for a well-formed number (10+ digits, a sandbox
   * rule) that no account uses: Telegram sends such a number a code too, and auth.signIn
   * then answers auth.authorizationSignUpRequired.
   */
  const accountOrUnregistered = (phoneNumber: string, ctx: CallContext): LoginAccount | null => {
    const phone = normalizePhone(phoneNumber);
    const account = phone === undefined ? undefined : accounts.findByPhone(phone);
    if (!account) {
      if (phone !== undefined && phone.length > 10) return null;
      throw new RpcError(400, 'PHONE_NUMBER_INVALID');
    }
    if (account.dc !== ctx.dcId) throw new RpcError(303, `PHONE_MIGRATE_${account.dc}`);
    return account;
  };

  const sendCodeTo = (phoneNumber: string, ctx: CallContext): Api.auth.SentCode => {
    const account = accountOrUnregistered(phoneNumber, ctx);
    if (!account) {
      const hash = codes.issue(normalizePhone(phoneNumber)!, UNREGISTERED, UNREGISTERED_CODE);
      return new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeSms({ length: UNREGISTERED_CODE.length }), phoneCodeHash: hash });
    }
    return new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: account.loginCode.length }), phoneCodeHash: codes.issue(account.phone, account.userId, account.loginCode) });
  };

  const handlers: [string, (request: never, ctx: CallContext, key: AuthKeyState) => unknown][] = [
    [
      'auth.SendCode',
      (request: Api.auth.SendCode, ctx) => sendCodeTo(request.phoneNumber, ctx),
    ],
    [
      'auth.ResendCode',
      (request: Api.auth.ResendCode, ctx) => {
        const sent = sendCodeTo(request.phoneNumber, ctx);
        codes.delete(request.phoneCodeHash);
        return sent;
      },
    ],
    [
      'auth.CancelCode',
      (request: Api.auth.CancelCode) => {
        codes.delete(request.phoneCodeHash);
        return true;
      },
    ],
    [
      'auth.SignIn',
      (request: Api.auth.SignIn, ctx, key) => {
        const pending = codes.get(request.phoneCodeHash);
        if (!pending) throw new RpcError(400, 'PHONE_CODE_EXPIRED');
        if (normalizePhone(request.phoneNumber) !== pending.phone) throw new RpcError(400, 'PHONE_NUMBER_INVALID');
        if (pending.expiresAt <= Date.now()) {
          codes.delete(request.phoneCodeHash);
          throw new RpcError(400, 'PHONE_CODE_EXPIRED');
        }
        if (!request.phoneCode) throw new RpcError(400, 'PHONE_CODE_EMPTY');
        if (request.phoneCode !== pending.code) throw new RpcError(400, 'PHONE_CODE_INVALID');
        if (pending.userId === UNREGISTERED) {
          codes.delete(request.phoneCodeHash);
          return new Api.auth.AuthorizationSignUpRequired({});
        }
        const account = findAccount(request.phoneNumber, ctx);
        codes.delete(request.phoneCodeHash);
        return completeLogin(key, ctx.dcId, account.userId);
      },
    ],
    [
      'account.GetPassword',
      (_request: Api.account.GetPassword, ctx, key) => {
        const userId = key.passwordPending?.userId ?? key.userOn(ctx.dcId);
        return srp.passwordInfo(userId ?? 0, userId === null ? undefined : accountOf(userId)?.password);
      },
    ],
    [
      'auth.CheckPassword',
      (request: Api.auth.CheckPassword, ctx, key) => {
        const pending = key.passwordPending;
        if (!pending) throw new RpcError(400, 'PASSWORD_HASH_INVALID');
        const userId = srp.check(request.password, pending.userId);
        return authorization(key, pending.dcId, userId);
      },
    ],
    [
      'auth.ExportLoginToken',
      (_request: Api.auth.ExportLoginToken, ctx, key) => {
        const userId = tokens.takeApproved(key.idHex);
        if (userId === undefined) {
          const { token, expires } = tokens.issue(key.idHex, ctx.dcId);
          return new Api.auth.LoginToken({ token, expires });
        }
        const homeDc = accountOf(userId)?.dc ?? ctx.dcId;
        if (homeDc !== ctx.dcId) return new Api.auth.LoginTokenMigrateTo({ dcId: homeDc, token: tokens.issueMigration(userId, homeDc) });
        return new Api.auth.LoginTokenSuccess({ authorization: completeLogin(key, ctx.dcId, userId) });
      },
    ],
    [
      'auth.ImportLoginToken',
      (request: Api.auth.ImportLoginToken, ctx, key) => {
        const userId = tokens.takeMigration(request.token, ctx.dcId);
        if (userId === undefined) throw new RpcError(400, 'AUTH_TOKEN_INVALID');
        return new Api.auth.LoginTokenSuccess({ authorization: completeLogin(key, ctx.dcId, userId) });
      },
    ],
    [
      'auth.LogOut',
      (_request: Api.auth.LogOut, _ctx, key) => {
        key.users.clear();
        key.passwordPending = undefined;
        return new Api.auth.LoggedOut({});
      },
    ],
    [
      'auth.ExportAuthorization',
      (request: Api.auth.ExportAuthorization, ctx) => {
        if (!deps.dcIds.has(request.dcId) || request.dcId === ctx.dcId) throw new RpcError(400, 'DC_ID_INVALID');
        const id = randomBytes(8).readBigInt64LE();
        const bytes = randomBytes(32);
        exported.set(id.toString(), { userId: ctx.userId!, dcId: request.dcId, bytes });
        return new Api.auth.ExportedAuthorization({ id: bigInt(id.toString()), bytes });
      },
    ],
    [
      'auth.ImportAuthorization',
      (request: Api.auth.ImportAuthorization, ctx, key) => {
        const entry = exported.get(request.id.toString());
        if (!entry || entry.dcId !== ctx.dcId || !entry.bytes.equals(request.bytes)) throw new RpcError(400, 'AUTH_BYTES_INVALID');
        exported.delete(request.id.toString());
        return authorization(key, ctx.dcId, entry.userId);
      },
    ],
  ];
  return new Map(handlers.map(([method, handler]) => [method, handler as unknown as InternalHandler]));
}

