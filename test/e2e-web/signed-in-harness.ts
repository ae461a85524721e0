import { MemorySecretStore } from '../../main/core/secrets/secret-store.js';
import type { SyncOptions } from '../../main/core/sync/sync-run.js';
import { startHarness, type Harness } from '../harness/harness.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../sandbox/index.js';

export const SANDBOX_API = { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' };

/** The sandbox account the e2e worlds sign in as. */
export interface SandboxAccount {
  readonly id: number;
  readonly phone: string;
  readonly firstName: string;
  readonly username: string;
  readonly dcId: number;
}

/**
 * A harness on the sandbox that is logged in already, as after an earlier sign-in:
 * API keys set, the account's session in the secret store and the account in the archive.
 */
export async function signedInHarness(sandbox: Sandbox, account: SandboxAccount, syncOptions: Partial<SyncOptions>): Promise<Harness> {
  const secrets = new MemorySecretStore();
  const harness = await startHarness({
    hostPorts: {
      secrets,
      serverProfile: sandbox.serverProfile,
      telegramClientOptions: { logLevel: 'none', connectionRetries: 2, retryDelayMs: 100 },
      telegramCallTiming: { requestJitterMs: 0, floodSlackMs: () => 20, retry: { attempts: 3, baseMs: 20, capMs: 100 } },
      syncOptions,
    },
  });
  harness.host.telegram.credentials.set(SANDBOX_API);
  await secrets.set(`session:${account.id}`, sandbox.sessionString(account.id));
  harness.host.repos.accounts.upsert(
    { id: account.id, phone: account.phone.replace(/^\+/, ''), firstName: account.firstName, lastName: '', username: account.username, dcId: account.dcId },
    Date.now(),
  );
  return harness;
}

/**
 * A worker-scoped sandbox fixture on `world`, quiet, stopped when the worker ends: one
 * per worker, so specs' logins and runs do not disturb each other.
 */
export function workerSandbox(world: WorldFileInput): [(args: object, use: (sandbox: Sandbox) => Promise<void>) => Promise<void>, { scope: 'worker' }] {
  return [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      const sandbox = await startSandbox({ world, log: () => undefined });
      await use(sandbox);
      await sandbox.stop();
    },
    { scope: 'worker' },
  ];
}
