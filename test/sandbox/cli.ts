/**
 * Runs the Telegram sandbox until Ctrl-C / SIGTERM.
 *
 *   npm run sandbox -- --world test/sandbox/worlds/demo.json --out /tmp/sandbox
 *
 * Prints the DC ports and the control URL, writes <out>/server-profile.json (give it to
 * the app) and <out>/sessions.json (logged-in StringSessions by user id and by phone).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSandbox } from './index.js';

const USAGE = `usage: npm run sandbox -- [options]
  --world <file>         world file (default test/sandbox/worlds/demo.json)
  --out <dir>            write server-profile.json and sessions.json here
  --control-port <n>     port of the HTTP control endpoint (default: a free port)
  --dc-port-base <n>     DC d listens on base + d (default: free ports)
  --latency <ms>         added latency on every DC
  --bandwidth <bytes/s>  outgoing bandwidth per connection on every DC
  --unlimited            no Telegram limits (download budget, per-method buckets): everything at once
  --quiet                do not log protocol problems
  --help`;

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      world: { type: 'string', default: 'test/sandbox/worlds/demo.json' },
      out: { type: 'string' },
      'control-port': { type: 'string' },
      'dc-port-base': { type: 'string' },
      latency: { type: 'string' },
      bandwidth: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      unlimited: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const base = positiveInt('dc-port-base', values['dc-port-base']);
  const latency = positiveInt('latency', values.latency);
  const bandwidth = positiveInt('bandwidth', values.bandwidth);
  const controlPort = positiveInt('control-port', values['control-port']);

  const started = performance.now();
  // DC ports come from the world, which is only known after loading; the base offsets them.
  const dcPorts: Record<number, number> = {};
  if (base !== undefined) for (let dc = 1; dc <= 999; dc++) dcPorts[dc] = base + dc;
  const sandbox = await startSandbox({
    world: resolve(values.world),
    controlHttp: true,
    ...(controlPort !== undefined ? { controlPort } : {}),
    ...(base !== undefined ? { dcPorts } : {}),
    ...(values.quiet ? { log: () => {} } : {}),
    ...(values.unlimited ? { limits: 'unlimited' as const } : {}),
  });
  for (const dc of sandbox.world.dcs) {
    if (latency !== undefined || bandwidth !== undefined) {
      sandbox.control.setConditions(dc, { ...(latency !== undefined ? { latencyMs: latency } : {}), ...(bandwidth !== undefined ? { bytesPerSecond: bandwidth } : {}) });
    }
  }

  const photos = [...sandbox.world.photos()].length;
  const users = [...sandbox.world.users()].length;
  console.log(`Telegram sandbox up in ${Math.round(performance.now() - started)} ms: ${users} users, ${photos} photos`);
  for (const [dc, port] of sandbox.ports) console.log(`  DC ${dc}: 127.0.0.1:${port}`);
  console.log(`  control: ${sandbox.controlUrl}  (POST /control/<op>, GET /metrics)`);
  console.log(`  limits: ${values.unlimited ? 'none (--unlimited)' : "Telegram's model (test/sandbox/README.md)"}`);
  for (const account of sandbox.world.accounts()) {
    const how = account.startsLoggedIn ? 'session in sessions.json' : `log in with code ${account.loginCode}`;
    console.log(`  account ${account.userId} ${account.phone} (DC ${account.dc}${account.password ? ', 2FA' : ''}): ${how}`);
  }

  if (values.out) {
    const out = resolve(values.out);
    await mkdir(out, { recursive: true });
    const byUserId: Record<string, string> = {};
    const byPhone: Record<string, string> = {};
    for (const account of sandbox.world.accounts()) {
      if (!account.startsLoggedIn) continue;
      const session = sandbox.sessionString(account.userId);
      byUserId[String(account.userId)] = session;
      byPhone[account.phone] = session;
    }
    await writeFile(join(out, 'server-profile.json'), JSON.stringify(sandbox.serverProfile, null, 2) + '\n');
    await writeFile(join(out, 'sessions.json'), JSON.stringify({ byUserId, byPhone }, null, 2) + '\n', { mode: 0o600 });
    console.log(`  wrote ${join(out, 'server-profile.json')} and ${join(out, 'sessions.json')}`);
  }
  console.log('Ctrl-C to stop.');

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the sandbox`);
    sandbox.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
