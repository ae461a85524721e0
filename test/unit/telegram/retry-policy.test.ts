import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, MAX_SENDS_PER_REQUEST, nextRetry } from '../../../main/core/telegram/retry-policy.js';

describe('retry policy', () => {
  it('one budget per request: a pause after each of the first failures, none after the last', () => {
    const delays: number[] = [];
    for (let failures = 1; ; failures++) {
      const d = nextRetry(DEFAULT_RETRY_POLICY, failures, () => 0.5);
      if (d === null) break;
      delays.push(d);
    }
    expect(delays).toHaveLength(DEFAULT_RETRY_POLICY.attempts - 1);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(MAX_SENDS_PER_REQUEST).toBe(DEFAULT_RETRY_POLICY.attempts * 2);
  });
});
