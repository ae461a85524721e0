/** startSandbox's API: profile, sessions, logins through the control API, HTTP control, the shipped worlds. */
import { Api, type TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServerProfileSchema } from '../../main/core/telegram/server-profile.js';
import { SANDBOX_API_HASH, SANDBOX_API_ID, sandboxClient, startSandbox, type Sandbox } from './index.js';
import { smallWorld } from './rpc/test-helpers.js';

describe('startSandbox', () => {
  let sandbox: Sandbox;
  const clients: TelegramClient[] = [];
  beforeAll(async () => {
    sandbox = await startSandbox({ world: smallWorld(), controlHttp: true, log: () => {} });
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    sandbox.control.resetFaults();
  });
  const client = (userId: number | null): TelegramClient => {
    const c = sandboxClient(sandbox, userId);
    clients.push(c);
    return c;
  };

  it('produces a valid server profile and StringSessions on port 443', () => {
    expect(ServerProfileSchema.parse(sandbox.serverProfile)).toEqual(sandbox.serverProfile);
    for (const [dc, port] of sandbox.ports) expect(sandbox.serverProfile.dcs[String(dc)]).toEqual({ host: '127.0.0.1', port });
    const session = new StringSession(sandbox.sessionString(100));
    expect([session.dcId, session.serverAddress, session.port]).toEqual([2, '127.0.0.1', 443]);
    expect(sandbox.sessionString(100)).toBe(sandbox.sessionString(100));
    expect(() => sandbox.sessionString(101)).toThrow(/startsLoggedIn: false/);
    expect(() => sandbox.sessionString(200)).toThrow(/not an account/);
  });

  it('logs a startsLoggedIn:false account in by phone, code and 2FA (home DC 4)', async () => {
    const c = client(null);
    await c.start({ phoneNumber: async () => '+15550000101', phoneCode: async () => '12345', password: async () => 'pw', onError: async () => true });
    const me = await c.getMe();
    expect([me.id.toString(), me.firstName]).toEqual(['101', 'Other']);
    expect(c.session.dcId).toBe(4);
  });

  it('approves QR logins through the control API (newest pending token)', async () => {
    const c = client(null);
    await c.connect();
    expect(() => sandbox.control.approveLoginToken(undefined, 100)).toThrow(/no QR login token/);
    const user = await c.signInUserWithQrCode(
      { apiId: SANDBOX_API_ID, apiHash: SANDBOX_API_HASH },
      {
        qrCode: async () => {
          sandbox.control.approveLoginToken(undefined, 100);
        },
        onError: async () => true,
      },
    );
    expect(user.id.toString()).toBe('100');
  });

  it('serves the control API over HTTP against the running server', async () => {
    const post = async (op: string, body: unknown) => {
      const response = await fetch(`${sandbox.controlUrl}/control/${op}`, { method: 'POST', body: JSON.stringify(body) });
      return (await response.json()) as { ok: boolean; result?: unknown; error?: string };
    };
    expect(sandbox.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await post('dropConnections', {})).ok).toBe(true);
    expect((await post('setConditions', { dcId: 2, latencyMs: 150 })).ok).toBe(true);
    expect((await post('expireLoginCodes', {})).result).toEqual({ expired: expect.any(Number) });
    const c = client(100);
    await c.connect();
    const started = performance.now();
    await c.getMe();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const metrics = (await (await fetch(`${sandbox.controlUrl}/metrics`)).json()) as { requestsByMethod: Record<string, number> };
    expect(metrics.requestsByMethod['users.GetUsers']).toBeGreaterThan(0);
  });

  // Last: the revoked pre-shared key stays revoked for the rest of this sandbox.
  it('revokes sessions and drops connections', async () => {
    const c = client(100);
    await c.connect();
    expect((await c.getMe()).id.toString()).toBe('100');
    expect(sandbox.control.dropConnections(2).dropped).toBeGreaterThan(0);
    // GramJS reconnects by itself.
    expect((await c.getMe()).id.toString()).toBe('100');
    expect(sandbox.control.serverStats().connections).toBeGreaterThan(0);
    const other = client(100);
    await other.connect();
    sandbox.control.revokeSessions(100);
    await expect(other.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }))).rejects.toMatchObject({ code: 401, errorMessage: 'AUTH_KEY_UNREGISTERED' });
  });
});

describe('startSandbox with the shipped worlds', () => {
  it('starts demo.json from a path, with a second account on DC 4 and rich histories', async () => {
    const sandbox = await startSandbox({ world: 'test/sandbox/worlds/demo.json', log: () => {} });
    try {
      const accounts = sandbox.world.accounts();
      expect(accounts.map((a) => [a.userId, a.dc, a.password !== undefined])).toEqual([
        [1000, 2, false],
        [1001, 4, true],
      ]);
      const kinds = new Set([...sandbox.world.photos()].map((p) => p.kind));
      expect(kinds).toEqual(new Set(['image', 'video', 'emoji']));
      const c = sandboxClient(sandbox, 1000);
      try {
        await c.connect();
        const full = (await c.invoke(new Api.users.GetFullUser({ id: new Api.InputUser({ userId: 5001 as never, accessHash: sandbox.world.user(5001)!.accessHash.toString() as never }) })))
          .fullUser as Api.UserFull;
        expect(full.personalPhoto).toBeDefined();
      } finally {
        await c.destroy();
      }
    } finally {
      await sandbox.stop();
    }
  });
});
