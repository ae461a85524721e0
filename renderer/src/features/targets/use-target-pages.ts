import { useCallback, useState } from 'react';
import type { AppError, RequestOutput } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';
import { useRequest, type RequestState } from '../../api/use-request';

type TargetsPage = RequestOutput<'targets.list'>;
export type TargetsView = Omit<TargetsPage, 'next'> & { readonly hasMore: boolean };

export const PAGE_SIZE = 100;
const FIRST_PAGE = { limit: PAGE_SIZE };
const SCOPES = ['targets'] as const;

interface MorePages {
  /** The first page these follow; a refetch of the first page drops them. */
  readonly base: TargetsPage;
  readonly pages: readonly TargetsPage[];
}

export interface TargetPages {
  readonly state: RequestState<TargetsView>;
  readonly reload: () => void;
  readonly loadMore: () => void;
  readonly loadingMore: boolean;
  readonly moreError: AppError | null;
}

/**
 * The people being archived, newest first, a page at a time by keyset cursor.
 * When the archive reports a change to targets the list starts over from the first page.
 */
export function useTargetPages(): TargetPages {
  const api = useApi();
  const first = useRequest('targets.list', FIRST_PAGE, SCOPES);
  const [more, setMore] = useState<MorePages | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<AppError | null>(null);

  const base = first.state.status === 'ready' ? first.state.data : null;
  const pages = base ? [base, ...(more?.base === base ? more.pages : [])] : [];
  const cursor = pages.at(-1)?.next ?? null;

  const loadMore = useCallback(() => {
    if (!base || !cursor || loadingMore) return;
    setLoadingMore(true);
    setMoreError(null);
    const already = more?.base === base ? more.pages : [];
    void api.settle('targets.list', { limit: PAGE_SIZE, after: cursor }).then((outcome) => {
      setLoadingMore(false);
      if (outcome.ok) setMore({ base, pages: [...already, outcome.value] });
      else setMoreError(outcome.error);
    });
  }, [api, base, cursor, loadingMore, more]);

  let state: RequestState<TargetsView>;
  if (first.state.status !== 'ready') state = first.state;
  else {
    const last = pages.at(-1)!;
    state = {
      status: 'ready',
      refreshing: first.state.refreshing,
      data: { items: pages.flatMap((p) => p.items), total: last.total, hasMore: last.next !== null },
    };
  }
  return { state, reload: first.reload, loadMore, loadingMore, moreError };
}
