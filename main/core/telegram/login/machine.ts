/**
 * The login as a small state machine, with no I/O: the login service feeds it
 * what Telegram answered and shows the person the state it returns. Keeping the
 * transitions here makes every path (wrong code, expired code, 2FA, QR refresh,
 * cancel) testable without a server.
 *
 *   idle ─start(phone)→ phone ─codeSent→ code ─authorized→ done
 *                                          └─passwordNeeded→ password ─authorized→ done
 *   idle ─start(qr)→ qr ─qrToken→ qr (refreshed) ─authorized→ done
 *                      └─passwordNeeded→ password
 *   any ─cancel→ idle;  a recoverable problem stays on its step with `error` set;
 *   an expired code goes back to `phone`; anything unrecoverable ends in `error`.
 */
import type { AccountRow } from '../../archive/accounts-repo.js';
import type { LoginProblem } from './messages.js';

export type LoginMethod = 'phone' | 'qr';
export type CodeDelivery = 'app' | 'sms' | 'call' | 'email' | 'other';

/** The logged-in account, as the contract shows it. */
export type LoginAccount = Omit<AccountRow, 'updatedAt'>;

export type LoginState =
  | { readonly step: 'idle' }
  | { readonly step: 'phone'; readonly phone: string | null; readonly error: LoginProblem | null }
  | {
      readonly step: 'code';
      readonly phone: string;
      readonly codeLength: number | null;
      readonly delivery: CodeDelivery;
      readonly error: LoginProblem | null;
    }
  | { readonly step: 'password'; readonly hint: string | null; readonly error: LoginProblem | null }
  | { readonly step: 'qr'; readonly url: string | null; readonly expiresAt: number | null; readonly error: LoginProblem | null }
  | { readonly step: 'done'; readonly account: LoginAccount }
  | { readonly step: 'error'; readonly error: LoginProblem };

export type LoginStep = LoginState['step'];

export type LoginEvent =
  | { readonly type: 'start'; readonly method: LoginMethod }
  | { readonly type: 'codeSent'; readonly phone: string; readonly codeLength: number | null; readonly delivery: CodeDelivery }
  | { readonly type: 'passwordNeeded'; readonly hint: string | null }
  | { readonly type: 'qrToken'; readonly url: string; readonly expiresAt: number }
  | { readonly type: 'authorized'; readonly account: LoginAccount }
  | { readonly type: 'problem'; readonly problem: LoginProblem }
  | { readonly type: 'cancel' };

export const IDLE: LoginState = { step: 'idle' };

/** Problems after which the current step cannot go on: the login must start over. */
const FATAL = new Set(['PHONE_NUMBER_BANNED', 'API_ID_INVALID', 'API_ID_PUBLISHED_FLOOD', 'AUTH_TOKEN_INVALID', 'AUTH_RESTART', 'LOGIN_FAILED', 'SESSION_NOT_SAVED', 'API_CREDENTIALS_MISSING', 'API_CREDENTIALS_INVALID']);
/** Problems that send the person back to entering the phone number (a fresh code is needed). */
const BACK_TO_PHONE = new Set(['PHONE_CODE_EXPIRED', 'PHONE_CODE_HASH_EMPTY', 'PHONE_NUMBER_UNOCCUPIED', 'PHONE_NUMBER_SIGNUP_REQUIRED']);

export function reduceLogin(state: LoginState, event: LoginEvent): LoginState {
  switch (event.type) {
    case 'cancel':
      return IDLE;
    case 'start':
      return event.method === 'phone' ? { step: 'phone', phone: null, error: null } : { step: 'qr', url: null, expiresAt: null, error: null };
    case 'codeSent':
      if (state.step !== 'phone' && state.step !== 'code') return state;
      return { step: 'code', phone: event.phone, codeLength: event.codeLength, delivery: event.delivery, error: null };
    case 'passwordNeeded':
      if (state.step !== 'code' && state.step !== 'qr' && state.step !== 'password') return state;
      return { step: 'password', hint: event.hint, error: null };
    case 'qrToken':
      if (state.step !== 'qr') return state;
      return { step: 'qr', url: event.url, expiresAt: event.expiresAt, error: null };
    case 'authorized':
      if (state.step === 'idle' || state.step === 'done' || state.step === 'error') return state;
      return { step: 'done', account: event.account };
    case 'problem':
      return withProblem(state, event.problem);
  }
}

function withProblem(state: LoginState, problem: LoginProblem): LoginState {
  if (state.step === 'idle' || state.step === 'done' || state.step === 'error') return state;
  if (FATAL.has(problem.code)) return { step: 'error', error: problem };
  if (BACK_TO_PHONE.has(problem.code) && state.step === 'code') return { step: 'phone', phone: state.phone, error: problem };
  return { ...state, error: problem };
}

/** Which step each request needs; asking out of turn is a UI bug, reported as such. */
export const REQUIRED_STEP = {
  submitPhone: 'phone',
  submitCode: 'code',
  submitPassword: 'password',
} as const satisfies Record<string, LoginStep>;

/** `+44 7700-900 123` → `+447700900123`; null if it cannot be a phone number (5-15 digits). */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 15) return null;
  return `+${digits}`;
}

/** Codes are digits; people paste them with spaces or dashes. */
export function normalizeCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{3,10}$/.test(digits) ? digits : null;
}
