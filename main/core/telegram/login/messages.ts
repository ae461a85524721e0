import { classifyError } from '../errors.js';

/** A login problem as the person sees it: a stable code for the UI and a sentence ready to show. */
export interface LoginProblem {
  readonly code: string;
  readonly message: string;
  /** For FLOOD_WAIT: when trying again makes sense (unix ms). */
  readonly retryAt?: number;
}

/** "45 seconds", "5 minutes", "2 hours 10 minutes", "1 day 3 hours". Rounds up so we never promise too early. */
export function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  const plural = (n: number, unit: string): string => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (s < 60) return plural(s, 'second');
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const restMinutes = minutes % 60;
  if (hours < 24) return restMinutes ? `${plural(hours, 'hour')} ${plural(restMinutes, 'minute')}` : plural(hours, 'hour');
  const days = Math.floor(hours / 24);
  const restHours = hours % 24;
  return restHours ? `${plural(days, 'day')} ${plural(restHours, 'hour')}` : plural(days, 'day');
}

const MESSAGES: Readonly<Record<string, string>> = {
  PHONE_NUMBER_INVALID: 'That phone number is not valid. Enter it in international format, e.g. +44 7700 900123.',
  PHONE_NUMBER_BANNED: 'Telegram has banned this phone number.',
  PHONE_NUMBER_FLOOD: 'Too many login attempts for this number. Try again later.',
  PHONE_NUMBER_UNOCCUPIED: 'No Telegram account uses this number. Create the account in a Telegram app first, then log in here.',
  PHONE_NUMBER_SIGNUP_REQUIRED: 'No Telegram account uses this number. Create the account in a Telegram app first, then log in here.',
  PHONE_CODE_EMPTY: 'Enter the code Telegram sent you.',
  PHONE_CODE_INVALID: 'That code is not right. Check the code Telegram sent you and try again.',
  PHONE_CODE_EXPIRED: 'That code has expired. Request a new code.',
  PHONE_CODE_HASH_EMPTY: 'The login was interrupted. Enter your phone number again.',
  PHONE_PASSWORD_FLOOD: 'Too many password attempts. Try again later.',
  PASSWORD_HASH_INVALID: 'That password is not right. Try again.',
  PASSWORD_EMPTY: 'Enter your two-step verification password.',
  SRP_ID_INVALID: 'The password check took too long. Enter the password again.',
  SRP_PASSWORD_CHANGED: 'The password was changed meanwhile. Enter the new password.',
  API_ID_INVALID: 'Telegram did not accept the API ID and hash. Check them on my.telegram.org.',
  API_ID_PUBLISHED_FLOOD: 'Telegram refuses this API ID because it was published. Create your own on my.telegram.org.',
  AUTH_TOKEN_EXPIRED: 'The QR code expired. A new one is on its way.',
  AUTH_TOKEN_INVALID: 'The QR code is no longer valid. Start the QR login again.',
  AUTH_RESTART: 'Telegram asked to restart the login. Start again.',
  SESSION_PASSWORD_NEEDED: 'This account has two-step verification. Enter its password.',
  NETWORK: 'Cannot reach Telegram. Check the internet connection and try again.',
};

/** Turns any failure during login into something to show. Unknown Telegram errors keep their name. */
export function describeLoginError(error: unknown, now: number): LoginProblem {
  const c = classifyError(error);
  if (c.kind === 'flood') {
    return {
      code: 'FLOOD_WAIT',
      message: `Too many attempts. Try again in ${formatWait(c.seconds)}.`,
      retryAt: now + c.seconds * 1000,
    };
  }
  if (c.kind === 'revoked') return { code: c.errorMessage, message: 'Telegram ended this login attempt. Start again.' };
  if (c.kind === 'transient' || (error as { code?: unknown } | null)?.code === 'NETWORK') return { code: 'NETWORK', message: MESSAGES['NETWORK']! };
  if (c.kind === 'rpc') {
    const known = MESSAGES[c.errorMessage];
    return { code: c.errorMessage, message: known ?? `Telegram refused the login (${c.errorMessage}). Try again.` };
  }
  return { code: 'LOGIN_FAILED', message: 'The login failed unexpectedly. Details are in the log.' };
}

/** A problem for a known code (used for checks done before asking Telegram). */
export function loginProblem(code: keyof typeof MESSAGES | string, message?: string): LoginProblem {
  return { code, message: message ?? MESSAGES[code] ?? code };
}
