import { useEffect, useState } from 'react';
import type { PersonSummary } from '../../../../preload/contract/gallery';
import { useApi } from '../../api/api-context';

/**
 * Counts, avatar and status of these people, refreshed when the archive's photos
 * change (a run's progress, a purge). Missing entries mean "not loaded yet".
 */
export function usePersonSummaries(userIds: readonly number[]): ReadonlyMap<number, PersonSummary> {
  const api = useApi();
  const key = userIds.join(',');
  const [summaries, setSummaries] = useState<ReadonlyMap<number, PersonSummary>>(new Map());
  const [version, setVersion] = useState(0);

  useEffect(() => {
    if (!key) return undefined;
    let current = true;
    void api.settle('people.summaries', { userIds: key.split(',').map(Number) }).then((outcome) => {
      if (current && outcome.ok) setSummaries(new Map(outcome.value.items.map((s) => [s.userId, s])));
    });
    return () => {
      current = false;
    };
  }, [api, key, version]);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Thumbnails and files land many times a second during a run: refresh at most every 2 s.
    const later = () => {
      timer ??= setTimeout(() => {
        timer = null;
        setVersion((v) => v + 1);
      }, 2000);
    };
    const offGallery = api.on('gallery.updated', later);
    const offChanged = api.on('archive.changed', ({ scope }) => scope === 'photos' && later());
    return () => {
      offGallery();
      offChanged();
      if (timer) clearTimeout(timer);
    };
  }, [api]);
  return summaries;
}
