import path from 'node:path';
import log from 'electron-log/node.js';

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
const SECRET_FIELD = /("?(?:session|sessionString|authKey|password|code|phoneCode|apiHash)"?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,}]+)/gi;

export function redact(text: string): string {
  return text
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
