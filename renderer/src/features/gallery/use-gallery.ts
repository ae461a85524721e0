import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../../../preload/contract';
import type { GalleryCursor, GalleryFilter, GalleryPhoto } from '../../../../preload/contract/gallery';
import { GALLERY_PAGE_SIZE } from '../../../../preload/contract/page-size';
import { useApi } from '../../api/api-context';
// Live additions only land inside the loaded range (mergePhotos), so a next page never repeats one.
import { mergePhotos } from './merge-photos';


export type GalleryState =
  | { readonly status: 'loading' }
  | { readonly status: 'error'; readonly error: AppError }
  | { readonly status: 'ready'; readonly photos: readonly GalleryPhoto[]; readonly complete: boolean };

export interface Gallery {
  readonly state: GalleryState;
  /** Fetches the next page if there is one and none is on its way. */
  readonly loadMore: () => void;
  readonly moreError: AppError | null;
  readonly reload: () => void;
}

/** What a query produced, tagged with the query it answers (a stale answer shows as loading). */
type Loaded =
  | { readonly query: string; readonly error: AppError }
  | { readonly query: string; readonly photos: readonly GalleryPhoto[]; readonly next: GalleryCursor | null; readonly moreError: AppError | null };

const matches = (filter: GalleryFilter, userId: number | undefined) => (p: GalleryPhoto) =>
  (userId === undefined || p.userId === userId) &&
  (filter.media === 'all' || p.hasVideo === (filter.media === 'video')) &&
  (filter.kind === 'all' || p.kind === filter.kind) &&
  (!filter.removedOnly || p.removedAt !== null);

function fromQuery(query: string): { userId: number | undefined; filter: GalleryFilter } {
  const [userId, media, kind, removedOnly] = JSON.parse(query) as [number | null, GalleryFilter['media'], GalleryFilter['kind'], boolean];
  return { userId: userId ?? undefined, filter: { media, kind, removedOnly } };
}

/**
 * A gallery's photos (everyone's, or one person's), newest first, a keyset page at a
 * time; photos announced by `gallery.updated` are merged by id, so a gallery open while
 * a run archives grows without reloading what it has.
 */
export function useGallery(userId: number | undefined, filter: GalleryFilter): Gallery {
  const api = useApi();
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const loadingMore = useRef(false);
  // One string for the query, so effects depend on its value rather than on object identity.
  const query = JSON.stringify([userId ?? null, filter.media, filter.kind, filter.removedOnly, version]);

  useEffect(() => {
    let current = true;
    loadingMore.current = false;
    void api.settle('gallery.page', { ...fromQuery(query), limit: GALLERY_PAGE_SIZE }).then((outcome) => {
      if (!current) return;
      setLoaded(outcome.ok ? { query, photos: outcome.value.items, next: outcome.value.next, moreError: null } : { query, error: outcome.error });
    });
    return () => {
      current = false;
    };
  }, [api, query]);

  useEffect(() => {
    const { userId: user, filter: wanted } = fromQuery(query);
    const accepts = matches(wanted, user);
    return api.on('gallery.updated', ({ photos }) => {
      setLoaded((current) =>
        current && current.query === query && 'photos' in current ? { ...current, photos: mergePhotos(current.photos, photos, current.next === null, accepts) } : current,
      );
    });
  }, [api, query]);

  const fresh = loaded?.query === query ? loaded : null;
  const after = fresh && 'photos' in fresh ? fresh.next : null;
  const loadMore = useCallback(() => {
    if (!after || loadingMore.current) return;
    loadingMore.current = true;
    void api.settle('gallery.page', { ...fromQuery(query), limit: GALLERY_PAGE_SIZE, after }).then((outcome) => {
      loadingMore.current = false;
      setLoaded((current) => {
        if (!current || current.query !== query || !('photos' in current) || current.next !== after) return current;
        if (!outcome.ok) return { ...current, moreError: outcome.error };
        return { query, photos: [...current.photos, ...outcome.value.items], next: outcome.value.next, moreError: null };
      });
    });
  }, [api, query, after]);

  let state: GalleryState;
  if (!fresh) state = { status: 'loading' };
  else if ('error' in fresh) state = { status: 'error', error: fresh.error };
  else state = { status: 'ready', photos: fresh.photos, complete: fresh.next === null };
  return {
    state,
    loadMore,
    moreError: fresh && 'photos' in fresh ? fresh.moreError : null,
    reload: useCallback(() => setVersion((v) => v + 1), []),
  };
}
