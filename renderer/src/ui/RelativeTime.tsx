import { formatFullDate, formatRelative } from './format-date';
import { useNow } from './clock';

/** A date shown relative to now, with the exact date and time on hover and for assistive tech. */
export function RelativeTime({ ms, prefix }: { readonly ms: number; readonly prefix?: string }) {
  const now = useNow();
  const exact = formatFullDate(ms);
  return (
    <time dateTime={new Date(ms).toISOString()} title={exact}>
      {prefix ? `${prefix} ` : ''}
      {formatRelative(ms, now)}
    </time>
  );
}
