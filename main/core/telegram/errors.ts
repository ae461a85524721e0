/**
 * What a GramJS failure means for us. GramJS rejects with RPCError subclasses
 * (`code`, `errorMessage`; FLOOD_WAIT_X becomes a FloodWaitError with `seconds`
 * and errorMessage 'FLOOD'), with plain Errors for its own conditions
 * ("Cannot send requests while disconnected", "Request was unsuccessful N
 * time(s)") and with socket errors. We duck-type instead of `instanceof` so the
 * classification is testable without GramJS and survives a second copy of it.
 */

export type ErrorClass =
  /** Telegram asked to wait `seconds` before calling the method again. */
  | { readonly kind: 'flood'; readonly seconds: number }
  /** The session is dead (logged out elsewhere, revoked, account deleted). */
  | { readonly kind: 'revoked'; readonly errorMessage: string }
  /** Worth retrying after a pause: Telegram's internal hiccups, timeouts, dropped connections. */
  | { readonly kind: 'transient'; readonly reason: string }
  /** Any other answer from Telegram: the caller decides. */
  | { readonly kind: 'rpc'; readonly code: number; readonly errorMessage: string }
  /** Not a Telegram answer at all (a bug, an abort, ...). */
  | { readonly kind: 'other' };

/** 401s that mean the auth key no longer logs anyone in. SESSION_PASSWORD_NEEDED is a 401 too, but a login step. */
const REVOKED = new Set([
  'AUTH_KEY_UNREGISTERED',
  'AUTH_KEY_INVALID',
  'AUTH_KEY_PERM_EMPTY',
  'SESSION_REVOKED',
  'SESSION_EXPIRED',
  'USER_DEACTIVATED',
  'USER_DEACTIVATED_BAN',
]);

const TRANSIENT_RPC = [
  /^TIMEOUT$/,
  /^RPC_CALL_FAIL$/,
  /^RPC_MCGET_FAIL$/,
  /^INTERDC_\d+_CALL(_RICH)?_ERROR$/,
  /^WORKER_BUSY_TOO_LONG_RETRY$/,
  /^MEMORY_TOO_LONG$/,
  /^NEED_MEMBER_INVALID$/, // Telegram's docs: an internal error; retry
];

const TRANSIENT_LOCAL = [
  /Cannot send requests while disconnected/i,
  /Request was unsuccessful \d+ time/i, // GramJS gave up on its own retries (RPC_CALL_FAIL, FLOOD_WAIT_0)
  /\bnot connected\b/i,
  /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|socket hang up/i,
  /connection (closed|lost|dropped)/i,
];

interface RpcLike {
  readonly code?: unknown;
  readonly errorMessage?: unknown;
  readonly seconds?: unknown;
  readonly message?: unknown;
}

export function classifyError(error: unknown): ErrorClass {
  if (!error || typeof error !== 'object') return { kind: 'other' };
  const e = error as RpcLike;
  const errorMessage = typeof e.errorMessage === 'string' ? e.errorMessage : undefined;
  const code = typeof e.code === 'number' ? e.code : undefined;

  if (typeof e.seconds === 'number' && (code === 420 || errorMessage === 'FLOOD' || errorMessage?.includes('FLOOD'))) {
    return { kind: 'flood', seconds: Math.max(0, e.seconds) };
  }
  if (errorMessage) {
    const flood = /^FLOOD(?:_PREMIUM|_TEST_PHONE)?_WAIT_(\d+)$/.exec(errorMessage);
    if (flood) return { kind: 'flood', seconds: Number(flood[1]) };
    if (REVOKED.has(errorMessage)) return { kind: 'revoked', errorMessage };
    if (TRANSIENT_RPC.some((re) => re.test(errorMessage))) return { kind: 'transient', reason: errorMessage };
    // 5xx (and GramJS's -503 "Timedout") are Telegram's side; the same request may well work again.
    if (code !== undefined && (code >= 500 || code === -503)) return { kind: 'transient', reason: errorMessage };
    return { kind: 'rpc', code: code ?? 0, errorMessage };
  }
  const message = typeof e.message === 'string' ? e.message : '';
  if (TRANSIENT_LOCAL.some((re) => re.test(message))) return { kind: 'transient', reason: message.slice(0, 120) };
  const errno = (error as NodeJS.ErrnoException).code;
  if (typeof errno === 'string' && /^E[A-Z]+$/.test(errno)) return { kind: 'transient', reason: errno };
  return { kind: 'other' };
}

/** Telegram's error name (e.g. PHONE_CODE_INVALID) or undefined when the failure is not Telegram's answer. */
export function telegramErrorName(error: unknown): string | undefined {
  const c = classifyError(error);
  switch (c.kind) {
    case 'flood':
      return `FLOOD_WAIT_${c.seconds}`;
    case 'revoked':
      return c.errorMessage;
    case 'rpc':
      return c.errorMessage;
    case 'transient':
      return /^[A-Z0-9_]+$/.test(c.reason) ? c.reason : undefined;
    default:
      return undefined;
  }
}
