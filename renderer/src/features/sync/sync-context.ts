import { createContext, useContext } from 'react';
import type { AppError, EventPayload, RequestOutput } from '../../../../preload/contract';
import type { RequestState } from '../../api/use-request';

export type SyncProgress = EventPayload<'sync.progress'>;
export type SyncStatus = RequestOutput<'sync.status'>;
export type RunSummary = NonNullable<SyncStatus['lastRun']>;

export type SyncAction = 'start' | 'pause' | 'resume' | 'cancel';

export interface SyncHandle {
  /** sync.status: the last run and the archive's totals. */
  readonly status: RequestState<SyncStatus>;
  readonly reload: () => void;
  /** The run under way (running or paused), live from sync.progress; null when none. */
  readonly run: SyncProgress | null;
  /** The request in flight, if any. */
  readonly pending: SyncAction | null;
  /** The last action main refused (SYNC_BUSY, not logged in…), until the next one. */
  readonly actionError: AppError | null;
  /** Starts a run (of everyone not paused, or of `userIds`); resolves true once it started. */
  start(userIds?: readonly number[]): Promise<boolean>;
  pause(): void;
  resume(): void;
  cancel(): void;
}

export const SyncContext = createContext<SyncHandle | null>(null);

/** The archiver's state, shared by the sidebar and the Archive view (one subscription for the app). */
export function useSync(): SyncHandle {
  const handle = useContext(SyncContext);
  if (!handle) throw new Error('useSync() needs a <SyncProvider> above it.');
  return handle;
}
