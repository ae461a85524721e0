/**
 * Login flows with the real GramJS client: phone code, 2FA (SRP), QR login
 * (including DC migration and 2FA), PHONE_MIGRATE, log out and revocation.
 * Each test gets its own server so logins and revocations do not leak.
 */
import { Api, type TelegramClient } from 'telegram';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MtprotoServer } from './api.js';
import { ALICE, API_HASH, API_ID, BOB, CAROL, makeClient, sessionFor, startTestServer } from './test-support.js';

let server: MtprotoServer;
let preSharedKey: Buffer;
const clients: TelegramClient[] = [];

beforeEach(async () => {
  ({ server, preSharedKey } = await startTestServer({ loginTokenTtlSeconds: 30 }));
});

afterEach(async () => {
  for (const client of clients.splice(0)) await client.destroy();
  await server.close();
});

async function freshClient(dcId = 2): Promise<TelegramClient> {
  const client = makeClient(server, await sessionFor(dcId));
  clients.push(client);
  await client.connect();
  return client;
}

const sendCode = (client: TelegramClient, phoneNumber: string): Promise<Api.auth.TypeSentCode> =>
  client.invoke(new Api.auth.SendCode({ phoneNumber, apiId: API_ID, apiHash: API_HASH, settings: new Api.CodeSettings({}) }));

describe('phone code login', () => {
  it('logs in with the code from auth.sendCode', async () => {
    const client = await freshClient();
    const errors: Error[] = [];
    await client.start({
      phoneNumber: async () => ALICE.phone,
      phoneCode: async () => ALICE.loginCode,
      onError: async (error) => {
        errors.push(error);
        return true;
      },
    });
    expect(errors).toEqual([]);
    expect(await client.checkAuthorization()).toBe(true);
    expect(Number((await client.getMe()).id)).toBe(ALICE.userId);
  });

  it('answers PHONE_NUMBER_INVALID, PHONE_CODE_INVALID, PHONE_CODE_EXPIRED, and a sign-up request for an unused number', async () => {
    const client = await freshClient();
    await expect(sendCode(client, 'not a phone')).rejects.toMatchObject({ code: 400, errorMessage: 'PHONE_NUMBER_INVALID' });
    await expect(sendCode(client, '+15559999')).rejects.toMatchObject({ code: 400, errorMessage: 'PHONE_NUMBER_INVALID' });
    // A well-formed number nobody uses gets its code, and signing in asks for a sign-up, as Telegram does.
    const unregistered = (await sendCode(client, '+15559876543')) as Api.auth.SentCode;
    expect(unregistered.type).toBeInstanceOf(Api.auth.SentCodeTypeSms);
    await expect(
      client.invoke(new Api.auth.SignIn({ phoneNumber: '+15559876543', phoneCodeHash: unregistered.phoneCodeHash, phoneCode: '12345' })),
    ).resolves.toBeInstanceOf(Api.auth.AuthorizationSignUpRequired);

    const sent = await sendCode(client, ALICE.phone);
    expect(sent).toBeInstanceOf(Api.auth.SentCode);
    const { phoneCodeHash, type } = sent as Api.auth.SentCode;
    expect(type).toBeInstanceOf(Api.auth.SentCodeTypeApp);
    expect((type as Api.auth.SentCodeTypeApp).length).toBe(5);
    const signIn = (phoneCode: string) => client.invoke(new Api.auth.SignIn({ phoneNumber: ALICE.phone, phoneCodeHash, phoneCode }));
    await expect(signIn('00000')).rejects.toMatchObject({ code: 400, errorMessage: 'PHONE_CODE_INVALID' });
    expect(server.expireLoginCodes(ALICE.phone)).toBe(1);
    await expect(signIn(ALICE.loginCode)).rejects.toMatchObject({ code: 400, errorMessage: 'PHONE_CODE_EXPIRED' });
    expect(await client.checkAuthorization()).toBe(false);
  });

  it('expires codes after the configured TTL', async () => {
    await server.close();
    ({ server } = await startTestServer({ loginCodeTtlMs: 50 }));
    const client = await freshClient();
    const { phoneCodeHash } = (await sendCode(client, ALICE.phone)) as Api.auth.SentCode;
    await new Promise((resolve) => setTimeout(resolve, 100));
    await expect(
      client.invoke(new Api.auth.SignIn({ phoneNumber: ALICE.phone, phoneCodeHash, phoneCode: ALICE.loginCode })),
    ).rejects.toMatchObject({ errorMessage: 'PHONE_CODE_EXPIRED' });
  });

  it('follows PHONE_MIGRATE to the account home DC', async () => {
    const client = await freshClient(2);
    await client.start({ phoneNumber: async () => CAROL.phone, phoneCode: async () => CAROL.loginCode, onError: async () => true });
    expect(client.session.dcId).toBe(CAROL.dc);
    expect(Number((await client.getMe()).id)).toBe(CAROL.userId);
  });
});

describe('2FA', () => {
  it('asks for the password after the code and checks it by SRP', async () => {
    const client = await freshClient();
    const errors: string[] = [];
    const passwords = ['wrong password', BOB.password!];
    await client.start({
      phoneNumber: async () => BOB.phone,
      phoneCode: async () => BOB.loginCode,
      password: async () => passwords.shift()!,
      onError: async (error) => {
        errors.push((error as { errorMessage?: string }).errorMessage ?? error.message);
        return errors.length > 3;
      },
    });
    expect(errors).toEqual(['PASSWORD_HASH_INVALID']);
    expect(Number((await client.getMe()).id)).toBe(BOB.userId);
  });
});

describe('QR login', () => {
  async function qrLogin(client: TelegramClient, userId: number, password?: string): Promise<Api.TypeUser> {
    return client.signInUserWithQrCode(
      { apiId: API_ID, apiHash: API_HASH },
      {
        qrCode: async ({ token }) => {
          const text = Buffer.from(token).toString('base64url');
          expect(server.pendingLoginTokens()).toContain(text);
          server.approveLoginToken(text, userId);
        },
        password: password === undefined ? undefined : async () => password,
        onError: async () => true,
      },
    );
  }

  it('logs in when the token is approved', async () => {
    const client = await freshClient();
    const user = await qrLogin(client, ALICE.userId);
    expect(Number(user.id)).toBe(ALICE.userId);
    expect(await client.checkAuthorization()).toBe(true);
    expect(server.pendingLoginTokens()).toEqual([]);
  });

  it('migrates to the account home DC with loginTokenMigrateTo + importLoginToken', async () => {
    const client = await freshClient(2);
    const user = await qrLogin(client, CAROL.userId);
    expect(Number(user.id)).toBe(CAROL.userId);
    expect(client.session.dcId).toBe(CAROL.dc);
    expect(await client.checkAuthorization()).toBe(true);
  });

  it('asks for the 2FA password after approval', async () => {
    const client = await freshClient();
    const user = await qrLogin(client, BOB.userId, BOB.password);
    expect(Number(user.id)).toBe(BOB.userId);
  });
});

describe('losing the authorization', () => {
  it('auth.logOut unbinds the key: later calls answer 401', async () => {
    const client = makeClient(server, await sessionFor(2, preSharedKey));
    clients.push(client);
    await client.connect();
    await client.getMe();
    expect(await client.invoke(new Api.auth.LogOut())).toBeInstanceOf(Api.auth.LoggedOut);
    await expect(client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }))).rejects.toMatchObject({
      code: 401,
      errorMessage: 'AUTH_KEY_UNREGISTERED',
    });
    expect(await client.checkAuthorization()).toBe(false);
  });

  it('revokeSessions makes every key of the user answer 401 AUTH_KEY_UNREGISTERED', async () => {
    const first = makeClient(server, await sessionFor(2, preSharedKey));
    clients.push(first);
    await first.connect();
    const second = await freshClient();
    await second.start({ phoneNumber: async () => ALICE.phone, phoneCode: async () => ALICE.loginCode, onError: async () => true });
    const other = await freshClient();
    await other.start({ phoneNumber: async () => BOB.phone, phoneCode: async () => BOB.loginCode, password: async () => BOB.password!, onError: async () => true });

    expect(server.revokeSessions(ALICE.userId)).toBe(2);
    for (const client of [first, second]) {
      await expect(client.getMe()).rejects.toMatchObject({ code: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
      await expect(client.invoke(new Api.help.GetConfig())).rejects.toMatchObject({ code: 401 });
    }
    expect(Number((await other.getMe()).id)).toBe(BOB.userId);
  });
});
