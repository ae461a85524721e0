/**
 * The README's ways to archive in the background, checked as far as this
 * machine can: the systemd units with systemd-analyze verify (where it is
 * installed), the cron line with a crontab parser, the launchd plist with a
 * plist parser; and every CLI command they run parses as a command.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CronExpressionParser } from 'cron-parser';
import plist from 'plist';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../main/cli/args.js';

const README = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Fenced blocks of the README's background section: language, optional file name, text. */
function blocks(): { lang: string; name: string | null; text: string }[] {
  const section = README.slice(README.indexOf('## Archiving in the background'), README.indexOf('## Try it against the sandbox'));
  return [...section.matchAll(/^```(\w+)(?: (\S+))?\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, name: m[2] ?? null, text: m[3]! }));
}

/** The arguments after `cli --` in a command line. */
function cliArgs(line: string): string[] {
  const match = /cli -- ([^&>"]+)/.exec(line);
  if (!match) throw new Error(`no CLI command in: ${line}`);
  return match[1]!.trim().split(/\s+/);
}

const systemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;

describe('the README’s background services', () => {
  const all = blocks();
  const units = all.filter((b) => b.lang === 'ini');

  it('gives a service, a timer and its service, a cron line, a launchd plist and a Task Scheduler command', () => {
    expect(units.map((u) => u.name)).toEqual(['photo-archiver.service', 'photo-archiver-sync.service', 'photo-archiver-sync.timer']);
    expect(all.map((b) => b.lang)).toEqual(expect.arrayContaining(['crontab', 'xml', 'bat']));
  });

  it('runs only commands the CLI knows: the daemon, or one quiet run', () => {
    const lines = all.flatMap((b) => b.text.split('\n')).filter((l) => l.includes('cli -- ') && !l.trimStart().startsWith('npm run cli'));
    const plistArgs = (plist.parse(all.find((b) => b.lang === 'xml')!.text) as { ProgramArguments: string[] }).ProgramArguments;
    const commands = [...lines.map(cliArgs), plistArgs.slice(plistArgs.indexOf('--') + 1)];
    expect(commands.length).toBeGreaterThanOrEqual(5);
    for (const args of commands) expect(['sync.watch', 'sync']).toContain(parseCommandLine(args).command.name);
  });

  it.skipIf(!systemdAnalyze)('the systemd units pass systemd-analyze verify without a warning', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-'));
    const runtime = path.join(dir, 'runtime');
    fs.mkdirSync(runtime, { mode: 0o700 });
    for (const unit of units) fs.writeFileSync(path.join(dir, unit.name!), unit.text);
    const result = spawnSync('systemd-analyze', ['verify', '--user', ...units.map((u) => path.join(dir, u.name!))], {
      encoding: 'utf8',
      env: { ...process.env, XDG_RUNTIME_DIR: runtime },
    });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr.trim()).toBe('');
  });

  it('the cron line is a valid crontab entry that runs once an hour', () => {
    const line = all.find((b) => b.lang === 'crontab')!.text.trim();
    const fields = line.split(/\s+/);
    const schedule = CronExpressionParser.parse(fields.slice(0, 5).join(' '), { currentDate: new Date('2026-01-01T00:00:00Z'), tz: 'UTC' });
    expect(schedule.next().toISOString()).toBe('2026-01-01T00:17:00.000Z');
    expect(schedule.next().toISOString()).toBe('2026-01-01T01:17:00.000Z');
    expect(() => CronExpressionParser.parse('17 * * * * *x')).toThrow(); // the parser does refuse nonsense
    expect(fields.slice(5).join(' ')).toMatch(/^cd "\$HOME\/photo-archiver" && npm run/);
  });

  it('the launchd plist parses and keeps the daemon alive only after a failure', () => {
    const parsed = plist.parse(all.find((b) => b.lang === 'xml')!.text) as Record<string, unknown>;
    expect(parsed).toMatchObject({ Label: 'org.photo-archiver.watch', RunAtLoad: true, KeepAlive: { SuccessfulExit: false } });
  });

  it('the Task Scheduler command creates an hourly task', () => {
    const command = all.find((b) => b.lang === 'bat')!.text.trim();
    expect(command).toMatch(/^schtasks \/Create \/TN "[^"]+" \/SC HOURLY \/TR "[^"]+"$/);
  });
});
