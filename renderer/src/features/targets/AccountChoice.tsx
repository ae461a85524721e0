import { useId, useState } from 'react';
import type { Account, AppError, Target } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';
import { personName } from '../../ui/person-name';

interface Props {
  readonly target: Target;
  readonly accounts: readonly Account[];
  readonly name: string;
}

const accountName = (a: Account): string =>
  `${personName(a.firstName, a.lastName, a.username ? `@${a.username}` : `Account ${a.id}`)}${a.status === 'active' ? '' : ' (not logged in)'}`;

/**
 * Which of the archive's accounts a person is archived through (shown when there is more
 * than one). Choosing another asks that account to find them (by id, through its contacts,
 * chats or the people it archives); when it cannot see them, main says so here.
 */
export function AccountChoice({ target, accounts, name }: Props) {
  const api = useApi();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  if (accounts.length < 2) return null;

  async function choose(accountId: number) {
    setBusy(true);
    setError(null);
    const outcome = await api.settle('targets.add', { userId: target.userId, accountId });
    setBusy(false);
    if (!outcome.ok) setError(outcome.error);
  }

  return (
    <span className="account-choice">
      <label htmlFor={id}>Archived through</label>{' '}
      <select
        id={id}
        aria-label={`Account that archives ${name}`}
        value={target.accountId ?? ''}
        disabled={busy}
        onChange={(e) => void choose(Number(e.target.value))}
      >
        {target.accountId === null && <option value="">no account</option>}
        {accounts.map((a) => (
          <option key={a.id} value={a.id} disabled={a.status !== 'active'}>
            {accountName(a)}
          </option>
        ))}
      </select>
      {error && (
        <span className="target-item__error" role="alert">
          {' '}
          {error.message}
        </span>
      )}
    </span>
  );
}
