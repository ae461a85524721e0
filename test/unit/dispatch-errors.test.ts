import { describe, expect, it } from 'vitest';
import { UserFacingError } from '../../main/core/api/app-error.js';
import { createDispatcher, fitMessage } from '../../main/core/api/dispatch.js';
import type { Logger } from '../../main/core/log.js';
import { AppError, type Handlers } from '../../preload/contract.js';

const silent: Logger = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };

function dispatcherThrowing(error: Error) {
  const handlers = {
    'app.info': async () => {
      throw error;
    },
  } as unknown as Handlers;
  return createDispatcher(handlers, silent);
}

describe('errors crossing IPC', () => {
  it('fit the contract’s limit after their prefixes, on one line without control characters', async () => {
    const message = `Telegram said: \u001b[31mred\u001b[0m\r\nnext line\u0007 ${'x'.repeat(5000)}`;
    const result = await dispatcherThrowing(new UserFacingError('SOME_CODE', message))('app.info', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(AppError.safeParse(result.error).success).toBe(true);
    expect(result.error.message).toHaveLength(2000);
    expect(result.error.message).toMatch(/^Telegram said: \[31mred \[0m next line x+…$/);
    expect(result.error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/); // eslint-disable-line no-control-regex
  });

  it('cut a long input complaint including its "Invalid input for …" prefix', async () => {
    const result = await createDispatcher({} as Handlers, silent)('accounts.list', { ['k'.repeat(5000)]: 1 });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^Invalid input for accounts\.list: .*kkk…$/) } });
    if (!result.ok) expect(AppError.safeParse(result.error).success).toBe(true);
  });

  it('keep an over-long code within its limit too', async () => {
    const result = await dispatcherThrowing(new UserFacingError(`CODE_${'Y'.repeat(100)}`, 'short'))('app.info', {});
    if (!result.ok) expect(AppError.safeParse(result.error).success).toBe(true);
  });

  it('never split a character made of two UTF-16 units', () => {
    const cut = fitMessage(`${'a'.repeat(8)}😀😀`, 10);
    expect(cut).toBe(`${'a'.repeat(8)}…`);
    expect(fitMessage('short\tand\nclean', 100)).toBe('short and clean');
  });
});
