import { useEffect, useMemo, useState } from 'react';
import type { EventPayload } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';
import { useRequest } from '../../api/use-request';

export type AccountConnection = EventPayload<'accounts.connection'>;

const NO_INPUT = {};
const SCOPES = ['accounts'] as const;

/**
 * Each account's connection (online, connecting, waiting out a flood wait…):
 * accounts.connections once, then every `accounts.connection` event. Main sends
 * an event on every change, so an event always wins over the fetched list.
 * Failing to load it is not an error worth a banner: the list just shows less.
 */
export function useConnections(): ReadonlyMap<number, AccountConnection> {
  const api = useApi();
  const { state } = useRequest('accounts.connections', NO_INPUT, SCOPES);
  const [live, setLive] = useState<ReadonlyMap<number, AccountConnection>>(new Map());

  useEffect(
    () =>
      api.on('accounts.connection', (connection) => {
        setLive((current) => new Map(current).set(connection.accountId, connection));
      }),
    [api],
  );

  const fetched = state.status === 'ready' ? state.data : null;
  return useMemo(() => {
    const all = new Map<number, AccountConnection>();
    for (const c of fetched ?? []) all.set(c.accountId, c);
    for (const [id, c] of live) all.set(id, c);
    return all;
  }, [fetched, live]);
}
