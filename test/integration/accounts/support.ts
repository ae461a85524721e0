/**
 * Shared set-up for the accounts integration tests: a small sandbox world, a
 * host pointed at it (GramJS silent, fast retries, no jitter), and helpers that
 * go through the real contract handlers (host.dispatch).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { MemorySecretStore } from '../../../main/core/secrets/secret-store.js';
import type { SecretStore } from '../../../main/core/secrets/secret-store.js';
import { createHost, type Host, type HostPorts } from '../../../main/host.js';
import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput } from '../../../preload/contract.js';
import { startSandbox, type Sandbox, type WorldFileInput } from '../../sandbox/index.js';

export const API_ID = 12345;
export const API_HASH = '0123456789abcdef0123456789abcdef';

export const DEMO = { userId: 1000, phone: '+15550001000', code: '12345' } as const;
/** Lives on DC 4 while fresh logins start on DC 2: its login follows PHONE_MIGRATE_4. */
export const TWO_FA = { userId: 1001, phone: '+15550001001', code: '24680', password: 'hunter2' } as const;
/** Starts logged in (sandbox.sessionString). */
export const PRESET = { userId: 1002 } as const;

export const WORLD: WorldFileInput = {
  version: 1,
  seed: 7,
  dcs: [1, 2, 3, 4, 5],
  accounts: [
    { userId: DEMO.userId, phone: DEMO.phone, dc: 2, firstName: 'Demo', lastName: 'Archivist', username: 'demo_archivist', startsLoggedIn: false },
    { userId: TWO_FA.userId, phone: TWO_FA.phone, dc: 4, firstName: 'Second', password: TWO_FA.password, loginCode: TWO_FA.code, startsLoggedIn: false },
    { userId: PRESET.userId, phone: '+15550001002', dc: 2, firstName: 'Preset' },
  ],
  users: [
    {
      id: 5001,
      firstName: 'Alice',
      dc: 4,
      contactOf: [DEMO.userId, TWO_FA.userId, PRESET.userId],
      photos: [
        { id: '5001546300800000001', date: 1546300800, dc: 4 },
        { id: '5001550189519000002', date: 1550189519, dc: 3 },
      ],
    },
  ],
};

export interface TestHost {
  readonly host: Host;
  readonly dir: string;
  readonly secrets: SecretStore;
  readonly events: { name: EventName; payload: unknown }[];
  eventsOf<E extends EventName>(name: E): EventPayload<E>[];
  request<N extends RequestName>(name: N, input: RequestInput<N>): Promise<RequestOutput<N>>;
  failure(name: RequestName, input: unknown): Promise<{ code: string; message: string }>;
}

const hosts: Host[] = [];

export function makeHost(sandbox: Sandbox | null, options: { dir?: string; secrets?: SecretStore; ports?: Partial<HostPorts> } = {}): TestHost {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'accounts-it-'));
  const secrets = options.secrets ?? new MemorySecretStore();
  const host = createHost({
    archiveDir: dir,
    secrets,
    appVersion: '0.0.0-test',
    platform: 'test',
    ...(sandbox ? { serverProfile: sandbox.serverProfile } : {}),
    telegramClientOptions: { logLevel: 'none', connectionRetries: 2, retryDelayMs: 100 },
    telegramCallTiming: { requestJitterMs: 0, floodSlackMs: () => 20, retry: { attempts: 3, baseMs: 20, capMs: 100 } },
    ...options.ports,
  });
  hosts.push(host);
  const events: { name: EventName; payload: unknown }[] = [];
  host.events.subscribe((name, payload) => events.push({ name, payload }));
  return {
    host,
    dir,
    secrets,
    events,
    eventsOf: <E extends EventName>(name: E) => events.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>),
    async request(name, input) {
      const result = await host.dispatch(name, input);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
      return result.value as RequestOutput<typeof name>;
    },
    async failure(name, input) {
      const result = await host.dispatch(name, input);
      expect(result.ok, `${name} should fail`).toBe(false);
      if (result.ok) throw new Error('unreachable');
      return result.error;
    },
  };
}

/** Closes every host made since the last call (destroys their GramJS clients). */
export async function closeHosts(): Promise<void> {
  for (const host of hosts.splice(0)) await host.close();
}

export async function startWorld(world: WorldFileInput = WORLD): Promise<Sandbox> {
  return startSandbox({ world });
}

/** Logs in by phone (+ password when given) through the contract; returns the final state. */
export async function phoneLogin(t: TestHost, account: { phone: string; code: string; password?: string }): Promise<RequestOutput<'login.submitCode'>> {
  await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
  expect(await t.request('login.start', { method: 'phone' })).toMatchObject({ step: 'phone' });
  expect(await t.request('login.submitPhone', { phone: account.phone })).toMatchObject({ step: 'code' });
  const afterCode = await t.request('login.submitCode', { code: account.code });
  if (!account.password) return afterCode;
  expect(afterCode).toMatchObject({ step: 'password' });
  return t.request('login.submitPassword', { password: account.password });
}

/** Waits for a state (polled); the timeout is a safety net for a loaded machine, not a measure. */
export async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * An account that is already logged in, as after an earlier run: its sandbox
 * session in the secret store and its row in the archive (what a restart finds).
 */
export async function seedAccount(t: TestHost, sandbox: Sandbox, userId: number = PRESET.userId): Promise<void> {
  const account = sandbox.world.account(userId);
  if (!account) throw new Error(`no account ${userId} in the world`);
  await t.request('credentials.set', { apiId: API_ID, apiHash: API_HASH });
  await t.secrets.set(`session:${userId}`, sandbox.sessionString(userId));
  t.host.repos.accounts.upsert({ id: userId, phone: account.phone, firstName: 'Preset', lastName: '', username: null, dcId: account.dc }, Date.now());
}

/**
 * Starts the sandbox world once for the file, closes every host after each
 * test and clears injected faults; returns a getter for the running sandbox.
 */
export function useSandboxWorld(world: WorldFileInput = WORLD): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startWorld(world);
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  afterEach(async () => {
    await closeHosts();
    sandbox?.control.resetFaults();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox world is not running');
    return sandbox;
  };
}
