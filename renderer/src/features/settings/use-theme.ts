import { useEffect } from 'react';
import { useApi } from '../../api/api-context';

/** Applies the theme chosen in Settings to the whole window (theme.css reads data-theme), and follows its changes. */
export function useTheme(): void {
  const api = useApi();
  useEffect(() => {
    let current = true;
    const apply = () =>
      void api.settle('settings.get', {}).then((outcome) => {
        if (!current || !outcome.ok) return;
        const theme = outcome.value.theme;
        if (theme === 'system') delete document.documentElement.dataset['theme'];
        else document.documentElement.dataset['theme'] = theme;
      });
    apply();
    const stop = api.on('archive.changed', ({ scope }) => {
      if (scope === 'settings') apply();
    });
    return () => {
      current = false;
      stop();
    };
  }, [api]);
}
