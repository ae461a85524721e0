import { useEffect, useId, useRef, useState } from 'react';
import type { Account, AppError, RequestOutput, Target } from '../../../../preload/contract';
import type { PersonSummary } from '../../../../preload/contract/gallery';
import { PersonStatus } from '../gallery/PersonStatus';
import { useApi } from '../../api/api-context';
import { AccountChoice } from './AccountChoice';
import { Avatar } from '../../ui/Avatar';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { personName } from '../../ui/person-name';
import { RelativeTime } from '../../ui/RelativeTime';
import './targets.css';

export type Removal = RequestOutput<'targets.remove'> & { readonly name: string; readonly purge: boolean };

interface Props {
  readonly target: Target;
  /** Counts, avatar and status; undefined while loading. */
  readonly summary?: PersonSummary;
  /** The archive's accounts: with more than one, which one archives this person can be chosen. */
  readonly accounts?: readonly Account[];
  readonly onRemoved: (removal: Removal) => void;
  readonly onOpen?: (target: Target) => void;
}

const count = new Intl.NumberFormat();

/** One person in the archive: pause or resume archiving them, or remove them (asking first, optionally with their photos). */
export function TargetItem({ target, summary, accounts = [], onRemoved, onOpen }: Props) {
  const api = useApi();
  const name = personName(target.firstName, target.lastName, target.username ? `@${target.username}` : `User ${target.userId}`);
  const [confirming, setConfirming] = useState(false);
  const [purge, setPurge] = useState(false);
  const [pending, setPending] = useState<'pause' | 'remove' | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const removeRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);
  const purgeHintId = useId();

  // Focus follows the question: onto "Remove" when asked, back to the action when dismissed.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) removeRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  async function setPaused(paused: boolean) {
    if (pending) return;
    setPending('pause');
    setError(null);
    const outcome = await api.settle('targets.setPaused', { userId: target.userId, paused });
    setPending(null);
    if (!outcome.ok) setError(outcome.error);
  }

  async function remove() {
    if (pending) return;
    setPending('remove');
    setError(null);
    const outcome = await api.settle('targets.remove', { userId: target.userId, purge });
    setPending(null);
    if (outcome.ok) onRemoved({ ...outcome.value, name, purge });
    else setError(outcome.error);
  }

  const cancel = () => {
    setConfirming(false);
    setPurge(false);
    setError(null);
  };

  return (
    <li className="list-item target-item" aria-label={name}>
      <div className="target-item__row">
        <Avatar id={target.userId} name={name} photo={summary?.avatar} />
        <div className="list-item__body">
          {onOpen ? (
            <button type="button" className="list-item__title target-item__open" onClick={() => onOpen(target)} aria-label={`Open ${name}’s photos`}>
              {name}
            </button>
          ) : (
            <span className="list-item__title">{name}</span>
          )}
          <span className="list-item__meta">
            {target.username && name !== `@${target.username}` && <span>@{target.username}</span>}
            {summary && (
              <span>
                {count.format(summary.photos)} photos · {count.format(summary.videos)} videos · {count.format(summary.removed)} removed
              </span>
            )}
            {summary?.lastArchivedAt ? <RelativeTime ms={summary.lastArchivedAt} prefix="Last archived" /> : <RelativeTime ms={target.addedAt} prefix="Added" />}
            <AccountChoice target={target} accounts={accounts} name={name} />
          </span>
        </div>
        {target.paused && <Badge tone="neutral">Paused</Badge>}
        {summary && <PersonStatus summary={summary} />}
        <div className="target-item__actions">
          <Button
            variant="ghost"
            className="button--small"
            aria-label={target.paused ? `Resume archiving ${name}` : `Pause archiving ${name}`}
            disabled={pending !== null || confirming}
            onClick={() => void setPaused(!target.paused)}
          >
            {target.paused ? 'Resume' : 'Pause'}
          </Button>
          <Button
            ref={removeRef}
            variant="ghost"
            className="button--small target-item__remove"
            aria-label={`Remove ${name}`}
            aria-expanded={confirming}
            disabled={confirming || pending !== null}
            onClick={() => setConfirming(true)}
          >
            Remove
          </Button>
        </div>
      </div>
      {error && !confirming && (
        <p className="target-item__error" role="alert">
          {error.message}
        </p>
      )}
      {confirming && (
        <div className="confirm-box" role="group" aria-label={`Remove ${name}?`}>
          <p>
            <strong>Stop archiving {name}?</strong> New profile photos of theirs will no longer be fetched.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={purge} onChange={(e) => setPurge(e.target.checked)} aria-describedby={purgeHintId} disabled={pending !== null} />
            <span>Also delete their archived photos</span>
          </label>
          <p id={purgeHintId} className={purge ? 'target-item__consequence target-item__consequence--danger' : 'target-item__consequence'}>
            {purge
              ? `Every photo and video of ${name} in the archive is deleted from this computer. This cannot be undone.`
              : `The photos already archived stay on this computer; you can add ${name} again at any time to carry on.`}
          </p>
          {error && (
            <p className="target-item__error" role="alert">
              {error.message}
            </p>
          )}
          <div className="confirm-box__actions">
            <Button className="button--small" onClick={cancel} disabled={pending !== null}>
              Keep
            </Button>
            <Button ref={confirmRef} variant="danger" className="button--small" onClick={() => void remove()} disabled={pending !== null} aria-busy={pending === 'remove'}>
              {pending === 'remove' ? 'Removing…' : purge ? 'Remove and delete photos' : 'Remove'}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
