import { afterEach, expect } from 'vitest';
import { remoteAttempts } from './loopback-guard.js';

afterEach(() => {
  const attempts = remoteAttempts.splice(0);
  expect(attempts, 'the test opened connections to non-loopback addresses').toEqual([]);
});
