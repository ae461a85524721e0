import { describe, expect, it } from 'vitest';
import { API_HASH, API_ID, DEMO, makeHost, phoneLogin, TWO_FA, useSandboxWorld } from './support.js';

const world = useSandboxWorld();

describe('phone login through the contract', () => {
  it('logs in with phone and code, stores the session encrypted, and lists the account', async () => {
    const t = makeHost(world());
    const done = await phoneLogin(t, DEMO);
    expect(done).toMatchObject({ step: 'done', account: { id: DEMO.userId, status: 'active', firstName: 'Demo', dcId: 2 } });
    expect(await t.request('accounts.list', {})).toMatchObject([{ id: DEMO.userId, status: 'active' }]);
    expect(await t.secrets.get(`session:${DEMO.userId}`)).toMatch(/^1/);
    const steps = t.eventsOf('login.state').map((s) => s.step);
    expect(steps).toEqual(['phone', 'code', 'done']);
    // No event or answer carries the session string.
    const session = (await t.secrets.get(`session:${DEMO.userId}`))!;
    expect(JSON.stringify(t.events)).not.toContain(session.slice(1, 60));
  });

  it('logs in with phone, code and 2FA password, following PHONE_MIGRATE to DC 4', async () => {
    const t = makeHost(world());
    const done = await phoneLogin(t, TWO_FA);
    expect(done).toMatchObject({ step: 'done', account: { id: TWO_FA.userId, dcId: 4 } });
  });
});

describe('phone login errors, each with its message', () => {
  async function atCode(): Promise<ReturnType<typeof makeHost>> {
    const t = makeHost(world());
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    await t.request('login.start', { method: 'phone' });
    expect(await t.request('login.submitPhone', { phone: DEMO.phone })).toMatchObject({ step: 'code', codeLength: 5, delivery: 'app' });
    return t;
  }

  it('an invalid phone number stays on the phone step with a message', async () => {
    const t = makeHost(world());
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    await t.request('login.start', { method: 'phone' });
    // Rejected by Telegram (well-formed but unknown) ...
    expect(await t.request('login.submitPhone', { phone: '+1 555 999 99' })).toMatchObject({
      step: 'phone',
      error: { code: 'PHONE_NUMBER_INVALID', message: expect.stringContaining('not valid') },
    });
    // ... and locally (not a number at all), with the same message.
    expect(await t.request('login.submitPhone', { phone: 'my phone' })).toMatchObject({ step: 'phone', error: { code: 'PHONE_NUMBER_INVALID' } });
    // Corrected, it goes on.
    expect(await t.request('login.submitPhone', { phone: '+1 (555) 000-1000' })).toMatchObject({ step: 'code', phone: DEMO.phone });
  });

  it('a number no Telegram account uses gets its code, then the person is told plainly to sign up in a Telegram app first', async () => {
    const t = makeHost(world());
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    await t.request('login.start', { method: 'phone' });
    expect(await t.request('login.submitPhone', { phone: '+1 555 987 6543' })).toMatchObject({ step: 'code', delivery: 'sms' });
    expect(await t.request('login.submitCode', { code: '12345' })).toMatchObject({
      step: 'phone',
      error: { code: 'PHONE_NUMBER_UNOCCUPIED', message: expect.stringContaining('No Telegram account uses this number') },
    });
  });

  it('a wrong code stays on the code step; the right one then logs in', async () => {
    const t = await atCode();
    expect(await t.request('login.submitCode', { code: '00000' })).toMatchObject({
      step: 'code',
      error: { code: 'PHONE_CODE_INVALID', message: expect.stringContaining('not right') },
    });
    expect(await t.request('login.submitCode', { code: DEMO.code })).toMatchObject({ step: 'done' });
  });

  it('an expired code goes back to the phone step with the number filled in', async () => {
    const t = await atCode();
    world().control.expireLoginCodes(DEMO.phone);
    expect(await t.request('login.submitCode', { code: DEMO.code })).toMatchObject({
      step: 'phone',
      phone: DEMO.phone,
      error: { code: 'PHONE_CODE_EXPIRED', message: expect.stringContaining('expired') },
    });
    expect(await t.request('login.submitPhone', { phone: DEMO.phone })).toMatchObject({ step: 'code', error: null });
    expect(await t.request('login.submitCode', { code: DEMO.code })).toMatchObject({ step: 'done' });
  });

  it('a wrong 2FA password stays on the password step', async () => {
    const t = makeHost(world());
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    await t.request('login.start', { method: 'phone' });
    await t.request('login.submitPhone', { phone: TWO_FA.phone });
    expect(await t.request('login.submitCode', { code: TWO_FA.code })).toMatchObject({ step: 'password', error: null });
    expect(await t.request('login.submitPassword', { password: 'wrong' })).toMatchObject({
      step: 'password',
      error: { code: 'PASSWORD_HASH_INVALID', message: 'That password is not right. Try again.' },
    });
    expect(await t.request('login.submitPassword', { password: TWO_FA.password })).toMatchObject({ step: 'done', account: { id: TWO_FA.userId } });
  });

  it('FLOOD_WAIT on auth.signIn says when to try again', async () => {
    const t = await atCode();
    world().control.queueError('auth.SignIn', 'FLOOD_WAIT_300');
    const before = Date.now();
    const state = await t.request('login.submitCode', { code: DEMO.code });
    expect(state).toMatchObject({ step: 'code', error: { code: 'FLOOD_WAIT', message: 'Too many attempts. Try again in 5 minutes.' } });
    const retryAt = state.step === 'code' ? state.error?.retryAt : undefined;
    expect(retryAt).toBeGreaterThanOrEqual(before + 300_000);
  });

  it('can be cancelled at any step, and requests out of turn change nothing', async () => {
    const t = await atCode();
    expect(await t.request('login.submitPassword', { password: 'x' })).toMatchObject({ step: 'code' });
    expect(await t.request('login.cancel', {})).toEqual({ step: 'idle' });
    expect(await t.request('login.current', {})).toEqual({ step: 'idle' });
    expect(await t.request('login.submitCode', { code: DEMO.code })).toEqual({ step: 'idle' });
    expect(await t.request('accounts.list', {})).toEqual([]);
  });

  it('without API credentials the login ends with a message saying to enter them', async () => {
    const t = makeHost(world());
    expect(await t.request('login.start', { method: 'phone' })).toMatchObject({ step: 'error', error: { code: 'API_CREDENTIALS_MISSING' } });
  });
});
