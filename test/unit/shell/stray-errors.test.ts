import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../main/core/log.js';
import { catchStrayErrors } from '../../../main/electron/stray-errors.js';

describe('an error nobody caught in the main process', () => {
  it('is logged instead of ending the process, until the shell stops catching', () => {
    const logged: unknown[][] = [];
    const log: Logger = { error: (...args: unknown[]) => void logged.push(args), warn: () => undefined, info: () => undefined, debug: () => undefined };
    const fakeProcess = new EventEmitter();
    const stop = catchStrayErrors(log, fakeProcess);
    const boom = new Error('engine exploded');
    fakeProcess.emit('uncaughtException', boom);
    fakeProcess.emit('unhandledRejection', new Error('late rejection'));
    expect(logged).toEqual([
      ['uncaught error in the main process', boom],
      ['uncaught error in the main process', expect.objectContaining({ message: 'late rejection' })],
    ]);
    stop();
    expect(fakeProcess.listenerCount('uncaughtException') + fakeProcess.listenerCount('unhandledRejection')).toBe(0);
  });
});
