/**
 * The sandbox in its own process (its CPU must not count against the client),
 * driven over its HTTP control endpoint.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ServerProfile } from '../../main/core/telegram/server-profile.js';
import type { MetricsSnapshot } from '../sandbox/index.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SandboxControlClient {
  control<T = unknown>(operation: string, args?: Record<string, unknown>): Promise<T>;
  metrics(): Promise<MetricsSnapshot>;
}

/** The sandbox's HTTP control endpoint, from any process. */
export function controlClient(url: string): SandboxControlClient {
  const control = async <T>(operation: string, args: Record<string, unknown> = {}): Promise<T> => {
    const response = await fetch(`${url}/control/${operation}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args) });
    const body = (await response.json()) as { ok: boolean; result?: T; error?: string };
    if (!body.ok) throw new Error(`sandbox ${operation}: ${body.error}`);
    return body.result as T;
  };
  return { control, metrics: () => control<MetricsSnapshot>('metrics') };
}

export interface SandboxProcess extends SandboxControlClient {
  readonly url: string;
  readonly profile: ServerProfile;
  readonly sessions: Record<string, string>;
  stop(): Promise<void>;
}

/** `unlimited`: without Telegram's limits model (the latency-only figures); `setLimits` turns it on later. */
export async function startSandboxProcess(worldFile: string, outDir: string, options: { unlimited?: boolean } = {}): Promise<SandboxProcess> {
  const args = ['--import', 'tsx', path.join(ROOT, 'test/sandbox/cli.ts'), '--world', worldFile, '--out', outDir, '--quiet', ...(options.unlimited ? ['--unlimited'] : [])];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /control: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match && stdout.includes('Ctrl-C to stop')) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited (${code}): ${stdout}`)));
  });
  const profile = JSON.parse(fs.readFileSync(path.join(outDir, 'server-profile.json'), 'utf8')) as ServerProfile;
  const sessions = (JSON.parse(fs.readFileSync(path.join(outDir, 'sessions.json'), 'utf8')) as { byUserId: Record<string, string> }).byUserId;
  return {
    ...controlClient(url),
    url,
    profile,
    sessions,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * A bench script as the app runs its code: bundled JavaScript, packages left to node_modules.
 * Run through tsx instead, the child would also carry tsx's loader thread and its transforms
 * (~40 MB of RSS the packaged app never has) and spend its first seconds compiling.
 */
async function bundled(script: string): Promise<string> {
  // Inside the project, so the bundle resolves the packages it leaves out from node_modules;
  // split, so what the code imports only when needed (sharp, ExifTool) stays unloaded, as in the app.
  const name = path.basename(script, '.ts');
  const outdir = path.join(ROOT, 'out/bench', name);
  await build({ entryPoints: [path.join(ROOT, script)], outdir, outExtension: { '.js': '.mjs' }, bundle: true, splitting: true, platform: 'node', format: 'esm', packages: 'external', target: 'node22', logLevel: 'warning' });
  return path.join(outdir, `${name}.mjs`);
}

/** Runs a bench script in its own Node process (so its memory and CPU are its own); returns its RESULT line. */
export async function runChild<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = []): Promise<T> {
  const child = spawn(process.execPath, [...nodeFlags, await bundled(script), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.on('data', (d: Buffer) => {
    const text = d.toString();
    stdout += text;
    for (const line of text.split('\n')) if (line && !line.startsWith('RESULT ')) process.stdout.write(`  ${line}\n`);
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`${script} failed (exit ${code})`);
  return JSON.parse(line.slice('RESULT '.length)) as T;
}
