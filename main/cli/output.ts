/**
 * How the CLI talks back: results on stdout (JSON with --json, lines of text
 * otherwise), messages and progress on stderr. Progress is a redrawn bar on a
 * terminal and a plain line every few seconds anywhere else.
 */
import type { SyncProgress } from '../../preload/contract/sync.js';

export interface Output {
  readonly json: boolean;
  /**
   * The command's result: with --json one object, `{ "ok": ok, ...value }` (the envelope in
   * main/cli/json-envelope.ts), else the text lines. A null value prints the text only.
   */
  result(value: Readonly<Record<string, unknown>> | null, text: string | readonly string[], ok?: boolean): void;
  info(message: string): void;
  error(message: string): void;
  progress(p: SyncProgress): void;
  /** Progress of other work (an export): a bar on a terminal, a plain line every few seconds elsewhere. */
  steps(done: number, total: number, text: string): void;
  endProgress(): void;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

function formatSeconds(s: number): string {
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One line describing a run's progress (pure, for both renderers). */
export function progressLine(p: SyncProgress, now: number): string {
  const parts = [
    `${p.phase}`,
    `targets ${p.targetsDone}/${p.targetsTotal}`,
    `photos +${p.photosFound}`,
    `files ${p.filesDownloaded}/${p.filesTotal}`,
    formatBytes(p.bytesDownloaded),
  ];
  if (p.errors) parts.push(`${p.errors} errors`);
  if (p.floodWait && p.floodWait.until > now) parts.push(`Telegram asks to wait ${Math.ceil((p.floodWait.until - now) / 1000)}s (${p.floodWait.method})`);
  if (p.state === 'paused') parts.push('paused');
  if (p.etaSeconds !== null && p.phase !== 'finished') parts.push(`~${formatSeconds(p.etaSeconds)} left`);
  return parts.join(' · ');
}

function bar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%`;
}

export function createOutput(options: { json: boolean; quiet: boolean; stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream }): Output {
  const { stdout, stderr } = options;
  const tty = stderr.isTTY === true;
  let lastPlain = 0;
  let lastPhase = '';
  let drawn = false;
  const draw = (done: number, total: number, text: string, phase: string): void => {
    if (options.quiet) return;
    const now = Date.now();
    if (tty) {
      const line = `${bar(done, total)} ${text}`;
      stderr.write(`\r\x1b[2K${line.slice(0, (stderr.columns || 120) - 1)}`);
      drawn = true;
    } else if (now - lastPlain >= 2000 || phase !== lastPhase) {
      stderr.write(`${text}\n`);
      lastPlain = now;
      lastPhase = phase;
    }
  };
  return {
    json: options.json,
    result(value, text, ok = true) {
      if (options.json) {
        if (value !== null) stdout.write(`${JSON.stringify({ ok, ...value }, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
      } else for (const line of typeof text === 'string' ? [text] : text) stdout.write(`${line}\n`);
    },
    info(message) {
      if (!options.quiet) stderr.write(`${message}\n`);
    },
    error(message) {
      if (drawn) stderr.write('\n');
      drawn = false;
      stderr.write(`error: ${message}\n`);
    },
    progress(p) {
      draw(p.filesDownloaded, p.filesTotal, progressLine(p, Date.now()), p.phase);
    },
    steps(done, total, text) {
      draw(done, total, text, done === total ? 'end' : 'steps');
    },
    endProgress() {
      if (drawn) stderr.write('\n');
      drawn = false;
    },
  };
}
