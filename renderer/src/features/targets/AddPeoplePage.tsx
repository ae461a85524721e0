import { useMemo, useState } from 'react';
import { Avatar } from '../../ui/Avatar';
import { Button } from '../../ui/Button';
import { CheckIcon, DownloadIcon } from '../../ui/icons';
import { PageHeader } from '../../ui/PageHeader';
import { personName } from '../../ui/person-name';
import { useAccounts } from '../accounts/use-accounts';
import { useSync } from '../sync/sync-context';
import { CandidatesCard } from './CandidatesCard';
import { QueryCard } from './QueryCard';
import { useAddTargets, type AddedTarget } from './use-add-targets';
import '../login/login.css';
import './targets.css';

interface Props {
  readonly onBack: () => void;
  /** A run for the people just added started: show it. */
  readonly onArchiving: () => void;
}

const displayName = (t: AddedTarget) => personName(t.firstName, t.lastName, t.username ? `@${t.username}` : `User ${t.userId}`);

/** "Add people": by @username / link / phone, or picked from contacts and chats; then "Archive now". */
export function AddPeoplePage({ onBack, onArchiving }: Props) {
  const accounts = useAccounts();
  const adding = useAddTargets();
  const sync = useSync();
  const addedIds = useMemo(() => new Set(adding.added.map((t) => t.userId)), [adding.added]);
  const hasAccount = accounts.state.status === 'ready' && accounts.state.data.some((a) => a.status === 'active');
  const noAccount = accounts.state.status === 'ready' && !hasAccount;

  return (
    <>
      <PageHeader
        title="Add people"
        subtitle="Choose whose profile photos to keep. Every photo they have set, now and in the past, stays in your archive."
        actions={<Button onClick={onBack}>{adding.added.length > 0 ? 'Done' : 'Back'}</Button>}
      />
      {noAccount && (
        <div className="wizard-card__alert" role="alert">
          <p className="wizard-card__alert-title">No Telegram account is signed in.</p>
          <p>People are found through a signed-in account. Connect one (or log in again) under Accounts first.</p>
        </div>
      )}
      {adding.added.length > 0 && <AddedBar added={adding.added} sync={sync} onArchiving={onArchiving} />}
      <div className="add-people">
        <QueryCard pending={adding.pending === 'query'} disabled={noAccount} onAdd={adding.addQuery} />
        {!noAccount && <CandidatesCard addedIds={addedIds} pending={adding.pending === 'picked'} onAdd={adding.addPicked} />}
      </div>
    </>
  );
}

/** Telegram allows few username lookups a day; say what is left when adding many people by username. */
function lookupsText(left: number): string {
  if (left === 0) return 'No username lookups left for today: add people from your contacts or chats, or try usernames again tomorrow.';
  return `${left} username ${left === 1 ? 'lookup' : 'lookups'} left today (Telegram allows about 200 a day; people from your contacts and chats need none).`;
}

function AddedBar({ added, sync, onArchiving }: { readonly added: readonly AddedTarget[]; readonly sync: ReturnType<typeof useSync>; readonly onArchiving: () => void }) {
  const [started, setStarted] = useState(false);
  const names = added.map(displayName);
  const summary = names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`;
  const busy = sync.run !== null;
  async function archiveNow() {
    if (await sync.start(added.map((t) => t.userId))) {
      setStarted(true);
      onArchiving();
    }
  }
  return (
    <div className="added-bar" role="status" aria-label="Added to your archive">
      <span className="added-bar__check" aria-hidden="true">
        <CheckIcon size={16} />
      </span>
      <div className="added-bar__faces" aria-hidden="true">
        {added.slice(-4).map((t) => (
          <Avatar key={t.userId} id={t.userId} name={displayName(t)} />
        ))}
      </div>
      <div className="added-bar__text">
        <p className="added-bar__title">
          Added {added.length === 1 ? summary : `${added.length} people`} to your archive
        </p>
        <p className="added-bar__detail">
          {added.length === 1 ? 'Their photos are fetched on the next run.' : `${summary}. Their photos are fetched on the next run.`}
          {busy && ' A run is under way now; archive them once it ends.'}
        </p>
        <p className="added-bar__detail">{lookupsText(added.at(-1)!.usernameLookupsLeft)}</p>
        {sync.actionError && sync.pending === null && !started && <p className="added-bar__error">{sync.actionError.message}</p>}
      </div>
      <Button variant="primary" onClick={() => void archiveNow()} disabled={busy || sync.pending !== null} aria-busy={sync.pending === 'start'}>
        <DownloadIcon size={15} /> {sync.pending === 'start' ? 'Starting…' : 'Archive now'}
      </Button>
    </div>
  );
}
