import type { Handlers } from '../../../../preload/contract.js';
import type { TargetsRepo } from '../../archive/targets-repo.js';

export function targetHandlers(targets: TargetsRepo): Pick<Handlers, 'targets.list'> {
  return {
    'targets.list': async ({ limit, after }) => {
      const rows = targets.page(limit, after);
      const last = rows.at(-1);
      return {
        items: rows.map(({ accessHash: _hash, scheduleMinutes: _schedule, ...target }) => target),
        total: targets.count(),
        next: rows.length === limit && last ? { addedAt: last.addedAt, userId: last.userId } : null,
      };
    },
  };
}
