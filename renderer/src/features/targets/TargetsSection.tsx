import { useState } from 'react';
import type { Target } from '../../../../preload/contract';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ErrorState } from '../../ui/ErrorState';
import { LoadingState } from '../../ui/LoadingState';
import { Section } from '../../ui/Section';
import type { Removal } from './TargetItem';
import { TargetList } from './TargetList';
import { useTargetPages } from './use-target-pages';

interface Props {
  /** How many accounts the archive has; null while unknown. Without one, people cannot be added yet. */
  readonly accountCount: number | null;
  readonly onAddPeople: () => void;
  /** Opens a person's page; the list is then clickable. */
  readonly onOpenPerson?: (target: Target) => void;
}

const count = new Intl.NumberFormat();

export function TargetsSection({ accountCount, onAddPeople, onOpenPerson }: Props) {
  const { state, reload, loadMore, loadingMore, moreError } = useTargetPages();
  const data = state.status === 'ready' ? state.data : null;
  const [removal, setRemoval] = useState<Removal | null>(null);
  return (
    <Section
      title="People"
      description="Everyone whose profile photos this archive keeps."
      busy={state.status === 'loading' || (state.status === 'ready' && state.refreshing)}
      aside={
        data && data.total > 0 ? (
          <>
            <span className="section__count">{count.format(data.total)} in archive</span>
            <Button variant="ghost" onClick={onAddPeople} disabled={!accountCount}>
              Add people
            </Button>
          </>
        ) : null
      }
    >
      {removal && <RemovalNotice removal={removal} onDismiss={() => setRemoval(null)} />}
      {state.status === 'loading' && <LoadingState label="Loading people…" rows={3} />}
      {state.status === 'error' && <ErrorState title="Couldn't load the people in your archive." error={state.error} onRetry={reload} />}
      {data && data.items.length > 0 && (
        <>
          <TargetList targets={data.items} onRemoved={setRemoval} onOpen={onOpenPerson} />
          {data.hasMore && (
            <div className="list-footer">
              <span>
                Showing {count.format(data.items.length)} of {count.format(data.total)}
              </span>
              <Button onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : 'Show more'}
              </Button>
            </div>
          )}
          {moreError && (
            <p className="inline-error" role="alert">
              {moreError.message}
            </p>
          )}
        </>
      )}
      {data && data.items.length === 0 && <TargetsEmpty accountCount={accountCount} onAddPeople={onAddPeople} />}
    </Section>
  );
}

function TargetsEmpty({ accountCount, onAddPeople }: Props) {
  if (accountCount === null) return <EmptyState title="No one in the archive yet">People you add will show here.</EmptyState>;
  if (accountCount === 0) {
    return (
      <EmptyState title="No one in the archive yet">
        Once a Telegram account is connected, you can choose the people whose profile photos to keep.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title="No one in the archive yet"
      action={
        <Button variant="primary" onClick={onAddPeople}>
          Add people to archive
        </Button>
      }
    >
      Choose people from your contacts or by @username. Every current and past profile photo of theirs will be kept here.
    </EmptyState>
  );
}

/** What a removal did, in words: who, and what was deleted (or kept). */
function RemovalNotice({ removal, onDismiss }: { readonly removal: Removal; readonly onDismiss: () => void }) {
  let detail: string;
  if (!removal.purge) detail = 'Their archived photos were kept.';
  else if (removal.photosPurged === 0) detail = 'There were no archived photos to delete.';
  else
    detail = `Deleted ${count.format(removal.photosPurged)} archived ${removal.photosPurged === 1 ? 'photo' : 'photos'} (${count.format(removal.filesDeleted)} ${
      removal.filesDeleted === 1 ? 'file' : 'files'
    }).`;
  return (
    <div className="removal-notice" role="status">
      <span>
        <strong>{removal.name} is no longer archived.</strong> {detail}
      </span>
      <Button variant="ghost" className="button--small" onClick={onDismiss}>
        Dismiss
      </Button>
    </div>
  );
}
