import { useEffect, useState } from 'react';
import type { ExportProgress } from '../../../../preload/contract/export';
import { useApi } from '../../api/api-context';

/** The latest export.progress event, or null before any. */
export function useExportProgress(): ExportProgress | null {
  const api = useApi();
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  useEffect(() => api.on('export.progress', setProgress), [api]);
  return progress;
}
