/**
 * Measures what the sandbox serves to a real GramJS client on this machine: RPCs per
 * second (photos.getUserPhotos, sequential and with several in flight) and upload.getFile
 * throughput (MB/s) for avatar-sized files and for MP4s.
 *
 *   npx tsx test/sandbox/measure.ts [--world test/sandbox/worlds/bench.json] [--in-process]
 *
 * By default the sandbox runs in a child process (the CLI), so client and server do not
 * share one event loop, as in real use.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Api, TelegramClient } from 'telegram';
import { Logger, LogLevel } from 'telegram/extensions/Logger.js';
import { StringSession } from 'telegram/sessions/index.js';
import { pinnedConnection, registerRsaKeys } from '../../main/core/telegram/pinned-connection.js';
import { parseServerProfile, type ServerProfile } from '../../main/core/telegram/server-profile.js';
import { SANDBOX_API_HASH, SANDBOX_API_ID, startSandbox } from './index.js';
import { loadWorldFile } from './world/schema.js';
import bigInt from 'big-integer';

interface Target {
  profile: ServerProfile;
  session: string;
  stop(): Promise<void>;
}

async function inChild(world: string, userId: number): Promise<Target> {
  const out = await mkdtemp(join(tmpdir(), 'sandbox-measure-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', resolve('test/sandbox/cli.ts'), '--world', world, '--out', out, '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ok, fail) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('Ctrl-C to stop.')) ok();
    });
    child.once('exit', (code) => fail(new Error(`sandbox exited with ${code}`)));
  });
  const profile = parseServerProfile(await readFile(join(out, 'server-profile.json'), 'utf8'));
  const sessions = JSON.parse(await readFile(join(out, 'sessions.json'), 'utf8')) as { byUserId: Record<string, string> };
  return {
    profile,
    session: sessions.byUserId[String(userId)]!,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await rm(out, { recursive: true, force: true });
    },
  };
}

async function inProcess(world: string, userId: number): Promise<Target> {
  const sandbox = await startSandbox({ world, log: () => {} });
  return { profile: sandbox.serverProfile, session: sandbox.sessionString(userId), stop: () => sandbox.stop() };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** Runs `count` tasks with at most `width` in flight. */
async function pool(count: number, width: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { world: { type: 'string', default: 'test/sandbox/worlds/bench.json' }, 'in-process': { type: 'boolean', default: false } },
  });
  const worldPath = resolve(values.world);
  const file = await loadWorldFile(worldPath);
  const account = file.accounts.find((a) => a.startsLoggedIn);
  if (!account) throw new Error('the world needs an account with startsLoggedIn');
  const target = values['in-process'] ? await inProcess(worldPath, account.userId) : await inChild(worldPath, account.userId);
  registerRsaKeys(target.profile);
  const client = new TelegramClient(new StringSession(target.session), SANDBOX_API_ID, SANDBOX_API_HASH, {
    connection: pinnedConnection(target.profile),
    baseLogger: new Logger(LogLevel.NONE),
  });
  const results: Record<string, string> = {};
  try {
    await client.connect();
    const contacts = (await client.invoke(new Api.contacts.GetContacts({ hash: bigInt(0) }))) as Api.contacts.Contacts;
    const users = contacts.users.filter((u): u is Api.User => u instanceof Api.User);
    const input = (u: Api.User) => new Api.InputUser({ userId: u.id, accessHash: u.accessHash! });
    const list = (u: Api.User, limit: number) => client.invoke(new Api.photos.GetUserPhotos({ userId: input(u), offset: 0, maxId: bigInt(0), limit }));

    // Warm up: connections, exported senders.
    for (const u of users.slice(0, 20)) await list(u, 1);

    const sequential = 1000;
    const seq = await timed(async () => {
      for (let i = 0; i < sequential; i++) await list(users[i % users.length]!, 1);
    });
    results['photos.getUserPhotos limit 1, sequential'] = `${Math.round((sequential / seq.ms) * 1000)} RPC/s`;

    const parallel = 3000;
    const par = await timed(() => pool(parallel, 16, async (i) => void (await list(users[i % users.length]!, 1))));
    results['photos.getUserPhotos limit 1, 16 in flight'] = `${Math.round((parallel / par.ms) * 1000)} RPC/s`;

    const pages = await timed(() => pool(users.length, 16, async (i) => void (await list(users[i]!, 100))));
    results[`photos.getUserPhotos limit 100 (full pages), ${users.length} users, 16 in flight`] = `${Math.round((users.length / pages.ms) * 1000)} RPC/s`;

    // Collect photos to download.
    const photos: Api.Photo[] = [];
    for (const u of users.slice(0, 60)) photos.push(...((await list(u, 100)).photos.filter((p): p is Api.Photo => p instanceof Api.Photo)));
    const stills = photos.slice(0, 600);
    const videos = photos.filter((p) => p.videoSizes?.some((v) => v instanceof Api.VideoSize)).slice(0, 120);
    const download = async (p: Api.Photo, thumbSize: string): Promise<number> => {
      const bytes = (await client.downloadFile(
        new Api.InputPhotoFileLocation({ id: p.id, accessHash: p.accessHash, fileReference: p.fileReference, thumbSize }),
        { dcId: p.dcId, partSizeKb: 1024 },
      )) as Buffer;
      return bytes.length;
    };
    for (const p of stills.slice(0, 10)) await download(p, 'a'); // warm up per-DC senders

    for (const width of [1, 8]) {
      let bytes = 0;
      const run = await timed(() => pool(stills.length, width, async (i) => {
        const n = await download(stills[i]!, 'c');
        bytes += n; // not `bytes += await …`: that reads `bytes` before the await
      }));
      results[`upload.getFile 'c' stills (1 MiB parts), ${width} in flight`] =
        `${((bytes / run.ms) * 1000 / 1e6).toFixed(1)} MB/s, ${Math.round((stills.length / run.ms) * 1000)} files/s (${stills.length} files, avg ${Math.round(bytes / stills.length / 1024)} KiB)`;
    }
    {
      let bytes = 0;
      const run = await timed(() => pool(videos.length, 8, async (i) => {
        const n = await download(videos[i]!, 'u');
        bytes += n;
      }));
      results[`upload.getFile 'u' MP4s, 8 in flight`] = `${((bytes / run.ms) * 1000 / 1e6).toFixed(1)} MB/s (${videos.length} files, avg ${Math.round(bytes / videos.length / 1024)} KiB)`;
    }
    {
      let bytes = 0;
      const run = await timed(async () => {
        for (const p of stills.slice(0, 100)) {
          const n = ((await client.downloadMedia(new Api.MessageMediaPhoto({ photo: p }), { thumb: 'c' as unknown as Api.TypePhotoSize } /* GramJS's types omit the string form */)) as Buffer).length;
          bytes += n;
        }
      });
      results["GramJS downloadMedia 'c' (its default 128 KiB parts), sequential"] = `${((bytes / run.ms) * 1000 / 1e6).toFixed(1)} MB/s, ${(run.ms / 100).toFixed(1)} ms/photo`;
    }
  } finally {
    await client.destroy();
    await target.stop();
  }
  console.log(`sandbox measurements (${values['in-process'] ? 'in process' : 'server in a child process'}), world ${values.world}, ${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)}`);
  for (const [name, value] of Object.entries(results)) console.log(`  ${name}: ${value}`);
}

main().then(
  // GramJS leaves timers behind after destroy(); do not wait for them.
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
