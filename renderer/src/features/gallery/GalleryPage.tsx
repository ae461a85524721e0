import { useState } from 'react';
import { PageHeader } from '../../ui/PageHeader';
import { ALL_PHOTOS } from './GalleryFilters';
import { GalleryView } from './GalleryView';

/** Everyone's photos in one grid, newest first, by month. */
export function GalleryPage() {
  const [filter, setFilter] = useState(ALL_PHOTOS);
  return (
    <div className="gallery-page">
      <PageHeader title="Gallery" subtitle="Every archived photo of everyone, newest first." />
      <GalleryView grouping="month" filter={filter} onFilter={setFilter} label="All photos" emptyText="Photos appear here as they are archived." />
    </div>
  );
}
