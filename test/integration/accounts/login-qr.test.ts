import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../../preload/contract.js';
import { API_HASH, API_ID, DEMO, makeHost, TWO_FA, until, useSandboxWorld } from './support.js';

const world = useSandboxWorld();

type LoginState = EventPayload<'login.state'>;
const tokenOf = (state: LoginState): string => {
  if (state.step !== 'qr' || !state.url) throw new Error(`expected a QR state, got ${state.step}`);
  return new URL(state.url).searchParams.get('token')!;
};

describe('QR login through the contract', () => {
  it('shows a tg://login URL and logs in when the token is approved', async () => {
    const t = makeHost(world());
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    const shown = await t.request('login.start', { method: 'qr' });
    expect(shown).toMatchObject({ step: 'qr', url: expect.stringMatching(/^tg:\/\/login\?token=[A-Za-z0-9_-]+$/), error: null });
    expect(shown.step === 'qr' && shown.expiresAt! > Date.now()).toBe(true);
    world().control.approveLoginToken(tokenOf(shown), DEMO.userId);
    await until(() => t.eventsOf('login.state').some((s) => s.step === 'done'));
    expect(await t.request('login.current', {})).toMatchObject({ step: 'done', account: { id: DEMO.userId, status: 'active' } });
    expect(await t.secrets.get(`session:${DEMO.userId}`)).toBeTruthy();
  });

  it('follows the account to its DC and asks for the 2FA password', async () => {
    const t = makeHost(world());
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    const shown = await t.request('login.start', { method: 'qr' });
    world().control.approveLoginToken(tokenOf(shown), TWO_FA.userId);
    await until(() => t.eventsOf('login.state').some((s) => s.step === 'password'));
    expect(await t.request('login.submitPassword', { password: TWO_FA.password })).toMatchObject({
      step: 'done',
      account: { id: TWO_FA.userId, dcId: 4 },
    });
  });

  it('refreshes the token before it expires, as an event', async () => {
    const t = makeHost(world(), { ports: { telegramClientOptions: { logLevel: 'none', qrRefreshLeadMs: 28_500 } } });
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    const first = await t.request('login.start', { method: 'qr' });
    await until(() => t.eventsOf('login.state').filter((s) => s.step === 'qr' && s.url).length >= 2);
    const urls = t.eventsOf('login.state').flatMap((s) => (s.step === 'qr' && s.url ? [s.url] : []));
    expect(urls[1]).not.toBe(urls[0]);
    expect(urls[0]).toBe(first.step === 'qr' ? first.url : null);
    // The fresh token is the one that works.
    world().control.approveLoginToken(tokenOf(t.eventsOf('login.state').at(-1)!), DEMO.userId);
    await until(() => t.eventsOf('login.state').some((s) => s.step === 'done'));
  });

  it('cancel stops the refreshing', async () => {
    const t = makeHost(world());
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    await t.request('login.start', { method: 'qr' });
    expect(await t.request('login.cancel', {})).toEqual({ step: 'idle' });
    expect(t.eventsOf('login.state').at(-1)).toEqual({ step: 'idle' });
  });
});
