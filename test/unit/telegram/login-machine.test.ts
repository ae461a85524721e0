import { describe, expect, it } from 'vitest';
import { IDLE, normalizeCode, normalizePhone, reduceLogin, type LoginAccount, type LoginState } from '../../../main/core/telegram/login/machine.js';
import { loginProblem } from '../../../main/core/telegram/login/messages.js';

const account: LoginAccount = { id: 1, phone: '+1555', firstName: 'A', lastName: '', username: null, dcId: 2, status: 'active', addedAt: 0 };
const atPhone = reduceLogin(IDLE, { type: 'start', method: 'phone' });
const atCode = reduceLogin(atPhone, { type: 'codeSent', phone: '+15550001000', codeLength: 5, delivery: 'app' });
const atQr = reduceLogin(IDLE, { type: 'start', method: 'qr' });

describe('login state machine', () => {
  it('phone → code → done', () => {
    expect(atPhone).toEqual({ step: 'phone', phone: null, error: null });
    expect(atCode).toEqual({ step: 'code', phone: '+15550001000', codeLength: 5, delivery: 'app', error: null });
    expect(reduceLogin(atCode, { type: 'authorized', account })).toEqual({ step: 'done', account });
  });

  it('code → password (2FA) → done', () => {
    const atPassword = reduceLogin(atCode, { type: 'passwordNeeded', hint: 'pet' });
    expect(atPassword).toEqual({ step: 'password', hint: 'pet', error: null });
    expect(reduceLogin(atPassword, { type: 'authorized', account }).step).toBe('done');
  });

  it('qr shows each new token, then logs in or asks for the password', () => {
    expect(atQr).toEqual({ step: 'qr', url: null, expiresAt: null, error: null });
    const shown = reduceLogin(atQr, { type: 'qrToken', url: 'tg://login?token=a', expiresAt: 10 });
    const refreshed = reduceLogin(shown, { type: 'qrToken', url: 'tg://login?token=b', expiresAt: 20 });
    expect(refreshed).toEqual({ step: 'qr', url: 'tg://login?token=b', expiresAt: 20, error: null });
    expect(reduceLogin(refreshed, { type: 'passwordNeeded', hint: null }).step).toBe('password');
    expect(reduceLogin(refreshed, { type: 'authorized', account }).step).toBe('done');
  });

  it('a recoverable problem stays on its step, and the next success clears it', () => {
    const wrong = reduceLogin(atCode, { type: 'problem', problem: loginProblem('PHONE_CODE_INVALID') });
    expect(wrong).toMatchObject({ step: 'code', phone: '+15550001000', error: { code: 'PHONE_CODE_INVALID' } });
    const flood = reduceLogin(wrong, { type: 'problem', problem: { code: 'FLOOD_WAIT', message: 'wait', retryAt: 5 } });
    expect(flood).toMatchObject({ step: 'code', error: { code: 'FLOOD_WAIT', retryAt: 5 } });
    const password = reduceLogin(atCode, { type: 'passwordNeeded', hint: null });
    const wrongPassword = reduceLogin(password, { type: 'problem', problem: loginProblem('PASSWORD_HASH_INVALID') });
    expect(wrongPassword).toMatchObject({ step: 'password', error: { code: 'PASSWORD_HASH_INVALID' } });
    expect(reduceLogin(wrongPassword, { type: 'passwordNeeded', hint: null })).toMatchObject({ error: null });
  });

  it('an expired code goes back to the phone step with the number kept', () => {
    expect(reduceLogin(atCode, { type: 'problem', problem: loginProblem('PHONE_CODE_EXPIRED') })).toMatchObject({
      step: 'phone',
      phone: '+15550001000',
      error: { code: 'PHONE_CODE_EXPIRED' },
    });
  });

  it('unrecoverable problems end in the error step; start begins anew', () => {
    const failed = reduceLogin(atPhone, { type: 'problem', problem: loginProblem('API_ID_INVALID') });
    expect(failed).toMatchObject({ step: 'error', error: { code: 'API_ID_INVALID' } });
    expect(reduceLogin(failed, { type: 'problem', problem: loginProblem('PHONE_CODE_INVALID') })).toBe(failed);
    expect(reduceLogin(failed, { type: 'start', method: 'phone' })).toEqual(atPhone);
  });

  it('cancel returns to idle from every step', () => {
    const states: LoginState[] = [atPhone, atCode, atQr, reduceLogin(atCode, { type: 'passwordNeeded', hint: null }), { step: 'done', account }];
    for (const state of states) expect(reduceLogin(state, { type: 'cancel' })).toEqual(IDLE);
  });

  it('ignores answers that arrive for another step', () => {
    expect(reduceLogin(IDLE, { type: 'codeSent', phone: '+1', codeLength: null, delivery: 'sms' })).toBe(IDLE);
    expect(reduceLogin(IDLE, { type: 'authorized', account })).toBe(IDLE);
    expect(reduceLogin(atPhone, { type: 'qrToken', url: 'x', expiresAt: 1 })).toBe(atPhone);
    expect(reduceLogin(atQr, { type: 'codeSent', phone: '+1', codeLength: null, delivery: 'sms' })).toBe(atQr);
    expect(reduceLogin(IDLE, { type: 'problem', problem: loginProblem('PHONE_CODE_INVALID') })).toBe(IDLE);
  });
});

describe('input normalisation', () => {
  it('phone numbers: formatting stripped, a leading + added, nonsense refused', () => {
    expect(normalizePhone('+44 7700-900 123')).toBe('+447700900123');
    expect(normalizePhone('1 (555) 000-1000')).toBe('+15550001000');
    expect(normalizePhone('call me')).toBeNull();
    expect(normalizePhone('+12')).toBeNull();
    expect(normalizePhone('+1234567890123456')).toBeNull();
  });

  it('codes: digits only, spaces and dashes tolerated', () => {
    expect(normalizeCode(' 12 345 ')).toBe('12345');
    expect(normalizeCode('12-345')).toBe('12345');
    expect(normalizeCode('12a45')).toBeNull();
    expect(normalizeCode('')).toBeNull();
  });
});
