import { describe, expect, it } from 'vitest';
import { parseTargetQuery } from '../../../main/core/sync/target-query.js';

describe('target query parsing', () => {
  it.each([
    ['@alice_a', 'alice_a'],
    ['alice_a', 'alice_a'],
    ['https://t.me/alice_a', 'alice_a'],
    ['http://t.me/alice_a/', 'alice_a'],
    ['t.me/alice_a', 'alice_a'],
    ['https://telegram.me/Alice_A?start=1', 'Alice_A'],
    ['tg://resolve?domain=alice_a', 'alice_a'],
    ['  @alice_a  ', 'alice_a'],
  ])('%s names the username %s', (query, username) => {
    expect(parseTargetQuery(query)).toEqual({ kind: 'username', username });
  });

  it.each([
    ['+1 555 000 5001', '15550005001'],
    ['+15550005001', '15550005001'],
    ['t.me/+15550005001', '15550005001'],
    ['tg://resolve?phone=15550005001', '15550005001'],
  ])('%s is the phone %s', (query, phone) => {
    expect(parseTargetQuery(query)).toEqual({ kind: 'phone', phone });
  });

  it.each(['8006', '300004', '15550005001'])('bare digits %s are an id or a phone, decided by the lookup', (query) => {
    expect(parseTargetQuery(query)).toEqual({ kind: 'number', digits: query });
  });

  it('follows the 5-32 rule its message states', () => {
    expect(parseTargetQuery('abcd')).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/5-32/) });
    expect(parseTargetQuery('abcde')).toEqual({ kind: 'username', username: 'abcde' });
    expect(parseTargetQuery(`a${'b'.repeat(31)}`).kind).toBe('username');
    expect(parseTargetQuery(`a${'b'.repeat(32)}`).kind).toBe('invalid');
  });

  it('refuses very long input with its length, before any lookup', () => {
    expect(parseTargetQuery('x'.repeat(5000))).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/5000 characters/) });
  });

  it.each(['', '@', '@a', '1abc_def', 'bad-name', 'https://t.me/joinchat/AAAA', 't.me/+AbCdEf', 'tg://resolve?x=1', 'trailing_', 'https://t.me/'])(
    '%s is rejected with a reason',
    (query) => {
      const parsed = parseTargetQuery(query);
      expect(parsed.kind).toBe('invalid');
    },
  );
});
