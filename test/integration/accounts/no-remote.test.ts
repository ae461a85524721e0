/**
 * The suite never reaches real Telegram: a gateway left on its default profile
 * (Telegram's production data centers) dials a non-loopback address, the
 * loopback guard refuses it and records it, and the login reports a network
 * problem instead of hanging. (The guard's afterEach fails any test that leaves
 * such an attempt recorded; this one asserts on it and clears it.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TELEGRAM_PRODUCTION } from '../../../main/core/telegram/server-profile.js';
import { remoteAttempts } from '../../setup/loopback-guard.js';
import { API_HASH, API_ID, closeHosts, makeHost } from './support.js';

afterEach(async () => {
  await closeHosts();
});

describe('no remote connections from the test suite', () => {
  it('a gateway on the default TELEGRAM_PRODUCTION profile is refused by the loopback guard', async () => {
    const t = makeHost(null, { ports: { telegramClientOptions: { logLevel: 'none', connectionRetries: 1, retryDelayMs: 10 } } });
    expect(t.host.telegram.gateway.profile).toBe(TELEGRAM_PRODUCTION);
    await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
    await t.request('login.start', { method: 'phone' });
    const state = await t.request('login.submitPhone', { phone: '+15550001000' });
    expect(state).toMatchObject({ step: 'phone', error: { code: 'NETWORK', message: expect.stringContaining('Cannot reach Telegram') } });
    const attempts = remoteAttempts.splice(0);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.every((host) => Object.values(TELEGRAM_PRODUCTION.dcs).some((dc) => dc.host === host))).toBe(true);
  });
});
