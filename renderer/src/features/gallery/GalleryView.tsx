import { useCallback, useMemo, useState } from 'react';
import type { GalleryFilter } from '../../../../preload/contract/gallery';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { personName } from '../../ui/person-name';
import { useAccounts } from '../accounts/use-accounts';
import { GalleryFilters } from './GalleryFilters';
import type { Grouping, IdentityChange } from './grid-rows';
import { PhotoGrid } from './PhotoGrid';
import { useGallery } from './use-gallery';
import { Viewer } from './Viewer';

interface Props {
  /** One person's photos; everyone's when omitted. */
  readonly userId?: number;
  readonly grouping: Grouping;
  readonly changes?: readonly IdentityChange[];
  readonly filter: GalleryFilter;
  readonly onFilter: (filter: GalleryFilter) => void;
  readonly label: string;
  readonly emptyText: string;
}

/** Filters, the virtualized grid and the viewer over one gallery query, with its loading, empty and error states. */
export function GalleryView({ userId, grouping, changes, filter, onFilter, label, emptyText }: Props) {
  const gallery = useGallery(userId, filter);
  const [open, setOpen] = useState<number | null>(null);
  const accounts = useAccounts();
  const accountName = useMemo(() => {
    const list = accounts.state.status === 'ready' ? accounts.state.data : [];
    return (id: number) => {
      const account = list.find((a) => a.id === id);
      return account ? personName(account.firstName, account.lastName, account.username ? `@${account.username}` : `Account ${id}`) : `Account ${id}`;
    };
  }, [accounts.state]);
  const { state, loadMore } = gallery;
  const photos = state.status === 'ready' ? state.photos : null;
  const onIndex = useCallback(
    (next: number) => {
      setOpen(next);
      if (photos && next >= photos.length - 3) loadMore();
    },
    [photos, loadMore],
  );
  const filtered = filter.media !== 'all' || filter.kind !== 'all' || filter.removedOnly;

  return (
    <div className="gallery-view">
      <GalleryFilters filter={filter} onChange={onFilter} />
      {state.status === 'loading' && <LoadingState label="Loading photos…" rows={3} />}
      {state.status === 'error' && <ErrorState title="Couldn't load the photos." error={state.error} onRetry={gallery.reload} />}
      {photos && photos.length === 0 && (
        <EmptyState title={filtered ? 'No photos match these filters' : 'No photos yet'} action={filtered ? <Button onClick={() => onFilter({ media: 'all', kind: 'all', removedOnly: false })}>Show all photos</Button> : undefined}>
          {filtered ? 'Try another filter.' : emptyText}
        </EmptyState>
      )}
      {photos && photos.length > 0 && (
        <PhotoGrid
          photos={photos}
          grouping={grouping}
          changes={changes}
          hasMore={state.status === 'ready' && !state.complete}
          onNeedMore={loadMore}
          onOpen={setOpen}
          label={label}
        />
      )}
      {gallery.moreError && (
        <p className="inline-error" role="alert">
          {gallery.moreError.message}
        </p>
      )}
      {photos && open !== null && open < photos.length && <Viewer photos={photos} index={open} onIndex={onIndex} onClose={() => setOpen(null)} accountName={accountName} />}
    </div>
  );
}
