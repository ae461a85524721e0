import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import { DEMO, makeHost, phoneLogin, useSandboxWorld } from './support.js';

const world = useSandboxWorld();

/** A keychain that refuses to store anything (locked, or the disk is full). */
class RefusingStore extends MemorySecretStore {
  override async set(): Promise<void> {
    throw new Error('the keyring is locked');
  }
}

describe('a login whose session cannot be stored', () => {
  it('logs that authorization out on Telegram instead of leaving it live, and says why', async () => {
    const sandbox = world();
    sandbox.control.resetMetrics();
    const t = makeHost(sandbox, { secrets: new RefusingStore() });
    const state = await phoneLogin(t, DEMO);
    expect(state).toMatchObject({ step: 'error', error: { code: 'SESSION_NOT_SAVED', message: expect.stringContaining('the keyring is locked') } });
    expect(sandbox.control.metrics().requestsByMethod['auth.LogOut']).toBe(1);
    expect(await t.request('accounts.list', {})).not.toContainEqual(expect.objectContaining({ id: DEMO.userId, status: 'active' }));
  });
});
