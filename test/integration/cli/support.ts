/**
 * Runs the CLI as a child process the way a person would (node + tsx, one
 * process, so a kill reaches the process that syncs), against an in-process
 * sandbox whose server profile is written to a file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Sandbox } from '../../sandbox/index.js';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = path.join(ROOT, 'main', 'cli.ts');
export const API = ['--api-id', '12345', '--api-hash', '0123456789abcdef0123456789abcdef'];

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliEnv {
  readonly archive: string;
  readonly configDir: string;
  readonly profileFile: string;
}

export function cliEnv(sandbox: Sandbox, dir: string): CliEnv {
  const profileFile = path.join(dir, 'server-profile.json');
  fs.writeFileSync(profileFile, JSON.stringify(sandbox.serverProfile));
  return { archive: path.join(dir, 'archive'), configDir: path.join(dir, 'config'), profileFile };
}

const LOOPBACK_GUARD = pathToFileURL(path.join(ROOT, 'test/setup/loopback-guard.ts')).href;

export function baseArgs(env: CliEnv): string[] {
  return ['--archive', env.archive, '--config-dir', env.configDir, '--server-profile', env.profileFile];
}

/** Starts the CLI; `done` resolves when it exits. */
export function startCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): { child: ChildProcess; done: Promise<CliResult>; output: () => { stdout: string; stderr: string } } {
  // The loopback guard runs in the child too: it refuses (and warns about) any non-loopback dial.
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', LOOPBACK_GUARD, CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (options.input !== undefined) child.stdin!.end(options.input);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done, output: () => ({ stdout, stderr }) };
}

/**
 * Starts the CLI under a parent that never reaps it (a shell exec'd into sleep), as after a kill -9
 * whose parent has not called wait yet: killed, it stays a zombie. `pid` is the CLI's own.
 */
export async function startUnreapedCli(args: readonly string[]): Promise<{ pid: number; output: () => string; stop: () => void }> {
  const quoted = [process.execPath, '--import', 'tsx', '--import', LOOPBACK_GUARD, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const parent = spawn('sh', ['-c', `${quoted} 2>&1 & echo $!; exec sleep 600`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  let pidSeen = false;
  // The first line is the CLI's pid; the rest is what it prints.
  const pid = await new Promise<number>((resolve) =>
    parent.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const newline = out.indexOf('\n');
      if (newline > 0 && !pidSeen) {
        pidSeen = true;
        resolve(Number(out.slice(0, newline)));
      }
    }),
  );
  return { pid, output: () => out, stop: () => parent.kill('SIGKILL') };
}

export function runCli(args: readonly string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/**
 * Resolves true as the `count`-th request of `method` (e.g. 'upload.GetFile') from now
 * reaches the sandbox, or false if the CLI exits first. The sandbox runs in this process:
 * the caller acts (kills, interrupts) before the sandbox answers anything more.
 */
export function whenRequested(sandbox: Sandbox, method: string, count: number, run: { done: Promise<CliResult> }): Promise<boolean> {
  const seen = (): number => sandbox.control.metrics().requestsByMethod[method] ?? 0;
  const base = seen();
  return new Promise((resolve) => {
    let exited = false;
    void run.done.then(() => {
      exited = true;
      resolve(false);
    });
    const poll = (): void => {
      if (exited) return;
      if (seen() - base >= count) resolve(true);
      else setTimeout(poll, 2);
    };
    poll();
  });
}
