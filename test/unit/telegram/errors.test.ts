import { describe, expect, it } from 'vitest';
import { classifyError, telegramErrorName } from '../../../main/core/telegram/errors.js';
import { describeLoginError, formatWait } from '../../../main/core/telegram/login/messages.js';

/** Shaped like GramJS's RPCError / FloodWaitError. */
const rpc = (code: number, errorMessage: string, extra: object = {}): Error => Object.assign(new Error(`${code}: ${errorMessage}`), { code, errorMessage, ...extra });

describe('classifyError', () => {
  it('flood waits, as GramJS FloodWaitError or a raw message', () => {
    expect(classifyError(rpc(420, 'FLOOD', { seconds: 30 }))).toEqual({ kind: 'flood', seconds: 30 });
    expect(classifyError(rpc(420, 'FLOOD_PREMIUM_WAIT_7'))).toEqual({ kind: 'flood', seconds: 7 });
  });

  it('ended sessions, but not the 2FA step', () => {
    for (const name of ['AUTH_KEY_UNREGISTERED', 'SESSION_REVOKED', 'USER_DEACTIVATED', 'SESSION_EXPIRED']) {
      expect(classifyError(rpc(401, name)).kind, name).toBe('revoked');
    }
    expect(classifyError(rpc(401, 'SESSION_PASSWORD_NEEDED'))).toEqual({ kind: 'rpc', code: 401, errorMessage: 'SESSION_PASSWORD_NEEDED' });
  });

  it('transient failures: Telegram hiccups, timeouts, dropped connections', () => {
    expect(classifyError(rpc(-503, 'TIMEOUT')).kind).toBe('transient');
    expect(classifyError(rpc(500, 'RPC_CALL_FAIL')).kind).toBe('transient');
    expect(classifyError(rpc(400, 'INTERDC_3_CALL_ERROR')).kind).toBe('transient');
    expect(classifyError(rpc(500, 'SOMETHING_NEW')).kind).toBe('transient');
    expect(classifyError(new Error('Cannot send requests while disconnected. Please reconnect.')).kind).toBe('transient');
    expect(classifyError(new Error('Request was unsuccessful 5 time(s)')).kind).toBe('transient');
    expect(classifyError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })).kind).toBe('transient');
  });

  it('everything else', () => {
    expect(classifyError(rpc(400, 'FILE_REFERENCE_EXPIRED'))).toEqual({ kind: 'rpc', code: 400, errorMessage: 'FILE_REFERENCE_EXPIRED' });
    expect(classifyError(new TypeError('x is undefined'))).toEqual({ kind: 'other' });
    expect(classifyError('a string')).toEqual({ kind: 'other' });
    expect(telegramErrorName(rpc(400, 'USER_ID_INVALID'))).toBe('USER_ID_INVALID');
    expect(telegramErrorName(rpc(420, 'FLOOD', { seconds: 3 }))).toBe('FLOOD_WAIT_3');
  });
});

describe('login error messages', () => {
  const now = 1_000_000;
  it.each([
    ['PHONE_NUMBER_INVALID', /phone number is not valid/],
    ['PHONE_CODE_INVALID', /code is not right/],
    ['PHONE_CODE_EXPIRED', /code has expired/],
    ['PASSWORD_HASH_INVALID', /password is not right/],
    ['API_ID_INVALID', /my\.telegram\.org/],
  ])('%s reads as a sentence to show', (name, message) => {
    expect(describeLoginError(rpc(400, name), now)).toEqual({ code: name, message: expect.stringMatching(message) });
  });

  it('FLOOD_WAIT says how long, and when', () => {
    expect(describeLoginError(rpc(420, 'FLOOD', { seconds: 300 }), now)).toEqual({
      code: 'FLOOD_WAIT',
      message: 'Too many attempts. Try again in 5 minutes.',
      retryAt: now + 300_000,
    });
  });

  it('network trouble and unknown errors', () => {
    expect(describeLoginError(new Error('Cannot send requests while disconnected'), now).code).toBe('NETWORK');
    expect(describeLoginError(Object.assign(new Error('x'), { code: 'NETWORK' }), now).code).toBe('NETWORK');
    expect(describeLoginError(rpc(400, 'BRAND_NEW_ERROR'), now)).toEqual({ code: 'BRAND_NEW_ERROR', message: expect.stringContaining('BRAND_NEW_ERROR') });
    expect(describeLoginError(new TypeError('bug'), now).code).toBe('LOGIN_FAILED');
  });

  it('formats waits for people, rounding up', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(45)).toBe('45 seconds');
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(3600)).toBe('1 hour');
    expect(formatWait(3600 + 600)).toBe('1 hour 10 minutes');
    expect(formatWait(86_400 * 2 + 3600 * 3)).toBe('2 days 3 hours');
  });
});
