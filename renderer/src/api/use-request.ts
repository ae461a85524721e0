import { useCallback, useEffect, useState } from 'react';
import type { AppError, EventPayload, RequestInput, RequestName, RequestOutput } from '../../../preload/contract';
import { useApi } from './api-context';
import type { Outcome } from './client';

export type ChangeScope = EventPayload<'archive.changed'>['scope'];

export type RequestState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: AppError }
  | { readonly status: 'ready'; readonly data: T; readonly refreshing: boolean };

export interface RequestHandle<T> {
  readonly state: RequestState<T>;
  /** Fetches again; keeps showing the current data meanwhile. */
  readonly reload: () => void;
}

interface Settled<T> {
  readonly key: string;
  readonly version: number;
  readonly outcome: Outcome<T>;
}

/**
 * Runs one request and keeps its outcome as state. Refetches when the input
 * changes, when reload() is called, and whenever main reports `archive.changed`
 * for one of `scopes`. A late answer to an older fetch is dropped.
 */
export function useRequest<N extends RequestName>(
  name: N,
  input: RequestInput<N>,
  scopes: readonly ChangeScope[],
): RequestHandle<RequestOutput<N>> {
  const api = useApi();
  const key = JSON.stringify(input);
  const scopeList = scopes.join(',');
  const [version, setVersion] = useState(0);
  const [settled, setSettled] = useState<Settled<RequestOutput<N>> | null>(null);

  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    let current = true;
    void api.settle(name, JSON.parse(key) as RequestInput<N>).then((outcome) => {
      if (current) setSettled({ key, version, outcome });
    });
    return () => {
      current = false;
    };
  }, [api, name, key, version]);

  useEffect(() => {
    if (!scopeList) return undefined;
    const watched = new Set(scopeList.split(','));
    return api.on('archive.changed', ({ scope }) => {
      if (watched.has(scope)) reload();
    });
  }, [api, scopeList, reload]);

  return { state: toState(settled, key, version), reload };
}

function toState<T>(settled: Settled<T> | null, key: string, version: number): RequestState<T> {
  if (!settled || settled.key !== key) return { status: 'loading' };
  const fresh = settled.version === version;
  if (settled.outcome.ok) return { status: 'ready', data: settled.outcome.value, refreshing: !fresh };
  // While a retry is under way, show loading rather than the old error.
  return fresh ? { status: 'error', error: settled.outcome.error } : { status: 'loading' };
}
