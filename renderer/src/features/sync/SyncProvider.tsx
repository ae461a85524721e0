import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AppError } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';
import { useRequest } from '../../api/use-request';
import { SyncContext, type SyncAction, type SyncHandle, type SyncProgress, type SyncStatus } from './sync-context';

const NO_INPUT = {};
const TOTALS_REFRESH_MS = 2000;
/**
 * Totals count targets, so a change of targets refetches. The end of a run is
 * seen on sync.progress (its last event has a final state), which refetches too.
 */
const SCOPES = ['targets'] as const;

const isActive = (p: SyncProgress | null | undefined): p is SyncProgress => p != null && (p.state === 'running' || p.state === 'paused');

/** Which run is under way: the newest of the live events and the status main reported. */
function currentRun(live: SyncProgress | null, status: SyncStatus | null): SyncProgress | null {
  const reported = status?.current ?? null;
  const newest = live && (!reported || live.runId >= reported.runId) ? live : reported;
  if (!isActive(newest)) return null;
  // A run the archive already recorded as over (its last event missed): not under way.
  const last = status?.lastRun;
  if (last && last.id >= newest.runId && last.status !== 'running') return null;
  return newest;
}

export function SyncProvider({ children }: { readonly children: ReactNode }) {
  const api = useApi();
  const { state: status, reload } = useRequest('sync.status', NO_INPUT, SCOPES);
  const [live, setLive] = useState<SyncProgress | null>(null);
  const [pending, setPending] = useState<SyncAction | null>(null);
  const [actionError, setActionError] = useState<AppError | null>(null);
  const busy = useRef(false);
  const lastLive = useRef<SyncProgress | null>(null);

  useEffect(
    () =>
      api.on('sync.progress', (progress) => {
        const previous = lastLive.current;
        lastLive.current = progress;
        setLive(progress);
        // A run that started or ended: the last run and the totals changed.
        if (previous?.runId !== progress.runId || (isActive(previous) && !isActive(progress))) reload();
      }),
    [api, reload],
  );

  const act = useCallback(
    async (action: SyncAction, work: () => Promise<{ ok: true } | { ok: false; error: AppError }>): Promise<boolean> => {
      if (busy.current) return false;
      busy.current = true;
      setPending(action);
      setActionError(null);
      const outcome = await work();
      busy.current = false;
      setPending(null);
      if (!outcome.ok) setActionError(outcome.error);
      reload();
      return outcome.ok;
    },
    [reload],
  );

  const start = useCallback(
    (userIds?: readonly number[]) => act('start', () => api.settle('sync.start', userIds ? { userIds: [...userIds] } : {})),
    [act, api],
  );
  const pause = useCallback(() => void act('pause', () => api.settle('sync.pause', {})), [act, api]);
  const resume = useCallback(() => void act('resume', () => api.settle('sync.resume', {})), [act, api]);
  const cancel = useCallback(() => void act('cancel', () => api.settle('sync.cancel', {})), [act, api]);

  const data = status.status === 'ready' ? status.data : null;
  const run = currentRun(live, data);
  const running = run !== null;

  // While a run lasts, the totals grow: refetch them now and then (progress events carry only the run's counts).
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(reload, TOTALS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [running, reload]);
  const value = useMemo<SyncHandle>(
    () => ({ status, reload, run, pending, actionError, start, pause, resume, cancel }),
    [status, reload, run, pending, actionError, start, pause, resume, cancel],
  );
  return <SyncContext.Provider value={value}>{children}</SyncContext.Provider>;
}
