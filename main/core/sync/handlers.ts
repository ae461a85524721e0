import type { Handlers } from '../../../preload/contract.js';
import { UserFacingError } from '../api/app-error.js';
import { toUserFacing } from '../api/handlers/telegram-errors.js';
import type { TargetRow } from '../archive/targets-repo.js';
import { SyncBusyError } from './run-lock.js';
import type { SyncService } from './sync-service.js';
import type { TargetsService } from './targets-service.js';
import type { VerifyReport } from '../../../preload/contract/verify.js';

type SyncHandlerNames =
  | 'targets.add'
  | 'targets.remove'
  | 'targets.setPaused'
  | 'targets.candidates'
  | 'sync.start'
  | 'sync.pause'
  | 'sync.resume'
  | 'sync.cancel'
  | 'sync.status'
  | 'archive.verify';

const publicTarget = ({ accessHash: _hash, scheduleMinutes: _schedule, ...target }: TargetRow) => target;

async function userFacing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SyncBusyError) throw new UserFacingError(error.code, error.message);
    throw toUserFacing(error);
  }
}

/** The contract's target and sync requests over the services. */
export function syncHandlers(sync: SyncService, targets: TargetsService, verify: (options: { heal: boolean }) => Promise<VerifyReport>): Pick<Handlers, SyncHandlerNames> {
  return {
    'targets.add': (input) =>
      userFacing(async () => {
        const row = await targets.add(input);
        return { ...publicTarget(row), usernameLookupsLeft: targets.usernameLookupsLeft(row.accountId ?? undefined) };
      }),
    'targets.remove': ({ userId, purge }) => userFacing(() => targets.remove(userId, purge)),
    'targets.setPaused': async ({ userId, paused }) => ({ changed: targets.setPaused(userId, paused) }),
    'targets.candidates': ({ source, accountId }) => userFacing(async () => ({ items: await targets.candidates(source, accountId) })),
    'sync.start': (input) =>
      userFacing(async () => {
        const started = await sync.start({ ...(input.userIds ? { userIds: input.userIds } : {}), ...(input.deep ? { deep: true } : {}) });
        return { runId: started.runId };
      }),
    'sync.pause': async () => ({ paused: sync.pause() }),
    'sync.resume': async () => ({ resumed: sync.resume() }),
    'sync.cancel': async () => ({ cancelled: sync.cancel() }),
    'sync.status': async () => sync.status(),
    'archive.verify': ({ heal }) => userFacing(() => verify({ heal })),
  };
}
