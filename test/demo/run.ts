/**
 * The demo: the app against the Telegram sandbox, no Telegram account needed.
 *
 *   npm run demo                    the real UI on the real core, in a browser
 *   npm run demo -- --electron      the Electron app itself (where its binary exists)
 *   npm run demo -- --archive DIR   keep the archive in DIR (default: a temp folder)
 *   npm run demo -- --headless [--out DIR]   no window: archive the demo world, export it (test/demo/headless.ts)
 *
 * It starts the sandbox with the demo world (test/sandbox/worlds/demo.json),
 * signs the demo account in, and prints how to try everything else.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MemorySecretStore } from '../../main/core/secrets/secret-store.js';
import { startHarness } from '../harness/harness.js';
import { runHeadless } from './headless.js';
import { startSandbox } from '../sandbox/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORLD = path.join(ROOT, 'test/sandbox/worlds/demo.json');
const DEMO_ACCOUNT = 1000;
// The sandbox accepts any well-formed credentials; real ones come from my.telegram.org.
const API = { apiId: 12345, apiHash: '0123456789abcdef0123456789abcdef' };

const { values } = parseArgs({
  options: {
    archive: { type: 'string' },
    port: { type: 'string', default: '0' },
    electron: { type: 'boolean', default: false },
    headless: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const sandbox = await startSandbox({ world: WORLD, controlHttp: !values.headless, ...(values.headless ? { log: () => undefined } : {}) });
const archiveDir = values.archive ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tg-archive-demo-'));
if (values.headless) {
  try {
    await runHeadless({ sandbox, archiveDir, outDir: values.out, account: DEMO_ACCOUNT, api: API });
  } finally {
    await sandbox.stop();
  }
  process.exit(0);
}
const demo = sandbox.world.account(DEMO_ACCOUNT)!;
const second = sandbox.world.accounts().find((a) => a.userId !== DEMO_ACCOUNT);

let stop: () => Promise<void>;
if (values.electron) {
  stop = await runElectron();
} else {
  const secrets = new MemorySecretStore();
  const harness = await startHarness({ archiveDir, port: Number(values.port), hostPorts: { serverProfile: sandbox.serverProfile, secrets } });
  await harness.host.dispatch('credentials.set', API);
  await secrets.set(`session:${DEMO_ACCOUNT}`, sandbox.sessionString(DEMO_ACCOUNT));
  harness.host.repos.accounts.upsert(
    { id: DEMO_ACCOUNT, phone: demo.phone, firstName: 'Demo', lastName: 'Archivist', username: 'demo_archivist', dcId: demo.dc },
    Date.now(),
  );
  harness.host.events.emit('archive.changed', { scope: 'accounts' });
  console.log(`\nPhoto Archiver demo: open ${harness.url}\n`);
  stop = () => harness.stop();
}

console.log(`Archive folder:   ${archiveDir}`);
console.log(`Signed in as:     Demo Archivist (${demo.phone})`);
console.log('Try:              People → Add people → @alice_archer, or pick from contacts; then Archive now.');
if (second) {
  console.log(`Another login:    ${second.phone}, code ${second.loginCode}${second.password ? `, password ${second.password}` : ''}`);
}
console.log(`Change the world: curl -X POST ${sandbox.controlUrl}/control/addPhoto -d '{"userId":5001}'  (see test/sandbox/README.md)`);
console.log('Stop with Ctrl+C.');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void stop()
      .then(() => sandbox.stop())
      .finally(() => process.exit(0));
  });
}

async function runElectron(): Promise<() => Promise<void>> {
  const electronDir = path.join(ROOT, 'node_modules/electron');
  const binary = path.join(electronDir, 'dist', fs.readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim());
  if (!fs.existsSync(binary)) {
    await sandbox.stop();
    console.error('No Electron binary here (node_modules/electron/dist is missing). Run `npm run demo` for the browser version.');
    process.exit(1);
  }
  const profileFile = path.join(archiveDir, '..', `sandbox-profile-${process.pid}.json`);
  fs.writeFileSync(profileFile, JSON.stringify(sandbox.serverProfile, null, 2));
  console.log(`\nLaunching the app. Log in with ${demo.phone}, code ${demo.loginCode}; API ID ${API.apiId}, hash ${API.apiHash}.\n`);
  const child = spawn(binary, [path.join(ROOT, 'out/main/index.cjs'), `--server-profile=${profileFile}`], {
    stdio: 'inherit',
    env: { ...process.env, TG_ARCHIVE_DIR: archiveDir },
  });
  child.on('exit', () => process.kill(process.pid, 'SIGTERM'));
  return async () => {
    child.kill();
    fs.rmSync(profileFile, { force: true });
  };
}
