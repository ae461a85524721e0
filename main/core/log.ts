import fs from 'node:fs';
import path from 'node:path';
import log from 'electron-log/node.js';
import { tightenMode } from './file-modes.js';

/**
 * One logger per module scope, written to a rotating file in the user-data
 * folder (and the console in development). Telegram session strings, auth keys,
 * login codes and passwords must never reach a log, so every message passes a
 * redaction hook whatever the caller wrote.
 */
export type Logger = Pick<typeof log, 'error' | 'warn' | 'info' | 'debug'>;

export interface LoggingOptions {
  /** Folder for main.log (rotated at maxBytes, one old file kept). Null: no file. */
  readonly dir: string | null;
  readonly console: boolean;
  readonly level?: 'error' | 'warn' | 'info' | 'debug';
  readonly maxBytes?: number;
}

// A GramJS StringSession is '1' + base64 of at least 262 bytes; auth keys are 256 bytes.
const SESSION_LIKE = /\b1?[A-Za-z0-9+/]{300,}={0,2}/g;
// `code` alone is not here: error codes (FLOOD_WAIT, SYNC_BUSY) are what a log is for. Login codes travel as phoneCode.
const SECRET_FIELD = /("?(?:session|sessionString|authKey|password|phoneCode|apiHash)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi;

/** The shortest value worth remembering: shorter ones would redact ordinary words and numbers. */
const MIN_SECRET_LENGTH = 8;
const knownSecrets = new Set<string>();
/** Every form of every known secret, longest first. */
let knownForms: string[] = [];

/**
 * Tells the logger a secret it must never write (a session string, the API
 * hash): from now on it is removed wherever it appears, in the forms a log
 * line could carry it: as is, URL-encoded, as base64/base64url (of its text,
 * or its own base64 in the url alphabet), and broken across lines.
 */
export function registerSecret(value: string): void {
  if (value.length < MIN_SECRET_LENGTH || knownSecrets.has(value)) return;
  knownSecrets.add(value);
  knownForms = [...knownSecrets].flatMap(encodingsOf).sort((a, b) => b.length - a.length);
}

/** The forms of one secret a log could contain. */
function encodingsOf(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())]);
  const utf8 = Buffer.from(secret, 'utf8');
  forms.add(utf8.toString('base64'));
  forms.add(utf8.toString('base64url'));
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(secret)) forms.add(secret.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  return [...forms].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

// A line break, raw or as JSON writes it ("\\n"), with the next line's indent.
const LINE_BREAK = /\r?\n[ \t]*|\\r\\n|\\n/g;

/**
 * Removes the known secrets' forms, also where line breaks cut through them:
 * the text is searched with its line breaks taken out, and what matched is
 * removed from the original. Plain string searches: no pattern to compile,
 * linear in the text.
 */
function removeKnownSecrets(text: string): string {
  let out = text;
  for (const form of knownForms) if (out.includes(form)) out = out.split(form).join('[redacted]');
  if (!out.includes('\n') && !out.includes('\\n')) return out;
  const original: number[] = []; // index in `out` of each character of `joined`
  let joined = '';
  let from = 0;
  for (const brk of out.matchAll(LINE_BREAK)) {
    for (let i = from; i < brk.index; i++) original.push(i);
    joined += out.slice(from, brk.index);
    from = brk.index + brk[0].length;
  }
  for (let i = from; i < out.length; i++) original.push(i);
  joined += out.slice(from);
  const cuts: Array<[number, number]> = [];
  for (const form of knownForms) {
    for (let at = joined.indexOf(form); at >= 0; at = joined.indexOf(form, at + form.length)) {
      cuts.push([original[at]!, original[at + form.length - 1]! + 1]);
    }
  }
  if (cuts.length === 0) return out;
  cuts.sort((a, b) => a[0] - b[0]);
  let result = '';
  let kept = 0;
  for (const [start, end] of cuts) {
    if (start >= kept) result += `${out.slice(kept, start)}[redacted]`;
    kept = Math.max(kept, end);
  }
  return result + out.slice(kept);
}

export function redact(text: string): string {
  return removeKnownSecrets(text)
    .replace(SESSION_LIKE, '[redacted]')
    .replace(SECRET_FIELD, (_all, key: string, value: string) => {
      const quote = value.startsWith('"') || value.startsWith("'") ? value[0] : '';
      return `${key}${quote}[redacted]${quote}`;
    });
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) {
    const copy = new Error(redact(value.message));
    copy.name = value.name;
    copy.stack = value.stack ? redact(value.stack) : undefined;
    return copy;
  }
  if (value && typeof value === 'object') {
    try {
      return JSON.parse(redact(JSON.stringify(value))) as unknown;
    } catch {
      return '[unserializable]';
    }
  }
  return value;
}

let configured = false;

export function configureLogging(options: LoggingOptions): void {
  const level = options.level ?? 'info';
  if (options.dir) {
    const file = path.join(options.dir, 'main.log');
    // Logs name the people archived and the account: readable by the user only.
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    tightenMode(options.dir, 0o700);
    tightenMode(file, 0o600);
    log.transports.file.writeOptions = { ...log.transports.file.writeOptions, mode: 0o600 };
    log.transports.file.resolvePathFn = () => file;
    log.transports.file.maxSize = options.maxBytes ?? 5 * 1024 * 1024;
    log.transports.file.level = level;
  } else {
    log.transports.file.level = false;
  }
  log.transports.console.level = options.console ? level : false;
  if (!configured) {
    log.hooks.push((message) => ({ ...message, data: message.data.map(redactValue) }));
    configured = true;
  }
}

// Until configured (tests, plain scripts): warnings and errors on the console only.
log.transports.file.level = false;
log.transports.console.level = 'warn';

export function createLogger(scope: string): Logger {
  return log.scope(scope);
}
