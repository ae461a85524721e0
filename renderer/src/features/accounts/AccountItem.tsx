import { useEffect, useRef, useState } from 'react';
import type { Account, AppError } from '../../../../preload/contract';
import { useApi } from '../../api/api-context';
import { Avatar } from '../../ui/Avatar';
import { Button } from '../../ui/Button';
import { personName } from '../../ui/person-name';
import { AccountStatusBadge } from './AccountStatusBadge';
import { ConnectionStatus } from './ConnectionStatus';
import { formatPhone } from './format-phone';
import type { AccountConnection } from './use-connections';
import './accounts.css';

interface Props {
  readonly account: Account;
  readonly connection: AccountConnection | undefined;
  /** Starts the login wizard for this account (its session ended, or it was logged out). */
  readonly onLogin: (account: Account) => void;
}

export function AccountItem({ account, connection, onLogin }: Props) {
  const api = useApi();
  const name = personName(account.firstName, account.lastName, account.username ? `@${account.username}` : 'Unnamed account');
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const logoutRef = useRef<HTMLButtonElement>(null);
  const wasConfirming = useRef(false);

  // Focus follows the question: onto "Log out" when asked, back to the action when dismissed.
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (wasConfirming.current) logoutRef.current?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);

  async function logout() {
    if (pending) return;
    setPending(true);
    setError(null);
    const outcome = await api.settle('accounts.logout', { accountId: account.id });
    setPending(false);
    if (outcome.ok) setConfirming(false);
    else setError(outcome.error);
  }

  const showConnection = account.status === 'active' && connection && connection.state !== 'needs_login' && connection.state !== 'logged_out';
  return (
    <li className="list-item account-item" aria-label={name}>
      <div className="account-item__row">
        <Avatar id={account.id} name={name} />
        <div className="list-item__body">
          <span className="list-item__title">{name}</span>
          <span className="list-item__meta">
            {account.username && name !== `@${account.username}` && <span>@{account.username}</span>}
            {account.phone && <span>{formatPhone(account.phone)}</span>}
            {showConnection && <ConnectionStatus connection={connection} />}
          </span>
        </div>
        <AccountStatusBadge status={account.status} />
        <div className="account-item__actions">
          {account.status === 'active' ? (
            <Button
              ref={logoutRef}
              variant="ghost"
              className="button--small"
              aria-label={`Log out ${name}`}
              aria-expanded={confirming}
              disabled={confirming}
              onClick={() => setConfirming(true)}
            >
              Log out
            </Button>
          ) : (
            <Button variant="secondary" className="button--small" aria-label={`Log in again as ${name}`} onClick={() => onLogin(account)}>
              Log in again
            </Button>
          )}
        </div>
      </div>
      {confirming && (
        <div className="confirm-box" role="group" aria-label={`Log out ${name}?`}>
          <p>
            <strong>Log out {name}?</strong> This ends the session on Telegram and forgets it on this computer. Photos already archived stay; archiving
            with this account stops until you log in again.
          </p>
          {error && (
            <p className="account-item__error" role="alert">
              {error.message}
            </p>
          )}
          <div className="confirm-box__actions">
            <Button className="button--small" onClick={() => setConfirming(false)} disabled={pending}>
              Keep signed in
            </Button>
            <Button ref={confirmRef} variant="danger" className="button--small" onClick={() => void logout()} disabled={pending} aria-busy={pending}>
              {pending ? 'Logging out…' : 'Log out'}
            </Button>
          </div>
        </div>
      )}
    </li>
  );
}
