import type { PersonSummary } from '../../../../preload/contract/gallery';
import { Badge } from '../../ui/Badge';
import { useSync } from '../sync/sync-context';

/** What is going on with a person: archiving now, waiting out a flood wait, hidden, deleted, an error. */
export function PersonStatus({ summary }: { readonly summary: PersonSummary }) {
  const sync = useSync();
  const run = sync.run;
  if (summary.status === 'deleted') return <Badge tone="neutral">Deleted account</Badge>;
  if (summary.status === 'inaccessible') return <Badge tone="warning">Not visible to your accounts</Badge>;
  if (summary.lastError) return <Badge tone="warning">{`Error: ${summary.lastError.slice(0, 80)}`}</Badge>;
  if (run && run.state === 'running' && run.floodWait) return <Badge tone="warning">{`Waiting for Telegram until ${new Date(run.floodWait.until).toLocaleTimeString()}`}</Badge>;
  if (run && run.state === 'running') return <Badge tone="info">Archiving</Badge>;
  if (summary.hidden) return <Badge tone="neutral">Photos hidden</Badge>;
  return null;
}
