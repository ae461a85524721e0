import { useEffect, useState } from 'react';
import type { ExportPreview, ExportSettings } from '../../../../preload/contract/export';
import { useApi } from '../../api/api-context';

const PREVIEW_COUNT = 8;
/** Typing pauses this long before the preview asks main again. */
const DEBOUNCE_MS = 200;

/** The first names the settings give on this archive, refreshed as they change. */
export function useTemplatePreview(settings: ExportSettings): ExportPreview | null {
  const api = useApi();
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const key = JSON.stringify(settings);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      void api.settle('export.preview', { settings: JSON.parse(key) as ExportSettings, limit: PREVIEW_COUNT }).then((outcome) => {
        if (!current) return;
        setPreview(outcome.ok ? outcome.value : { ok: false, message: outcome.error.message });
      });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key]);
  return preview;
}
