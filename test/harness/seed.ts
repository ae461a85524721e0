import type { Host } from '../../main/host.js';

const DAY = 24 * 3600_000;

/** Demo rows written through the core's repositories, then announced as a sync would. */
export function seedDemo(host: Host, now = Date.now()): void {
  const { accounts, targets } = host.repos;
  accounts.upsert({ id: 100001, phone: '15550001111', firstName: 'Ada', lastName: 'Lovelace', username: 'ada', dcId: 2 }, now - 30 * DAY);
  accounts.upsert({ id: 100002, phone: '4915112345678', firstName: 'Work', lastName: '', username: null, dcId: 4, status: 'needs_login' }, now - 3 * DAY);
  const people: [number, string, string, string | null, number][] = [
    [200001, 'Grace', 'Hopper', 'grace', 20 * DAY],
    [200002, 'Alan', 'Turing', 'alan_t', 6 * DAY],
    [200003, 'Katherine', 'Johnson', null, 2 * 3600_000],
  ];
  for (const [userId, firstName, lastName, username, ago] of people) {
    targets.upsert({ userId, accountId: 100001, accessHash: '1234567890', firstName, lastName, username }, now - ago);
  }
  targets.setPaused(200002, true);
  host.events.emit('archive.changed', { scope: 'accounts' });
  host.events.emit('archive.changed', { scope: 'targets' });
}
